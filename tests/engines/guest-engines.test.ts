// The whole guest runs the same with compiled blocks as with the interpreter alone: the kernel's
// timer interrupts (every 10 ms of virtual time) land at the same instructions, so scheduling,
// every time the guest reads and every byte it prints agree, and so do the instruction counts.
import { describe, expect, it } from 'vitest';
import { Machine } from '../../emulator/machine.js';
import { MemoryDisk } from '../../emulator/devices/block-backend.js';
import { committedImages } from '../../bench/boot.js';
import { ROOT } from '../support/paths.js';

function runGuest(cmd: string, jit: boolean) {
  const { fw, kernel, disk } = committedImages(ROOT);
  let out = '';
  const m = new Machine({ console: { write(b) { out += String.fromCharCode(...b); } }, disk: new MemoryDisk(disk.slice()), ramBytes: 64 << 20, jit });
  m.bootImages(fw, kernel, cmd);
  // Uneven slices, different for each engine's run, so agreement cannot come from the slicing.
  let slice = jit ? 7_919 : 104_729;
  while (!m.halted && m.hart.insns < 3e9) { m.run(slice); slice = (slice * 7 + 13) % 200_000 + 1_000; }
  return { out, insns: m.hart.insns, mtime: m.mtime(), halted: m.halted };
}

describe('compiled blocks and the interpreter agree on the whole guest', () => {
  it('processes, pipes, files and timer-driven scheduling: same output, instructions and time', () => {
    // forkdemo and cowdemo fork and sleep; the pipe and sleep make the scheduler switch on ticks.
    const cmd = 'ls | wc; forkdemo; cowdemo 16 5 1; sleep 0.2; echo x > f; cat f; cat /proc/meminfo | grep MemFree';
    const jit = runGuest(cmd, true), interp = runGuest(cmd, false);
    expect(jit.halted).toBe(true);
    expect(jit.out).toContain('MemFree:');
    expect(jit.out).toBe(interp.out);
    expect(jit.insns).toBe(interp.insns);
    expect(jit.mtime).toBe(interp.mtime);
  });
});
