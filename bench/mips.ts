// Guest MIPS on the CPU-bound programs of bench/programs, for xv32 and for QEMU on the same
// ELFs in the same run, and their ratio (see DEVELOPERS: targets are ratios to QEMU's MIPS,
// since machines here differ up to 4x in speed from one session to the next).
import { readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Machine } from '../emulator/machine.js';
import { parseElf } from '../emulator/loader/elf.js';
import { BufferConsole } from '../emulator/host/console.js';

/** QEMU's CPU with exactly xv32's ISA: RV32IMAC with S and U, no F, D or H. */
export const QEMU_CPU = 'rv32,f=false,d=false,h=false';
/** The speed target: 200 MIPS where QEMU ran at 2,500 MIPS, i.e. 1/12 of QEMU's MIPS. */
export const TARGET_RATIO = 1 / 12;

export interface ProgramResult {
  name: string;
  instructions: number;
  xv32Seconds: number;
  xv32Mips: number;
  qemuSeconds?: number;
  qemuMips?: number;
  output: string;
  sameOutput?: boolean;
}

export interface MipsReport {
  programs: ProgramResult[];
  xv32MedianMips: number;
  qemuMedianMips?: number;
  ratio?: number;
  targetMet?: boolean;
  qemuStartupSeconds?: number;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs an ELF to completion on a fresh machine; returns host seconds, instructions, output. */
export function timeOnXv32(elf: Uint8Array, jit = true): { seconds: number; insns: number; output: string } {
  const con = new BufferConsole();
  const m = new Machine({ console: con, jit });
  m.load(parseElf(elf));
  const t0 = performance.now();
  while (!m.halted) {
    if (m.run(10_000_000) === 'idle') throw new Error('benchmark program went idle');
  }
  const seconds = (performance.now() - t0) / 1000;
  if (m.exitCode !== 0) throw new Error(`benchmark program exited with ${m.exitCode}`);
  return { seconds, insns: m.hart.insns, output: con.text() };
}

export function timeOnQemu(path: string): { seconds: number; output: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('qemu-system-riscv32', ['-machine', 'virt', '-cpu', QEMU_CPU, '-m', '128M', '-bios', 'none',
    '-nographic', '-kernel', path], { encoding: 'latin1', timeout: 300_000 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`qemu failed on ${path}: ${r.stderr || r.error?.message}`);
  return { seconds, output: r.stdout };
}

export function qemuAvailable(): boolean {
  return spawnSync('qemu-system-riscv32', ['--version']).status === 0;
}

/**
 * Measures each program `runs` times on each machine and keeps the median time. QEMU's time
 * has its start-up (the median time of a program that powers off at once) taken off.
 */
export function measureMips(dir: string, names: string[], runs = 3, log = (_: string) => {}): MipsReport {
  const withQemu = qemuAvailable();
  let startup = 0;
  if (withQemu) {
    startup = median(Array.from({ length: 5 }, () => timeOnQemu(join(dir, '../_startup.elf')).seconds));
  }
  const programs: ProgramResult[] = [];
  for (const name of names) {
    const path = join(dir, `${name}.elf`);
    const elf = new Uint8Array(readFileSync(path));
    const xs = Array.from({ length: runs }, () => timeOnXv32(elf));
    const seconds = median(xs.map((x) => x.seconds));
    const res: ProgramResult = {
      name, instructions: xs[0].insns, xv32Seconds: seconds, xv32Mips: xs[0].insns / seconds / 1e6, output: xs[0].output,
    };
    if (withQemu) {
      const qs = Array.from({ length: runs }, () => timeOnQemu(path));
      res.qemuSeconds = Math.max(1e-3, median(qs.map((q) => q.seconds)) - startup);
      res.qemuMips = res.instructions / res.qemuSeconds / 1e6;
      res.sameOutput = qs[0].output === res.output;
    }
    log(formatRow(res));
    programs.push(res);
  }
  const report: MipsReport = { programs, xv32MedianMips: median(programs.map((p) => p.xv32Mips)) };
  if (withQemu) {
    report.qemuStartupSeconds = startup;
    report.qemuMedianMips = median(programs.map((p) => p.qemuMips!));
    report.ratio = report.xv32MedianMips / report.qemuMedianMips;
    report.targetMet = report.ratio >= TARGET_RATIO;
  }
  return report;
}

export const TABLE_HEADER =
  '| program | instructions | xv32 MIPS | QEMU MIPS | xv32/QEMU |\n|---|---:|---:|---:|---:|';

export function formatRow(p: ProgramResult): string {
  const q = p.qemuMips !== undefined ? p.qemuMips.toFixed(0) : 'n/a';
  const ratio = p.qemuMips !== undefined ? (p.xv32Mips / p.qemuMips).toFixed(3) : 'n/a';
  return `| ${p.name} | ${p.instructions.toLocaleString('en-US')} | ${p.xv32Mips.toFixed(0)} | ${q} | ${ratio} |` +
    (p.sameOutput === false ? ' (output differs from QEMU!)' : '');
}

export function formatSummary(r: MipsReport): string {
  const lines = [`| **median** | | **${r.xv32MedianMips.toFixed(0)}** | **${r.qemuMedianMips?.toFixed(0) ?? 'n/a'}** | ` +
    `**${r.ratio?.toFixed(3) ?? 'n/a'}** |`];
  if (r.ratio !== undefined) {
    lines.push('', `Target: xv32's median at least 1/12 (${TARGET_RATIO.toFixed(3)}) of QEMU's: ` +
      `${r.targetMet ? 'met' : 'NOT met'} (ratio ${r.ratio.toFixed(3)}; ` +
      `${(r.ratio * 2500).toFixed(0)} MIPS on a host where QEMU runs 2,500 MIPS).`);
  } else {
    lines.push('', 'qemu-system-riscv32 not found: no reference figures (install qemu-system-misc).');
  }
  return lines.join('\n');
}

export function benchProgramsDir(root: string): string | undefined {
  const dir = join(root, 'build/bench/scaled');
  return existsSync(dir) ? dir : undefined;
}

/** The MMU target: with Sv32 on (identity megapages, S-mode), MIPS within 15% of MMU off. */
export const MMU_TARGET_RATIO = 0.85;

export interface MmuRow { name: string; offMips: number; onMips: number; walks: number }

/** MIPS of the same programs with the MMU off (M-mode, bare) and on (S-mode, Sv32). */
export function measureMmuOverhead(offDir: string, onDir: string, names: string[], runs: number,
  log = (_: string) => {}): { rows: MmuRow[]; medianRatio: number; targetMet: boolean } {
  const rows: MmuRow[] = [];
  for (const name of names) {
    const off = new Uint8Array(readFileSync(join(offDir, `${name}.elf`)));
    const on = new Uint8Array(readFileSync(join(onDir, `${name}.elf`)));
    // Off and on taken in turn, so a change in the machine's speed weighs on both alike.
    const offRuns: { insns: number; seconds: number }[] = [], onRuns: typeof offRuns = [];
    for (let i = 0; i < runs; i++) { offRuns.push(timeOnXv32(off)); onRuns.push(timeOnXv32(on)); }
    const mips = (xs: typeof offRuns) => xs[0].insns / median(xs.map((x) => x.seconds)) / 1e6;
    const row = { name, offMips: mips(offRuns), onMips: mips(onRuns), walks: 0 };
    log(`| ${name} | ${row.offMips.toFixed(0)} | ${row.onMips.toFixed(0)} | ${(row.onMips / row.offMips).toFixed(3)} |`);
    rows.push(row);
  }
  // Each program against itself: a ratio of the two medians would compare different programs
  // whenever one of them is the median program with the MMU off and another with it on.
  const medianRatio = median(rows.map((r) => r.onMips / r.offMips));
  return { rows, medianRatio, targetMet: medianRatio >= MMU_TARGET_RATIO };
}
