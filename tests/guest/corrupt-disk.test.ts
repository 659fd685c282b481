// The kernel against damaged disks: 30 copies of the built-in image, each damaged in a seeded way
// (the superblock, the log header made to look committed, inodes' types, sizes and block numbers,
// directory entries, the bitmap, random bytes in the metadata or in files' blocks), booted with a
// workload that reads, writes, creates and removes files. The kernel must never panic and never
// hang: a damaged structure makes its operation fail with one "fs:" console line, the workload
// goes on, and the machine powers off.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/paths.js';
import { Machine, parseElf, BufferConsole, MemoryDisk } from '../support/emulator.js';
import { BSIZE, inodeOffset, readSuperblock } from '../../kernel-model/fs-format.js';
import { damage, pristine } from '../support/damaged-disk.js';
import { FsImage } from '../../kernel-model/fs-image.js';
import { SOAK_TIMEOUT_MS, soak } from '../support/soak.js';

const IMAGES = soak(30, 300);

const image = (name: string) => parseElf(readFileSync(join(ROOT, 'images', name)));

const WORKLOAD = 'ls; wc README; cat README; echo new file > made; cat made; cp README copy; cmp README copy; ' +
  'rm copy made; mkdir dir; ls dir; rm dir; usertests files; echo workload-end';

function boot(img: Uint8Array): { output: string; halted: boolean; insns: number } {
  const console = new BufferConsole();
  const m = new Machine({ console, disk: new MemoryDisk(img), ramBytes: 32 << 20 });
  m.bootImages(image('firmware.elf'), image('kernel.elf'), WORKLOAD);
  while (!m.halted && m.hart.insns < 3e9) m.run(5_000_000);
  return { output: console.text(), halted: m.halted, insns: m.hart.insns };
}

describe('the kernel on a damaged disk', () => {
  it(`never panics or hangs on ${IMAGES} seeded damaged images, reports what it found, and runs what it can`, () => {
    let reported = 0, finished = 0;
    for (let seed = 1; seed <= IMAGES; seed++) {
      const { img, what } = damage(seed);
      const r = boot(img);
      const label = `seed ${seed} (${what}):\n${r.output.slice(-1500)}`;
      expect(r.output, label).not.toMatch(/panic/);
      expect(r.halted, label).toBe(true);
      if (/^fs: /m.test(r.output)) reported++;
      if (r.output.includes('workload-end')) finished++;
    }
    // Most damage is found and named; most workloads still reach their end.
    expect(reported).toBeGreaterThanOrEqual(IMAGES / 2);
    expect(finished).toBeGreaterThanOrEqual(IMAGES / 3);
  }, SOAK_TIMEOUT_MS);

  it('a damaged file fails with -1 and a line naming its inode, and the other files still work', () => {
    const img = pristine.slice(), sb = readSuperblock(img);
    const readme = new FsImage(img).lookup('/README')!, off = inodeOffset(sb, readme);
    new DataView(img.buffer).setUint32(off + 12, sb.size + 100, true); // README's first block: past the disk
    const r = boot(img);
    expect(r.output).toContain(`fs: inode ${readme}: block number outside the data area`);
    expect(r.output).toMatch(/cat: cannot open README|wc: cannot open README/);
    expect(r.output).toContain('new file');      // writing, reading and removing other files
    expect(r.output).toContain('workload-end');
  });

  it('ignores a log header that is not a transaction instead of replaying it over the disk', () => {
    const img = pristine.slice(), sb = readSuperblock(img), dv = new DataView(img.buffer);
    dv.setInt32(sb.logstart * BSIZE, 5, true);
    for (let i = 0; i < 5; i++) dv.setUint32(sb.logstart * BSIZE + 4 + 4 * i, 1, true); // home: the superblock
    const r = boot(img);
    expect(r.output).toContain(`fs: log header, block ${sb.logstart}: not a transaction: not replayed`);
    expect(r.output).toContain('workload-end');
  });

  it('powers off with a message when the superblock cannot be believed', () => {
    const img = pristine.slice();
    new DataView(img.buffer).setUint32(BSIZE + 4, 1 << 24, true); // size: far past the disk
    const r = boot(img);
    expect(r.output).toContain('fs: superblock, block 1: larger than the disk');
    expect(r.output).toContain('cannot mount the root file system');
    expect(r.halted).toBe(true);
  });
});
