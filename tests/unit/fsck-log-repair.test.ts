// fsck that understands the log and repairs: an image caught between commit and install is
// judged as the kernel's recovery would leave it (and `xv32 disk fsck` replays it, or with
// --read-only says it needs replay); a damaged image never makes fsck throw, and --repair makes
// every one of the seeded damaged images clean.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fsck, fsckReport, repair } from '../../kernel-model/fsck.js';
import { FsImage } from '../../kernel-model/fs-image.js';
import { BSIZE, readSuperblock } from '../../kernel-model/fs-format.js';
import { damage, pristine } from '../support/damaged-disk.js';
import { CLI } from '../support/paths.js';
import { SOAK_TIMEOUT_MS, soak } from '../support/soak.js';

const IMAGES = soak(60, 2000);

/**
 * The image a crash leaves in the middle of install_trans: the blocks a change wrote are in the
 * log with a committed header, and only the first `installed` of them are home yet.
 */
function halfInstalled(installed: number): { img: Uint8Array; n: number } {
  const before = pristine.slice(), after = pristine.slice();
  const fs = new FsImage(after);
  fs.write('/newfile', new TextEncoder().encode('x'.repeat(5000)));
  fs.write('/README', new TextEncoder().encode('changed'));
  const sb = readSuperblock(before), changed: number[] = [];
  for (let b = 0; b < sb.size; b++) {
    if (!before.subarray(b * BSIZE, (b + 1) * BSIZE).every((v, i) => v === after[b * BSIZE + i])) changed.push(b);
  }
  const img = before, dv = new DataView(img.buffer);
  changed.forEach((home, i) => img.set(after.subarray(home * BSIZE, (home + 1) * BSIZE), (sb.logstart + 1 + i) * BSIZE));
  dv.setInt32(sb.logstart * BSIZE, changed.length, true);
  changed.forEach((home, i) => dv.setUint32(sb.logstart * BSIZE + 4 + 4 * i, home, true));
  for (const home of changed.slice(0, installed)) img.set(after.subarray(home * BSIZE, (home + 1) * BSIZE), home * BSIZE);
  return { img, n: changed.length };
}

const xv32 = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('fsck and the log', () => {
  it('judges a half-installed transaction as replayed: clean, with its blocks counted', () => {
    const { img, n } = halfInstalled(1); // the inode block home, the bitmap and directory not yet
    expect(n).toBeGreaterThan(3);
    expect(fsckReport(img)).toEqual({ problems: [], logBlocks: n });
    // The same image with its log header cleared (what a log-blind fsck saw) is damaged.
    const blind = img.slice();
    new DataView(blind.buffer).setInt32(readSuperblock(blind).logstart * BSIZE, 0, true);
    expect(fsck(blind).length).toBeGreaterThan(0);
  });

  it('xv32 disk fsck replays the log into the image, saying so; --read-only leaves it and says it needs replay', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xv32-fsck-'));
    const { img, n } = halfInstalled(2);
    const file = join(dir, 'crashed.img');
    writeFileSync(file, img);
    const ro = xv32(['disk', 'fsck', '--read-only', file]);
    expect(ro.stdout).toContain(`log needs replay: a committed transaction of ${n} blocks`);
    expect(ro.status).toBe(0);
    expect(readFileSync(file).equals(Buffer.from(img))).toBe(true);
    const rw = xv32(['disk', 'fsck', file]);
    expect(rw.stdout).toContain(`replayed a committed transaction of ${n} blocks from the log`);
    expect(rw.stdout).toContain('clean');
    expect(new FsImage(new Uint8Array(readFileSync(file))).read('/README')).toEqual(new TextEncoder().encode('changed'));
    expect(xv32(['disk', 'fsck', file]).stdout).not.toContain('replayed');
  });

  it('xv32 disk put on such an image replays the log first, so the kernel cannot undo the put at boot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xv32-fsck-'));
    const file = join(dir, 'crashed.img'), host = join(dir, 'note.txt');
    writeFileSync(file, halfInstalled(1).img);
    writeFileSync(host, 'from the host');
    expect(xv32(['disk', 'put', file, `${host}:/README`]).status).toBe(0);
    const after = new Uint8Array(readFileSync(file));
    expect(fsckReport(after)).toEqual({ problems: [], logBlocks: 0 }); // nothing left to replay over it
    const fs = new FsImage(after);
    expect(new TextDecoder().decode(fs.read('/README'))).toBe('from the host');
    expect(fs.read('/newfile').length).toBe(5000); // the logged transaction's own change survives
  });
});

describe('fsck on damaged images', () => {
  it(`never throws on ${IMAGES} damaged images, finds damage, and --repair leaves every one with a believable superblock clean`, () => {
    let found = 0, repaired = 0;
    for (let seed = 1; seed <= IMAGES; seed++) {
      const { img, what } = damage(seed);
      const before = fsck(img);
      if (before.length) found++;
      const r = repair(img);
      // Beyond repair here: a superblock that cannot be believed, or a root directory destroyed
      // (this fsck does not make a new root and a lost+found; e2fsck would).
      if (r.left.length && /superblock|magic|the root is not a directory/.test(r.left.join('\n'))) continue;
      expect(r.left, `seed ${seed} (${what}); fixed ${r.fixed.join('; ')}`).toEqual([]);
      expect(fsck(img), `seed ${seed} after repair`).toEqual([]);
      if (r.fixed.length) repaired++;
    }
    expect(found).toBeGreaterThan(IMAGES / 2);
    expect(repaired).toBeGreaterThan(IMAGES / 2);
  }, SOAK_TIMEOUT_MS);

  it('xv32 disk fsck --repair fixes a damaged image on disk, and the file system then checks clean', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xv32-fsck-'));
    const img = pristine.slice();
    img.fill(0, readSuperblock(img).bmapstart * BSIZE, (readSuperblock(img).bmapstart + 1) * BSIZE); // the bitmap lost
    const file = join(dir, 'damaged.img');
    writeFileSync(file, img);
    expect(xv32(['disk', 'fsck', file]).status).toBe(1);
    const r = xv32(['disk', 'fsck', '--repair', file]);
    expect(r.stdout).toMatch(/fixed: block \d+ in use but marked free/);
    expect(r.stdout).toContain('clean');
    expect(r.status).toBe(0);
    expect(xv32(['disk', 'fsck', file]).status).toBe(0);
  });
});
