// Whole-guest workloads of the memory system, for `npm run bench`: swap throughput (memtouch 40
// in 16 MiB of RAM with 64 MiB of swap: pages written out and read back per second of host
// time), and copying a 16 MiB file with mcp (mmap, MAP_SHARED, memcpy) against cp (read/write),
// in guest instructions and host time. Each runs the committed images on the virtual clock, so the
// instruction counts repeat; host times are medians.
import { Machine } from '../emulator/machine.js';
import { committedImages } from './boot.js';
import { MemoryDisk } from '../emulator/devices/block-backend.js';
import type { KernelModes } from '../emulator/devicetree.js';
import { mkfsLike } from '../kernel-model/mkfs.js';
import { FsImage } from '../kernel-model/fs-image.js';
import { BSIZE } from '../kernel-model/fs-format.js';

export interface SwapFigure { pagesOut: number; pagesIn: number; cleanOut: number; seconds: number; pagesPerSecond: number; instructions: number }
export interface CopyFigure { bytes: number; mcpInstructions: number; cpInstructions: number; mcpSeconds: number; cpSeconds: number }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Run { output: string; marks: { insns: number; ms: number }[] }

/** Boots `xv32 exec`'s way (init runs the command and powers off); records the instruction count
 * and host time at each line the guest prints that starts with '@', looking every `slice`
 * instructions (each look costs a return from the machine: a CPU-bound program is timed with
 * xv32 exec's own slice, 2,000,000). */
export function runGuest(root: string, cmd: string, ramMiB: number, swapMiB: number, modes: KernelModes, image?: Uint8Array,
  slice = 20_000): Run {
  const images = committedImages(root);
  const { fw, kernel } = images, disk = new MemoryDisk((image ?? images.disk).slice());
  let output = '';
  const marks: Run['marks'] = [];
  const m = new Machine({
    console: { write(b) { output += String.fromCharCode(...b); } }, disk, ramBytes: ramMiB << 20,
    swap: swapMiB ? new MemoryDisk(new Uint8Array(swapMiB << 20)) : undefined,
  });
  const t0 = performance.now();
  m.bootImages(fw, kernel, cmd, modes);
  let seenMarks = 0;
  while (!m.halted) {
    m.run(slice);
    const n = (output.match(/^@/gm) ?? []).length;
    for (; seenMarks < n; seenMarks++) marks.push({ insns: m.hart.insns, ms: performance.now() - t0 });
    if (m.hart.insns > 50e9) throw new Error(`the guest did not finish: ${cmd}`);
  }
  return { output, marks };
}

export function measureSwap(root: string, runs = 3): SwapFigure {
  const figures: SwapFigure[] = [];
  for (let i = 0; i < runs; i++) {
    const r = runGuest(root, 'echo @; memtouch 40; echo @; free', 16, 64, { sbrkMode: 'lazy' });
    const s = /written out (\d+), read back (\d+), out without a write (\d+)/.exec(r.output);
    if (!r.output.includes('memtouch: ok 10240 pages') || !s || r.marks.length < 2) throw new Error(`memtouch under swap failed:\n${r.output}`);
    const [pagesOut, pagesIn, cleanOut] = s.slice(1).map(Number);
    const seconds = (r.marks[1].ms - r.marks[0].ms) / 1000;
    figures.push({ pagesOut, pagesIn, cleanOut, seconds, pagesPerSecond: (pagesOut + pagesIn) / seconds, instructions: r.marks[1].insns - r.marks[0].insns });
  }
  const t = median(figures.map((f) => f.seconds));
  return figures.find((f) => f.seconds === t)!;
}

/** The file measureCopy copies: 16 MiB of a fixed pattern (past the indirect block: double-indirect). */
export const COPY_BYTES = 16 << 20;

/** Copies a 16 MiB file with mcp, then in a fresh boot with cp, each from a cold page cache, in
 * the default 128 MiB of RAM on a 40 MiB disk; checks each copy with cmp. Medians of host time. */
export function measureCopy(root: string, runs = 3): CopyFigure {
  const images = committedImages(root);
  const disk = mkfsLike(images.disk, (40 << 20) / BSIZE);
  new FsImage(disk).write('/big', Uint8Array.from({ length: COPY_BYTES }, (_, i) => (i * 2654435761) >>> 24));
  const copy = (prog: string) => {
    const r = runGuest(root, `echo @; ${prog} big copy; echo @; cmp big copy && echo same`, 128, 0, {}, disk);
    if (!r.output.includes('same') || r.marks.length < 2) throw new Error(`${prog} failed:\n${r.output}`);
    return { insns: r.marks[1].insns - r.marks[0].insns, seconds: (r.marks[1].ms - r.marks[0].ms) / 1000 };
  };
  const mcp = [], cp = [];
  for (let i = 0; i < runs; i++) { mcp.push(copy('mcp')); cp.push(copy('cp')); }
  return {
    bytes: COPY_BYTES, mcpInstructions: mcp[0].insns, cpInstructions: cp[0].insns,
    mcpSeconds: median(mcp.map((f) => f.seconds)), cpSeconds: median(cp.map((f) => f.seconds)),
  };
}
