// Runs a bare-metal ELF on xv32 in-process, or on QEMU, and returns what a user would see.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { BufferConsole, Machine, parseElf } from './emulator.js';
import { QEMU_CPU } from '../../bench/mips.js';
import { CHILD_TIMEOUT_MS } from './timeouts.js';

export interface RunResult { output: string; exitCode: number; insns: number; stop: string; loads?: number; stores?: number }

/** How the hart executes: the interpreter alone, or every block compiled on its first entry. */
export type ExecMode = 'default' | 'interpreter' | 'compile-all';

export function runOnXv32(path: string, maxInsns = 50_000_000, mode: ExecMode = 'default'): RunResult {
  const con = new BufferConsole();
  const m = new Machine({
    console: con, jit: mode !== 'interpreter', blockThreshold: mode === 'compile-all' ? 1 : undefined,
  });
  m.load(parseElf(readFileSync(path)));
  let stop = 'budget';
  while (!m.halted && m.hart.insns < maxInsns) {
    stop = m.run(Math.min(1_000_000, maxInsns - m.hart.insns));
    if (stop === 'idle') break;
  }
  return {
    output: con.text(), exitCode: m.halted ? m.exitCode : -1, insns: m.hart.insns, stop,
    loads: m.hart.loads, stores: m.hart.stores,
  };
}


/** QEMU arguments for a virtio-mmio version 2 block device backed by the raw image `path`
 * (QEMU's virt machine presents legacy version 1 unless told otherwise). */
export function qemuDiskArgs(path: string): string[] {
  return ['-global', 'virtio-mmio.force-legacy=false', '-drive', `file=${path},if=none,format=raw,id=hd0`,
    '-device', 'virtio-blk-device,drive=hd0,bus=virtio-mmio-bus.0'];
}

export function runOnQemu(path: string, timeoutMs = CHILD_TIMEOUT_MS): RunResult {
  const r = spawnSync('qemu-system-riscv32', ['-machine', 'virt', '-cpu', QEMU_CPU, '-m', '128M',
    '-bios', 'none', '-nographic', '-kernel', path], { timeout: timeoutMs, encoding: 'latin1' });
  return { output: r.stdout, exitCode: r.status ?? -1, insns: 0, stop: r.signal ?? 'halted' };
}
