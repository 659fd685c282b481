// Crash consistency: a write-heavy workload (`durable 3 6`: three writers at once, each writing
// files, fsyncing each and then saying so) stopped at seeded random instructions, on a disk with
// a volatile write cache. Killed (every write kept, as the host's page cache keeps them), and
// power-cut (the cached writes since the last flush dropped, all or some, in any order). After
// each: the log-aware fsck finds the image clean, every file whose fsync returned is whole, every
// other file holds only right bytes, and the kernel recovers the image and runs on it.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/paths.js';
import { Machine, parseElf, BufferConsole, MemoryDisk } from '../support/emulator.js';
import { PowerCutDisk } from '../support/power-cut-disk.js';
import { SOAK_TIMEOUT_MS, soak } from '../support/soak.js';
import { fsck, fsckReport } from '../../kernel-model/fsck.js';
import { replayLog } from '../../kernel-model/fs-log.js';
import { readSuperblock } from '../../kernel-model/fs-format.js';
import { FsImage } from '../../kernel-model/fs-image.js';
import { xorshift } from '../support/xorshift.js';

const image = (name: string) => parseElf(readFileSync(join(ROOT, 'images', name)));
const firmware = image('firmware.elf'), kernel = image('kernel.elf');
const pristine = new Uint8Array(readFileSync(join(ROOT, 'images/fs.img')));
const WORKLOAD = 'durable 3 6';
const KILLS = soak(20, 1000), CUTS = soak(50, 1000);

// guest/user/durable.c's files.
const durableSize = (k: number, i: number) => 300 + 1700 * i + 500 * k;
const durableBytes = (k: number, i: number, n: number) =>
  Uint8Array.from({ length: n }, (_, at) => 97 + (k * 7 + i * 3 + at) % 26);


/** Runs the workload on a fresh power-cut disk until `stopAt` instructions (or the end). */
function runUntil(stopAt: number): { disk: PowerCutDisk; output: string; insns: number; halted: boolean } {
  const disk = new PowerCutDisk(pristine), console = new BufferConsole();
  const m = new Machine({ console, disk, ramBytes: 32 << 20 });
  m.bootImages(firmware, kernel, WORKLOAD);
  while (!m.halted && m.hart.insns < stopAt) m.run(Math.min(200_000, stopAt - m.hart.insns));
  return { disk, output: console.text(), insns: m.hart.insns, halted: m.halted };
}

/** Checks an image left by a crash; returns how many fsynced files it verified. */
function verify(img: Uint8Array, output: string, label: string): number {
  expect(fsckReport(img).problems, label).toEqual([]);
  const recovered = img.slice();
  replayLog(recovered, readSuperblock(recovered));
  const fs = new FsImage(recovered);
  const synced = new Set([...output.matchAll(/^synced (w(\d)-(\d\d)) (\d+)$/gm)].map((m) => m[1]));
  for (let k = 0; k < 3; k++) {
    for (let i = 0; i < 6; i++) {
      const name = `w${k}-${String(i).padStart(2, '0')}`;
      const inum = fs.lookup(`/${name}`);
      if (synced.has(name)) {
        expect(inum, `${label}: ${name} was fsynced`).toBeDefined();
        expect(fs.read(`/${name}`), `${label}: ${name} was fsynced`).toEqual(durableBytes(k, i, durableSize(k, i)));
      } else if (inum !== undefined) {
        const data = fs.read(`/${name}`);
        expect(data.length, `${label}: ${name}`).toBeLessThanOrEqual(durableSize(k, i));
        expect(data, `${label}: ${name} holds only right bytes`).toEqual(durableBytes(k, i, data.length));
      }
    }
  }
  return synced.size;
}

/** Boots the kernel on a crashed image: it recovers, mounts and runs; fsck is clean after. */
function bootRecovered(img: Uint8Array, label: string): void {
  const disk = new MemoryDisk(img), console = new BufferConsole();
  const m = new Machine({ console, disk, ramBytes: 32 << 20 });
  m.bootImages(firmware, kernel, 'ls w0-00 README; echo recovered');
  while (!m.halted && m.hart.insns < 500e6) m.run(5_000_000);
  expect(console.text(), label).toContain('recovered');
  expect(console.text(), label).not.toMatch(/^fs: |panic/m);
  expect(fsck(disk.bytes), label).toEqual([]);
}

describe('crash consistency of a write-heavy workload with fsync', () => {
  const full = runUntil(Infinity);
  const start = 5_000_000, end = full.insns; // past the boot, to the power-off

  it('runs whole, with flushes at its commits, and every file synced', () => {
    expect(full.halted).toBe(true);
    expect(full.output).toContain('durable: done');
    expect([...full.output.matchAll(/^synced /gm)].length).toBe(18);
    expect(full.disk.flushes).toBeGreaterThan(50);
    expect(verify(full.disk.afterKill(), full.output, 'the whole run')).toBe(18);
  });

  it(`loses nothing fsynced when killed at ${KILLS} random points`, () => {
    const rnd = xorshift(20), seen = new Set<number>();
    for (let p = 0; p < KILLS; p++) {
      const at = start + (rnd() % (end - start));
      const r = runUntil(at);
      seen.add(verify(r.disk.afterKill(), r.output, `kill at ${at}`));
      if (p % 5 === 0) bootRecovered(r.disk.afterKill(), `kill at ${at}, rebooted`);
    }
    expect(seen.size).toBeGreaterThan(5); // the points fell at many stages of the workload
  }, SOAK_TIMEOUT_MS);

  it(`loses nothing fsynced at ${CUTS} random power cuts that drop cached writes in any order`, () => {
    const rnd = xorshift(50);
    let dropped = 0;
    for (let p = 0; p < CUTS; p++) {
      const at = start + (rnd() % (end - start));
      const r = runUntil(at);
      const keep = [0, 0.5, 0.9][p % 3];
      if (r.disk.cached > 0 && keep < 1) dropped++;
      const img = r.disk.afterPowerCut(rnd, keep);
      verify(img, r.output, `power cut at ${at} keeping ${keep} of ${r.disk.cached} cached writes`);
      if (p % 10 === 0) bootRecovered(img, `power cut at ${at}, rebooted`);
    }
    expect(dropped).toBeGreaterThan(CUTS / 2); // most cuts did find unflushed writes to drop
  }, SOAK_TIMEOUT_MS);
});
