// Whole-guest workloads of the memory system, for `npm run bench`: swap throughput (memtouch 40
// in 16 MiB of RAM with 64 MiB of swap: pages written out and read back per second of host
// time), and copying a file with mcp (mmap, MAP_SHARED, memcpy) against cp (read/write), in
// guest instructions and host time. Each runs the committed images on the virtual clock, so the
// instruction counts repeat; host times are medians.
import { Machine } from '../emulator/machine.js';
import { committedImages } from './boot.js';
import { MemoryDisk } from '../emulator/devices/block-backend.js';
import type { KernelModes } from '../emulator/devicetree.js';

export interface SwapFigure { pagesOut: number; pagesIn: number; cleanOut: number; seconds: number; pagesPerSecond: number; instructions: number }
export interface CopyFigure { bytes: number; mcpInstructions: number; cpInstructions: number; mcpSeconds: number; cpSeconds: number }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Run { output: string; marks: { insns: number; ms: number }[] }

/** Boots `xv32 exec`'s way (init runs the command and powers off); records the instruction count
 * and host time at each line the guest prints that starts with '@'. */
function runGuest(root: string, cmd: string, ramMiB: number, swapMiB: number, modes: KernelModes): Run {
  const images = committedImages(root);
  const { fw, kernel } = images, disk = new MemoryDisk(images.disk);
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
    m.run(20_000);
    const n = (output.match(/^@/gm) ?? []).length;
    for (; seenMarks < n; seenMarks++) marks.push({ insns: m.hart.insns, ms: performance.now() - t0 });
    if (m.hart.insns > 20e9) throw new Error(`the guest did not finish: ${cmd}`);
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

export function measureCopy(root: string, runs = 3): CopyFigure {
  // A 213 KiB file made by cat, near the 268 KiB an xv6 inode holds (12 direct blocks, one indirect).
  const make = 'cat README README README > a; cat a a a a > b; cat b b b b > g; cat g g g g g g g g > h; cat h h h h h h h h > c';
  const out: CopyFigure[] = [];
  for (let i = 0; i < runs; i++) {
    const r = runGuest(root, `${make}; ls c; echo @; mcp c d; echo @; cp c e; echo @; cmp c d && cmp c e && echo same`, 64, 0, {});
    const size = /^c +2 \d+ (\d+)$/m.exec(r.output);
    if (!size || !r.output.includes('same') || r.marks.length < 3) throw new Error(`mcp/cp failed:\n${r.output}`);
    const [a, b, c] = r.marks;
    out.push({ bytes: Number(size[1]), mcpInstructions: b.insns - a.insns, cpInstructions: c.insns - b.insns, mcpSeconds: (b.ms - a.ms) / 1000, cpSeconds: (c.ms - b.ms) / 1000 });
  }
  return { ...out[0], mcpSeconds: median(out.map((f) => f.mcpSeconds)), cpSeconds: median(out.map((f) => f.cpSeconds)) };
}
