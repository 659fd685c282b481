// `xv32 run FILE.elf`: runs a bare-metal ELF from its entry point in M-mode.
import { statSync } from 'node:fs';
import { Machine } from '../emulator/machine.js';
import { ElfError, parseElf, type ElfImage } from '../emulator/loader/elf.js';
import { RAM_BASE } from '../emulator/memory/bus.js';
import { CAUSE_NAMES } from '../emulator/cpu/riscv.js';
import { StdoutConsole, StdinFeed } from '../emulator/host/node-console.js';
import { FileDisk } from '../emulator/host/node-file-disk.js';
import { disassemble } from '../emulator/cpu/disasm.js';
import { InputError, UsageError } from './usage.js';
import { describeFileError, readUserFile } from './file-errors.js';
import { parseMem, parseMisaligned } from './guest.js';
import { GdbServer, parseGdbOption, type GdbOptions } from './gdb-server.js';
import { PROFILE_SLICE, Profiler, SymbolTable } from './profiler.js';

export interface RunOptions {
  file: string; maxInsns: number; trace: boolean; stats: boolean; ramMiB: number; jit: boolean; disk?: string;
  misaligned?: 'trap' | 'emulate';
  profile: boolean;
  gdb: GdbOptions;
}

/** Exit status when --max-insns runs out, as timeout(1) does. */
export const EXIT_TIMEOUT = 124;
/** Exit status when the guest waits for an interrupt that nothing can raise, or is stuck in a
 *  trap loop. */
export const EXIT_HUNG = 3;
/** The same exception this many times in a row (same cause, pc and tval) is a trap loop. */
export const TRAP_LOOP_LIMIT = 10_000;

export function parseRunArgs(args: string[]): RunOptions {
  const o: RunOptions = { file: '', maxInsns: Infinity, trace: false, stats: false, ramMiB: 128, jit: true, gdb: { wait: false }, profile: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const took = parseGdbOption(args, i, o.gdb);
    if (took) { i += took - 1; continue; }
    if (a === '--trace') o.trace = true;
    else if (a === '--stats') o.stats = true;
    else if (a === '--profile') o.profile = true;
    else if (a === '--no-jit') o.jit = false;
    else if (a === '--disk') {
      o.disk = args[++i];
      if (!o.disk) throw new UsageError('--disk needs an image file');
    }
    else if (a === '--mem') o.ramMiB = parseMem(args[++i]);
    else if (a === '--misaligned') o.misaligned = parseMisaligned(args[++i]);
    else if (a === '--max-insns') o.maxInsns = parseCount(a, args[++i]);
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (!o.file) o.file = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (!o.file) throw new UsageError('run needs an ELF file');
  return o;
}

/** A positive integer option value (--max-insns N). */
export function parseCount(option: string, value: string | undefined): number {
  const v = Number(value);
  if (value === undefined || !Number.isInteger(v) || v <= 0) {
    throw new UsageError(`${option} needs a positive integer` + (value === undefined ? '' : `, not '${value}'`));
  }
  return v;
}

export async function runCommand(args: string[]): Promise<number> {
  const o = parseRunArgs(args);
  const bytes = readUserFile(o.file, 'not an ELF file');
  let disk: FileDisk | undefined;
  let m: Machine;
  let image: ElfImage;
  try {
    image = parseElf(bytes);
    if (o.disk) {
      try {
        if (statSync(o.disk).isDirectory()) throw new InputError(`${o.disk}: is a directory, not a disk image`);
        disk = new FileDisk(o.disk);
      } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError(`cannot open disk image ${describeFileError(o.disk, e)}`);
      }
    }
    // A trace shows every instruction, so it runs them one at a time in the interpreter.
    m = new Machine({
      console: new StdoutConsole(), ramBytes: o.ramMiB * 1024 * 1024, jit: o.jit && !o.trace, disk, misaligned: o.misaligned,
    });
    m.load(image);
  } catch (e) {
    disk?.close();
    if (e instanceof ElfError) throw new InputError(`${o.file}: ${e.message}`);
    throw e;
  }
  const input = new StdinFeed(m.uart);
  const gdb = await GdbServer.start(m, o.gdb);
  const t0 = performance.now();
  const symbols = o.profile ? new SymbolTable(image) : undefined;
  const profiler = symbols ? new Profiler(m, { machine: symbols, supervisor: symbols, user: () => ({ name: 'user', symbols }) }) : undefined;
  const SLICE = profiler ? PROFILE_SLICE : 1_000_000;
  let stop = 'budget';
  while (!m.halted && m.hart.insns < o.maxInsns && m.hart.sameTrapRun < TRAP_LOOP_LIMIT) {
    if (gdb?.attached) {
      await gdb.drive(Math.min(100_000, o.maxInsns - m.hart.insns));
      continue;
    }
    if (o.trace) {
      traceOne(m);
      stop = m.run(1);
    } else {
      stop = m.run(Math.min(SLICE, o.maxInsns - m.hart.insns));
      profiler?.sample();
    }
    if (stop === 'idle') {
      // Waiting for an interrupt that only input could raise: wait for input, or give up at EOF.
      if (!(await input.wait())) break;
    } else {
      await input.poll();
    }
  }
  gdb?.close();
  input.close();
  disk?.close();
  const seconds = (performance.now() - t0) / 1000;
  if (o.stats) printStats(m, seconds);
  if (profiler) process.stderr.write(profiler.report());
  if (m.halted) return m.exitCode;
  if (m.hart.sameTrapRun >= TRAP_LOOP_LIMIT) {
    process.stderr.write(`xv32: ${o.file}: ${describeTrapLoop(m)}; stopped\n`);
    return EXIT_HUNG;
  }
  if (stop === 'idle') {
    process.stderr.write(`xv32: ${o.file}: the guest waits (wfi) with no interrupt that can wake it; stopped\n`);
    return EXIT_HUNG;
  }
  process.stderr.write(`xv32: ${o.file}: stopped after ${o.maxInsns} instructions (--max-insns)\n`);
  return EXIT_TIMEOUT;
}

/** What a guest stuck in a trap loop is doing, for the one line that stops it. */
function describeTrapLoop(m: Machine): string {
  const h = m.hart;
  const hex = (v: number) => '0x' + (v >>> 0).toString(16);
  const inRam = (a: number) => (a >>> 0) >= RAM_BASE && (a >>> 0) < RAM_BASE + m.bus.ramSize;
  const vector = h.priv === 3 ? h.mtvec & ~3 : h.stvec & ~3;
  const name = CAUSE_NAMES[h.lastTrapCause] ?? `cause ${h.lastTrapCause}`;
  const why = !inRam(vector)
    ? `no trap handler (${h.priv === 3 ? 'mtvec' : 'stvec'} ${hex(vector)} is not RAM)`
    : `the handler at ${hex(vector)} makes no progress`;
  return `the same trap (${name} at pc ${hex(h.lastTrapPc)}, tval ${hex(h.lastTrapTval)}) ${h.sameTrapRun.toLocaleString('en-US')} times in a row: ${why}`;
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
