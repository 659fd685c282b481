// `xv32 run FILE.elf`: runs a bare-metal ELF from its entry point in M-mode.
import { readFileSync } from 'node:fs';
import { Machine } from '../emulator/machine.js';
import { ElfError, parseElf } from '../emulator/loader/elf.js';
import { StdoutConsole, StdinFeed } from '../emulator/host/node-console.js';
import { FileDisk } from '../emulator/host/node-file-disk.js';
import { disassemble } from '../emulator/cpu/disasm.js';
import { UsageError } from './usage.js';

export interface RunOptions {
  file: string; maxInsns: number; trace: boolean; stats: boolean; ramMiB: number; jit: boolean; disk?: string;
}

/** Exit status when --max-insns runs out, as timeout(1) does. */
export const EXIT_TIMEOUT = 124;
/** Exit status when the guest waits for an interrupt that nothing can raise. */
export const EXIT_HUNG = 3;

export function parseRunArgs(args: string[]): RunOptions {
  const o: RunOptions = { file: '', maxInsns: Infinity, trace: false, stats: false, ramMiB: 128, jit: true };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--trace') o.trace = true;
    else if (a === '--stats') o.stats = true;
    else if (a === '--no-jit') o.jit = false;
    else if (a === '--disk') {
      o.disk = args[++i];
      if (!o.disk) throw new UsageError('--disk needs an image file');
    }
    else if (a === '--max-insns' || a === '--mem') {
      const v = Number(args[++i]);
      if (!Number.isInteger(v) || v <= 0) throw new UsageError(`${a} needs a positive integer`);
      if (a === '--mem') o.ramMiB = v; else o.maxInsns = v;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (!o.file) o.file = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (!o.file) throw new UsageError('run needs an ELF file');
  return o;
}

export async function runCommand(args: string[]): Promise<number> {
  const o = parseRunArgs(args);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(o.file);
  } catch (e) {
    throw new ElfError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message);
  }
  const image = parseElf(bytes);
  let disk: FileDisk | undefined;
  if (o.disk) {
    try {
      disk = new FileDisk(o.disk);
    } catch (e) {
      throw new UsageError(`cannot open disk image ${o.disk}: ${(e as Error).message}`);
    }
  }
  // A trace shows every instruction, so it runs them one at a time in the interpreter.
  const m = new Machine({
    console: new StdoutConsole(), ramBytes: o.ramMiB * 1024 * 1024, jit: o.jit && !o.trace, disk,
  });
  m.load(image);
  const input = new StdinFeed(m);
  const t0 = performance.now();
  const SLICE = 1_000_000;
  let stop = 'budget';
  while (!m.halted && m.hart.insns < o.maxInsns) {
    if (o.trace) {
      traceOne(m);
      stop = m.run(1);
    } else {
      stop = m.run(Math.min(SLICE, o.maxInsns - m.hart.insns));
    }
    if (stop === 'idle') {
      // Waiting for an interrupt that only input could raise: wait for input, or give up at EOF.
      if (!(await input.wait())) break;
    } else {
      await input.poll();
    }
  }
  input.close();
  disk?.close();
  const seconds = (performance.now() - t0) / 1000;
  if (o.stats) printStats(m, seconds);
  if (m.halted) return m.exitCode;
  if (stop === 'idle') {
    process.stderr.write(`xv32: ${o.file}: the guest waits (wfi) with no interrupt that can wake it; stopped\n`);
    return EXIT_HUNG;
  }
  process.stderr.write(`xv32: ${o.file}: stopped after ${o.maxInsns} instructions (--max-insns)\n`);
  return EXIT_TIMEOUT;
}

function traceOne(m: Machine): void {
  const h = m.hart;
  const pa = h.translateQuiet(h.pc, 0);
  const off = m.bus.ramOffset(pa);
  const lo = off >= 0 ? m.bus.u16[off >>> 1] : 0, hi = off >= 0 ? m.bus.u16[(off >>> 1) + 1] : 0;
  const bits = (lo & 3) === 3 ? ((lo | (hi << 16)) >>> 0).toString(16).padStart(8, '0') : lo.toString(16).padStart(4, '0');
  process.stderr.write(`${['U', 'S', '?', 'M'][h.priv]} ${(h.pc >>> 0).toString(16).padStart(8, '0')} (${bits}) ${disassemble(lo, hi, h.pc)}\n`);
}

function printStats(m: Machine, seconds: number): void {
  const h = m.hart, t = h.tlb;
  const faults = [...h.pageFaults].map((n, cause) => (n ? `${cause}:${n}` : '')).filter(Boolean).join(' ') || 'none';
  const lines = [
    `instructions   ${h.insns}`,
    `retired        ${h.instretCount()}`,
    `exceptions     ${h.exceptions}`,
    `host seconds   ${seconds.toFixed(3)}`,
    `MIPS           ${(h.insns / seconds / 1e6).toFixed(1)}`,
    `tlb load       ${h.loads} accesses, ${h.loads - t.misses[1]} hits, ${t.misses[1]} misses`,
    `tlb store      ${h.stores} accesses, ${h.stores - t.misses[2]} hits, ${t.misses[2]} misses`,
    `tlb fetch      ${t.hits[0] + t.misses[0]} page lookups, ${t.hits[0]} hits, ${t.misses[0]} misses`,
    `page walks     ${h.walks}`,
    `page faults    ${faults} (by cause)`,
    `sfence.vma     ${h.sfences}`,
    `satp writes    ${h.satpWrites}`,
    `blocks compiled ${h.dc.blocksCompiled}`,
  ];
  process.stderr.write(lines.map((l) => `xv32: ${l}\n`).join(''));
}
