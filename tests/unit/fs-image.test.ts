// Editing a guest disk image from the host: files and directories appear as the guest's
// kernel would have made them (fsck passes), replacing works, a full disk changes nothing,
// and a transaction left in the log is installed before any change.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FsImage } from '../../kernel-model/fs-image.js';
import { mkfs } from '../../kernel-model/mkfs.js';
import { fsck } from '../../kernel-model/fsck.js';
import { BSIZE, MAXFILE, NDIRECT, readSuperblock } from '../../kernel-model/fs-format.js';
import { mkfsLike } from '../../kernel-model/mkfs.js';
import { ROOT } from '../support/paths.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('FsImage', () => {
  it('writes files into new directories, reads them back, and fsck passes', () => {
    const img = new Uint8Array(readFileSync(join(ROOT, 'images/fs.img')));
    const fs = new FsImage(img);
    fs.write('/a/b/c.txt', bytes('deep'));
    fs.write('top', new Uint8Array(200 * 1024 + 5).fill(7)); // past the direct blocks
    expect(text(fs.read('a/b/c.txt'))).toBe('deep');
    expect(fs.read('/top').length).toBe(200 * 1024 + 5);
    expect(fs.list('/a').map((e) => e.name)).toEqual(['.', '..', 'b']);
    expect(fsck(img)).toEqual([]);
  });
  it('replaces a file of the same name, freeing its old blocks', () => {
    const img = mkfs([]);
    const fs = new FsImage(img);
    fs.write('/f', new Uint8Array(100 * 1024));
    fs.write('/f', bytes('short now'));
    expect(text(fs.read('/f'))).toBe('short now');
    expect(fs.list('/').filter((e) => e.name === 'f')).toHaveLength(1);
    expect(fsck(img)).toEqual([]);
  });
  it('refuses what does not fit and leaves the image as it was', () => {
    const img = mkfs([]);
    const fs = new FsImage(img);
    for (let i = 0; i < 15; i++) fs.write(`/f${i}`, new Uint8Array(260 * 1024));
    const before = img.slice();
    expect(() => fs.write('/one-more', new Uint8Array(260 * 1024))).toThrow(/the disk image is full/);
    expect(() => fs.write('/x/averyveryverylongname', bytes('x'))).toThrow(/longer than 14 bytes/);
    expect(() => fs.write('/big', new Uint8Array(MAXFILE * BSIZE + 1))).toThrow(/more than a file can hold/);
    expect(Buffer.from(img).equals(Buffer.from(before))).toBe(true);
    expect(fsck(img)).toEqual([]);
  });
  it('installs a committed transaction still in the log before changing anything', () => {
    const img = mkfs([{ name: 'f', data: bytes('old contents') }]);
    const sb = readSuperblock(img);
    const fs0 = new FsImage(img.slice());
    const block = fs0.inode(fs0.lookup('/f')!).addrs[0];
    // A logged copy of f's block saying "new", committed but not installed.
    const logged = new Uint8Array(BSIZE);
    logged.set(bytes('new contents'));
    img.set(logged, (sb.logstart + 1) * BSIZE);
    const header = new DataView(img.buffer, sb.logstart * BSIZE, 8);
    header.setInt32(0, 1, true);
    header.setInt32(4, block, true);
    const fs = new FsImage(img);
    expect(text(fs.read('/f'))).toBe('new contents');
    expect(header.getInt32(0, true)).toBe(0);
  });
  it('holds a file past the indirect block through the double-indirect one, and frees all of it when replaced', () => {
    const img = mkfs([], 8192);
    const fs = new FsImage(img);
    const big = Uint8Array.from({ length: 3 * 1024 * 1024 + 11 }, (_, i) => (i * 7 + (i >> 12)) & 0xff);
    fs.write('/big', big);
    expect(Buffer.from(fs.read('/big')).equals(Buffer.from(big))).toBe(true);
    expect(fs.inode(fs.lookup('/big')!).addrs[NDIRECT + 1]).not.toBe(0);
    expect(fsck(img)).toEqual([]);
    fs.write('/big', bytes('small'));
    expect(fsck(img)).toEqual([]); // a block left marked would be 'marked in use but unused'
    // 5 MiB more fits in the 8 MiB image only if the 3 MiB file's blocks were freed.
    fs.write('/again', new Uint8Array(5 << 20));
    expect(fsck(img)).toEqual([]);
  });
  it('copies the built-in disk into a bigger image with the same files', () => {
    const img = new Uint8Array(readFileSync(join(ROOT, 'images/fs.img')));
    const grown = mkfsLike(img, 16384);
    expect(grown.length).toBe(16 << 20);
    expect(fsck(grown)).toEqual([]);
    const a = new FsImage(img), b = new FsImage(grown);
    expect(b.list('/').map((e) => e.name)).toEqual(a.list('/').map((e) => e.name));
    expect(Buffer.from(b.read('/sh')).equals(Buffer.from(a.read('/sh')))).toBe(true);
  });
  it('names a disk of the older format instead of misreading it', () => {
    const img = mkfs([]);
    new DataView(img.buffer).setUint32(BSIZE, 0x10203040, true);
    expect(() => new FsImage(img)).toThrow(/older format \(1, no double-indirect blocks\); make a new one with xv32 disk mkfs/);
    expect(fsck(img)).toEqual([expect.stringMatching(/older format/)]);
  });
});
