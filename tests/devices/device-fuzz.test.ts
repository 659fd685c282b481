// A hostile guest against the devices: requests built to make the host allocate gigabytes, chains
// that loop, rings that claim 65,535 new entries, and then seeded random register writes and
// random descriptor tables at every device of the machine. Nothing may throw, no request may make
// the disk backend move more than VIRTIO_BLK_MAX_TRANSFER bytes, and a broken chain gets a reset
// request (DEVICE_NEEDS_RESET) rather than a guess.
import { describe, expect, it } from 'vitest';
import { Machine, BufferConsole } from '../support/emulator.js';
import { MemoryDisk, type BlockBackend } from '../../emulator/devices/block-backend.js';
import { VIRTIO_BLK_MAX_TRANSFER, VIRTIO_QUEUE_NUM_MAX } from '../../emulator/devices/virtio-blk.js';
import { SOAK_TIMEOUT_MS, soak } from '../support/soak.js';
import { CLINT_BASE, PLIC_BASE, SYSCON_BASE, UART0_BASE, VIRTIO0_BASE } from '../../emulator/machine.js';
import { xorshift } from '../support/xorshift.js';

const RAM = 0x8000_0000;
const RAM_BYTES = 1 << 20;
const DESC = RAM + 0x1000, AVAIL = RAM + 0x2000, USED = RAM + 0x3000, HEADER = RAM + 0x4000, STATUS = RAM + 0x5000;
const MMIO_STATUS = 0x070, QUEUE_NUM = 0x038, QUEUE_DESC = 0x080, QUEUE_DRIVER = 0x090, QUEUE_DEVICE = 0x0a0,
  QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050;
const NEEDS_RESET = 64;
const F_NEXT = 1, F_WRITE = 2;

/** A disk that records the largest transfer it was asked for. */
class WatchedDisk implements BlockBackend {
  readonly inner = new MemoryDisk(new Uint8Array(8 << 20));
  readonly readOnly = false;
  largest = 0;
  reads = 0;
  writes = 0;
  get size() { return this.inner.size; }
  read(offset: number, length: number) { this.largest = Math.max(this.largest, length); this.reads++; return this.inner.read(offset, length); }
  write(offset: number, data: Uint8Array) { this.largest = Math.max(this.largest, data.length); this.writes++; this.inner.write(offset, data); }
  flush() {}
}

function machine() {
  const disk = new WatchedDisk();
  const m = new Machine({ console: new BufferConsole(), ramBytes: RAM_BYTES, disk });
  const dv = new DataView(m.bus.u8.buffer);
  const w32 = (a: number, v: number) => dv.setUint32(a - RAM, v >>> 0, true);
  const w16 = (a: number, v: number) => dv.setUint16(a - RAM, v & 0xffff, true);
  const blk = m.bus.findDevice(VIRTIO0_BASE)!.device;
  const queue = (num = 8) => {
    blk.write(MMIO_STATUS, 4, 0); // reset; the driver sets its rings up afresh
    w32(AVAIL, 0); w32(USED, 0);
    blk.write(MMIO_STATUS, 4, 1 | 2 | 8);
    blk.write(QUEUE_NUM, 4, num);
    blk.write(QUEUE_DESC, 4, DESC); blk.write(QUEUE_DRIVER, 4, AVAIL); blk.write(QUEUE_DEVICE, 4, USED);
    blk.write(QUEUE_READY, 4, 1);
  };
  const desc = (i: number, addr: number, len: number, flags: number, next: number) => {
    w32(DESC + 16 * i, addr); w32(DESC + 16 * i + 4, 0); w32(DESC + 16 * i + 8, len);
    w16(DESC + 16 * i + 12, flags); w16(DESC + 16 * i + 14, next);
  };
  /** Puts descriptor `head` in the available ring (advanced by `count`) and notifies. */
  const notify = (head = 0, count = 1) => {
    const idx = dv.getUint16(AVAIL + 2 - RAM, true);
    w16(AVAIL + 4 + 2 * (idx % 8), head);
    w16(AVAIL + 2, idx + count);
    blk.write(QUEUE_NOTIFY, 4, 0);
  };
  const header = (type: number, sector: number) => { w32(HEADER, type); w32(HEADER + 4, 0); w32(HEADER + 8, sector); w32(HEADER + 12, 0); };
  const needsReset = () => (blk.read(MMIO_STATUS, 4) & NEEDS_RESET) !== 0;
  const status = () => m.bus.u8[STATUS - RAM];
  return { m, disk, blk, queue, desc, notify, header, needsReset, status, w32 };
}

describe('virtio block device against a hostile driver', () => {
  it('refuses six writable buffers of 4 GiB each without allocating them', () => {
    const t = machine();
    t.queue();
    t.header(0, 0);
    t.desc(0, HEADER, 16, F_NEXT, 1);
    for (let i = 1; i <= 6; i++) t.desc(i, RAM + 0x6000, 0xffff_ffff, F_WRITE | (i < 6 ? F_NEXT : 0), i + 1);
    expect(() => t.notify()).not.toThrow();
    expect(t.needsReset()).toBe(true); // the buffers do not fit in RAM
    expect(t.disk.reads).toBe(0);
  });

  it('answers IOERR to a request longer than the transfer limit, made of buffers that each fit in RAM', () => {
    const t = machine();
    t.queue();
    t.header(1, 0); // a write: six readable buffers of 900 KiB, all over the same RAM
    t.desc(0, HEADER, 16, F_NEXT, 1);
    for (let i = 1; i <= 6; i++) t.desc(i, RAM, 900 << 10, F_NEXT, i + 1);
    t.desc(7, STATUS, 1, F_WRITE, 0);
    t.m.bus.u8[STATUS - RAM] = 0xff;
    t.notify();
    expect(t.status()).toBe(1); // VIRTIO_BLK_S_IOERR
    expect(t.needsReset()).toBe(false);
    expect(t.disk.writes).toBe(0);
  });

  it('asks for a reset on a chain that loops, an index past the queue, or a readable buffer after a writable one', () => {
    const cases: [string, (t: ReturnType<typeof machine>) => void][] = [
      ['loop', (t) => { t.desc(0, HEADER, 16, F_NEXT, 1); t.desc(1, RAM + 0x6000, 512, F_WRITE | F_NEXT, 0); }],
      ['past the queue', (t) => { t.desc(0, HEADER, 16, F_NEXT, 9); }],
      ['readable after writable', (t) => { t.desc(0, STATUS, 1, F_WRITE | F_NEXT, 1); t.desc(1, HEADER, 16, 0, 0); }],
    ];
    for (const [name, build] of cases) {
      const t = machine();
      t.queue();
      t.header(0, 0);
      build(t);
      expect(() => t.notify(), name).not.toThrow();
      expect(t.needsReset(), name).toBe(true);
      expect(t.disk.reads, name).toBe(0);
    }
  });

  it('asks for a reset when the available index runs 65,535 entries ahead', () => {
    const t = machine();
    t.queue();
    t.header(0, 0);
    t.desc(0, HEADER, 16, F_NEXT, 1); t.desc(1, RAM + 0x6000, 512, F_WRITE | F_NEXT, 2); t.desc(2, STATUS, 1, F_WRITE, 0);
    t.notify(0, 0xffff);
    expect(t.needsReset()).toBe(true);
    expect(t.disk.reads).toBe(0);
  });

  it('still serves good requests after a reset', () => {
    const t = machine();
    t.queue();
    t.desc(0, HEADER, 16, F_NEXT, 9);
    t.notify();
    expect(t.needsReset()).toBe(true);
    t.queue();
    t.header(0, 2);
    t.desc(0, HEADER, 16, F_NEXT, 1); t.desc(1, RAM + 0x6000, 1024, F_WRITE | F_NEXT, 2); t.desc(2, STATUS, 1, F_WRITE, 0);
    t.m.bus.u8[STATUS - RAM] = 0xff;
    t.notify();
    expect(t.status()).toBe(0);
    expect(t.disk.reads).toBe(1);
  });
});


const SEEDS = soak(40, 2000);

describe('every device under random register writes and random descriptor tables', () => {
  it(`never throws, never moves more than the transfer limit, and the machine still runs (${SEEDS * 50} rounds)`, () => {
    const devices = [
      { base: VIRTIO0_BASE, span: 0x200 }, { base: UART0_BASE, span: 8 }, { base: PLIC_BASE, span: 0x600000 },
      { base: CLINT_BASE, span: 0x10000 }, { base: SYSCON_BASE, span: 0x1000 },
    ];
    let cases = 0, served = 0, resets = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rnd = xorshift(seed), t = machine();
      // Power-off and reset writes to the syscon are legitimate: the machine just stops or resets.
      const interesting = () => [0, 1, 2, 4, 8, 64, 0x5555, 0x7777, 0xffff_ffff, RAM, RAM + 0x6000, rnd()][rnd() % 12];
      for (let round = 0; round < 50; round++, cases++) {
        // Random register accesses, the syscon's power-off among them.
        for (let j = 0; j < 20; j++) {
          const d = devices[rnd() % devices.length];
          const dev = t.m.bus.findDevice(d.base)!.device;
          const off = (rnd() % d.span) & ~3, size = [1, 2, 4][rnd() % 3];
          if (rnd() & 1) dev.write(off, size, interesting()); else dev.read(off, size);
        }
        // Then a queue and a random descriptor table, and a notify.
        const num = [1, 2, 8, 64, VIRTIO_QUEUE_NUM_MAX + 5, 3][rnd() % 6];
        t.queue(num);
        for (let i = 0; i < Math.min(num, VIRTIO_QUEUE_NUM_MAX); i++) {
          const addr = [HEADER, RAM + 0x6000 + (rnd() % 0x8000), rnd(), RAM + RAM_BYTES - (rnd() % 64), STATUS][rnd() % 5];
          const len = [16, 512, 1024, 1, 0, rnd(), rnd() % 0x10_0000, 0xffff_ffff][rnd() % 8];
          t.desc(i, addr, len, rnd() & 7, rnd() % (num + 2));
        }
        if (num >= 3 && rnd() % 2) {
          // A plausible request (header, data, status), one field of it sometimes garbled.
          t.desc(0, HEADER, 16, F_NEXT, 1);
          t.desc(1, RAM + 0x6000, [512, 1024, 4096, rnd() % 8192][rnd() % 4], F_NEXT | (rnd() & F_WRITE), 2);
          t.desc(2, STATUS, 1, F_WRITE, 0);
          if (rnd() % 3 === 0) t.w32(DESC + 16 * (rnd() % 3) + 4 * (rnd() % 4), interesting());
        }
        t.header([0, 1, 4, 8, rnd()][rnd() % 5], [0, 1, 2047, 2048, rnd()][rnd() % 5]);
        const before = t.disk.reads + t.disk.writes;
        expect(() => t.notify(rnd() % 4 ? 0 : rnd() % (num + 1), 1 + (rnd() % 4 ? 0 : rnd() % 3))).not.toThrow();
        if (t.disk.reads + t.disk.writes > before) served++;
        if (t.needsReset()) resets++;
      }
      expect(t.disk.largest).toBeLessThanOrEqual(VIRTIO_BLK_MAX_TRANSFER);
      // The machine runs on: a reset of the hart, then a few instructions from RAM.
      expect(() => t.m.run(1000)).not.toThrow();
    }
    // The cases reached both outcomes (served and refused).
    expect(cases).toBe(SEEDS * 50);
    expect(served).toBeGreaterThan(SEEDS / 2);
    expect(resets).toBeGreaterThan(SEEDS * 5);
  }, SOAK_TIMEOUT_MS);
});
