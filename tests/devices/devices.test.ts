// The devices a kernel needs, driven by a bare-metal driver (tests/devices/programs) on xv32
// and on QEMU, and their edge cases through their registers.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CLI, ROOT } from '../support/paths.js';
import { QEMU_CPU } from '../../bench/mips.js';
import { qemuDiskArgs } from '../support/run-elf.js';
import { Plic } from '../../emulator/devices/plic.js';
import { VirtioBlk } from '../../emulator/devices/virtio-blk.js';
import { MemoryDisk } from '../../emulator/devices/block-backend.js';
import { Bus } from '../../emulator/memory/bus.js';
import { Dma } from '../../emulator/memory/dma.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

const elf = join(ROOT, 'build/devices/virtio-uart.elf');
function diskImage(dir: string, name: string): string {
  const d = new Uint8Array(65536);
  d.set(new TextEncoder().encode('xv32 disk sector 0'));
  const f = join(dir, name);
  writeFileSync(f, d);
  return f;
}

describe('virtio block device, PLIC and UART interrupts, on xv32 and QEMU', () => {
  it('the driver test prints the same and leaves the same disk image on both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xv32-dev-'));
    const qimg = diskImage(dir, 'q.img'), ximg = diskImage(dir, 'x.img');
    // QEMU drops input it has not passed on when stdin closes, so type the line once the guest
    // is waiting for it and keep stdin open until QEMU exits.
    const q = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
      const p = spawn('qemu-system-riscv32', ['-machine', 'virt', '-cpu', QEMU_CPU, '-bios', 'none',
        '-nographic', ...qemuDiskArgs(qimg), '-kernel', elf]);
      let stdout = '', typed = false;
      const timer = setTimeout(() => p.kill(), CHILD_TIMEOUT_MS);
      p.stdout.setEncoding('latin1');
      p.stdout.on('data', (d: string) => {
        stdout += d;
        if (!typed && stdout.includes('virtio interrupts')) { typed = true; p.stdin.write('hi there\n'); }
      });
      p.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout }); });
    });
    const x = spawnSync('node', [CLI, 'run', '--disk', ximg, elf], { input: 'hi there\n', encoding: 'latin1' });
    expect(q.status).toBe(0);
    expect(x.status).toBe(0);
    expect(x.stdout).toBe(q.stdout);
    expect(x.stdout).toContain('read back: status 0');
    expect(x.stdout).toContain('read past the end: status 1');
    expect(x.stdout).toContain('received: hi there\n');
    expect(readFileSync(ximg).equals(readFileSync(qimg))).toBe(true);
    expect(readFileSync(ximg)[2 * 512 + 1]).toBe(8); // the written pattern reached the file
  });
});

describe('PLIC', () => {
  it('presents the highest-priority enabled source above the threshold, once per claim', () => {
    const p = new Plic();
    let lines = 0;
    p.onChange = (l) => { lines = l; };
    p.write(4 * 1, 4, 1);
    p.write(4 * 10, 4, 3);
    p.write(0x2000 + 0x80, 4, (1 << 1) | (1 << 10)); // context 1 (S) enables
    p.setLevel(1, true);
    p.setLevel(10, true);
    expect(lines).toBe(2); // S-mode line only: context 0 enables nothing
    expect(p.read(0x200000 + 0x1000 + 4, 4)).toBe(10); // claim: priority 3 first
    expect(p.read(0x200000 + 0x1000 + 4, 4)).toBe(1);
    expect(p.read(0x200000 + 0x1000 + 4, 4)).toBe(0);
    expect(lines).toBe(0);
    p.write(0x200000 + 0x1000 + 4, 4, 10); // complete 10: its line is still high, so it pends again
    expect(lines).toBe(2);
    p.setLevel(10, false);
    p.write(0x200000 + 0x1000, 4, 5); // threshold above every priority
    expect(lines).toBe(0);
  });
});

describe('virtio block device errors', () => {
  const setup = (disk: MemoryDisk) => {
    const bus = new Bus(1 << 20);
    const dev = new VirtioBlk(disk, new Dma(bus, () => {}));
    const RAM = 0x80000000;
    const w32 = (a: number, v: number) => { bus.i32[(a - RAM) >> 2] = v; };
    // Queue of 8 at RAM+0x1000 (desc), +0x2000 (avail), +0x3000 (used); request at +0x4000.
    dev.write(0x070, 4, 1 | 2 | 8);
    dev.write(0x038, 4, 8);
    dev.write(0x080, 4, RAM + 0x1000);
    dev.write(0x090, 4, RAM + 0x2000);
    dev.write(0x0a0, 4, RAM + 0x3000);
    dev.write(0x044, 4, 1);
    const submit = (type: number, sector: number, dataAddr: number, len: number, write = type === 0) => {
      w32(RAM + 0x4000, type); w32(RAM + 0x4008, sector);
      const d = (i: number, addr: number, l: number, flags: number, next: number) => {
        w32(RAM + 0x1000 + 16 * i, addr); w32(RAM + 0x1004 + 16 * i, 0); w32(RAM + 0x1008 + 16 * i, l);
        w32(RAM + 0x100c + 16 * i, flags | (next << 16));
      };
      d(0, RAM + 0x4000, 16, 1, 1);
      d(1, dataAddr, len, 1 | (write ? 2 : 0), 2);
      d(2, RAM + 0x5000, 1, 2, 0);
      const idx = bus.u16[(0x2002) >> 1];
      bus.u16[(0x2004 + 2 * (idx % 8)) >> 1] = 0;
      bus.u16[0x2002 >> 1] = idx + 1;
      dev.write(0x050, 4, 0);
      return bus.u8[0x5000];
    };
    return { dev, submit, RAM };
  };
  it('answers IOERR for a read past the end and for a write to a read-only disk', () => {
    const { submit, RAM } = setup(new MemoryDisk(new Uint8Array(4096)));
    expect(submit(0, 7, RAM + 0x6000, 512)).toBe(0);
    expect(submit(0, 8, RAM + 0x6000, 512)).toBe(1);
    const ro = new MemoryDisk(new Uint8Array(4096));
    (ro as { readOnly: boolean }).readOnly = true;
    expect(setup(ro).submit(1, 0, setup(ro).RAM + 0x6000, 512)).toBe(1);
  });
  it('asks for a reset instead of touching memory outside RAM', () => {
    const { dev, submit } = setup(new MemoryDisk(new Uint8Array(4096)));
    submit(0, 0, 0x10, 512); // a buffer in the device hole at 0x10
    expect(dev.read(0x070, 4) & 64).toBe(64); // DEVICE_NEEDS_RESET
  });
});
