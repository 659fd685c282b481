// The five CPU-bound programs as user programs under xv32's kernel (U-mode, 4 KiB pages through
// the kernel's page table, the timer interrupting, output through write()), against the same
// programs bare-metal in M-mode: issue 19's "user programs under the kernel within 15% of the
// same programs bare-metal". The user builds are build/bench/user/NAME (bench/programs/Makefile);
// each runs under `xv32 exec`'s way of booting (runGuest), timed between two marks it prints
// around the program, so boot and the shell are not counted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { committedImages } from './boot.js';
import { runGuest } from './memory-workloads.js';
import { median, timeOnXv32 } from './mips.js';
import { FsImage } from '../kernel-model/fs-image.js';

export interface UnderKernelRow { name: string; bareSeconds: number; kernelSeconds: number; kernelInstructions: number }

/** The slice `xv32 exec` runs the machine in (cli/exec-command.ts), so marks cost what exec's loop costs. */
const EXEC_SLICE = 2_000_000;

/** The target: bare-metal time / time under the kernel at least this (within 15%). */
export const UNDER_KERNEL_TARGET = 0.85;

export function measureUnderKernel(root: string, names: string[], runs = 3, log = (_: string) => {}):
  { rows: UnderKernelRow[]; medianRatio: number; targetMet: boolean } {
  const disk = committedImages(root).disk.slice();
  const fs = new FsImage(disk);
  for (const name of names) fs.write(`/${name}`, new Uint8Array(readFileSync(join(root, 'build/bench/user', name))));
  const rows: UnderKernelRow[] = [];
  for (const name of names) {
    const bare = new Uint8Array(readFileSync(join(root, 'build/bench/scaled', `${name}.elf`)));
    const bareSeconds: number[] = [], kernelSeconds: number[] = [];
    let kernelInstructions = 0;
    // Bare-metal and under the kernel in turn, so a change in the machine's speed weighs on both.
    for (let i = 0; i < runs; i++) {
      const b = timeOnXv32(bare);
      bareSeconds.push(b.seconds);
      const r = runGuest(root, `echo @; ${name}; echo @`, 128, 0, {}, disk, EXEC_SLICE);
      if (r.marks.length < 2 || !r.output.includes(b.output)) {
        throw new Error(`${name} under the kernel did not print what it prints bare-metal:\n${r.output.slice(-500)}`);
      }
      kernelSeconds.push((r.marks[1].ms - r.marks[0].ms) / 1000);
      kernelInstructions = r.marks[1].insns - r.marks[0].insns;
    }
    const row = { name, bareSeconds: median(bareSeconds), kernelSeconds: median(kernelSeconds), kernelInstructions };
    log(`| ${name} | ${row.bareSeconds.toFixed(3)} | ${row.kernelSeconds.toFixed(3)} | ${kernelInstructions.toLocaleString('en-US')} | ` +
      `${(row.bareSeconds / row.kernelSeconds).toFixed(3)} |`);
    rows.push(row);
  }
  const medianRatio = median(rows.map((r) => r.bareSeconds / r.kernelSeconds));
  return { rows, medianRatio, targetMet: medianRatio >= UNDER_KERNEL_TARGET };
}
