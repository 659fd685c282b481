// A snapshot holds the whole machine: a machine restored from one continues exactly as the one
// it was taken from would have (same output, same instructions, same RAM and disk), and a file
// that is not a snapshot is refused with a message.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/paths.js';
import { Machine, parseElf, BufferConsole, MemoryDisk, encodeSnapshot, decodeSnapshot, SnapshotError } from '../support/emulator.js';

const image = (name: string) => parseElf(readFileSync(join(ROOT, 'images', name)));

/** Runs until the console prints a new prompt (at most `slices` slices of 1M instructions). */
function runToPrompt(m: InstanceType<typeof Machine>, out: InstanceType<typeof BufferConsole>, slices = 400): void {
  const from = out.text().length;
  const done = () => out.text().length > from && out.text().endsWith('$ ');
  for (let i = 0; i < slices && !done(); i++) m.run(1_000_000);
  expect(done()).toBe(true);
}

describe('snapshots', () => {
  it('a machine restored at the shell prompt continues exactly as the original does', async () => {
    const outA = new BufferConsole();
    const a = new Machine({ console: outA, ramBytes: 32 << 20, disk: new MemoryDisk(new Uint8Array(readFileSync(join(ROOT, 'images/fs.img')))) });
    a.bootImages(image('firmware.elf'), image('kernel.elf'), '', { forkMode: 'cow' });
    runToPrompt(a, outA);
    const file = await encodeSnapshot(a.snapshot({ note: 'test' }));
    // Far smaller than 32 MiB of RAM and 4 MiB of disk: uniform pages are stored as one byte.
    expect(file.length).toBeLessThan(2 << 20);
    const snap = await decodeSnapshot(file);
    expect(snap.meta).toEqual({ note: 'test' });
    const outB = new BufferConsole();
    const b = new Machine({ console: outB, ramBytes: snap.ram.length, disk: new MemoryDisk(snap.disk!) });
    b.restore(snap);
    expect(b.hart.instretCount()).toBe(a.hart.instretCount());
    expect(b.mtime()).toBe(a.mtime());
    const before = outA.text().length;
    for (const [m, out] of [[a, outA], [b, outB]] as const) {
      m.uart.receive(new TextEncoder().encode('echo snap > f; cat f; forkcost 2\n'));
      runToPrompt(m, out);
    }
    const after = outA.text().slice(before);
    expect(after).toContain('snap\n');
    expect(outB.text()).toBe(after);
    expect(b.hart.instretCount()).toBe(a.hart.instretCount());
    expect(b.hart.pc).toBe(a.hart.pc);
    expect(Buffer.compare(b.bus.u8, a.bus.u8)).toBe(0);
    expect(Buffer.compare(b.diskBackend!.read(0, 4 << 20), a.diskBackend!.read(0, 4 << 20))).toBe(0);
  });

  it('keeps the trigger module: a restored machine has the same triggers armed', async () => {
    const a = new Machine({ console: new BufferConsole(), ramBytes: 1 << 20 });
    const t = a.hart.triggers;
    t.writeTselect(1);
    t.writeTdata2(0x8000_0100);
    t.writeTdata1((2 << 28) | 0x40 | 2); // mcontrol, M-mode, store
    const snap = await decodeSnapshot(await encodeSnapshot(a.snapshot()));
    const b = new Machine({ console: new BufferConsole(), ramBytes: snap.ram.length });
    b.restore(snap);
    expect([b.hart.triggers.tselect, b.hart.triggers.readTdata1() >>> 0, b.hart.triggers.readTdata2() >>> 0])
      .toEqual([1, 0x2000_0042, 0x8000_0100]);
    expect(b.hart.triggers.dataArmed).toBe(true);
    expect(b.hart.triggers.execArmed).toBe(false);
  });
  it('refuses what is not a snapshot, with a reason', async () => {
    await expect(decodeSnapshot(new TextEncoder().encode('hello'))).rejects.toThrow(/not an xv32 snapshot/);
    const good = await encodeSnapshot({ state: {} as never, ram: new Uint8Array(8192), meta: {} });
    await expect(decodeSnapshot(good.subarray(0, good.length - 9))).rejects.toThrow(/damaged xv32 snapshot/);
    await expect(decodeSnapshot(good.subarray(0, good.length - 9))).rejects.toBeInstanceOf(SnapshotError);
  });

  it('refuses a snapshot for a machine of another size', async () => {
    const m = new Machine({ console: new BufferConsole(), ramBytes: 16 << 20 });
    const snap = await decodeSnapshot(await encodeSnapshot(m.snapshot()));
    const other = new Machine({ console: new BufferConsole(), ramBytes: 32 << 20 });
    expect(() => other.restore(snap)).toThrow(/16 MiB of RAM, the machine 32 MiB/);
  });
});
