// mkfs builds images the kernel can use, and fsck finds what breaks the format's rules.
import { describe, expect, it } from 'vitest';
import { mkfs } from '../../kernel-model/mkfs.js';
import { fsck } from '../../kernel-model/fsck.js';
import {
  BSIZE, NADDRS, ROOTINO, readDir, readFile, readInode, readSuperblock, writeInode,
} from '../../kernel-model/fs-format.js';

const files = [
  { name: 'small', data: new TextEncoder().encode('hello\n') },
  { name: 'big', data: Uint8Array.from({ length: 20 * 1024 + 7 }, (_, i) => i * 13) }, // uses the indirect block
];

describe('mkfs', () => {
  it('puts every file in the root directory with its exact content', () => {
    const img = mkfs(files);
    const sb = readSuperblock(img);
    const root = readInode(img, sb, ROOTINO);
    const names = readDir(img, root).map((e) => e.name);
    expect(names).toEqual(['.', '..', 'small', 'big']);
    for (const f of files) {
      const e = readDir(img, root).find((x) => x.name === f.name)!;
      expect(readFile(img, readInode(img, sb, e.inum))).toEqual(f.data);
    }
    expect(fsck(img)).toEqual([]);
  });
  it('is deterministic', () => {
    expect(Buffer.from(mkfs(files)).equals(Buffer.from(mkfs(files)))).toBe(true);
  });
  it('refuses a name longer than a directory entry holds', () => {
    expect(() => mkfs([{ name: 'a-name-too-long-for-xv6', data: new Uint8Array(1) }])).toThrow(/bad file name/);
  });
});

describe('fsck finds', () => {
  const damaged = (damage: (img: Uint8Array) => void) => {
    const img = mkfs(files);
    damage(img);
    return fsck(img);
  };
  const sbOf = (img: Uint8Array) => readSuperblock(img);
  const inumOf = (img: Uint8Array, name: string) =>
    readDir(img, readInode(img, sbOf(img), ROOTINO)).find((e) => e.name === name)!.inum;
  it('a used block marked free in the bitmap', () => {
    expect(damaged((img) => {
      const sb = sbOf(img), b = readInode(img, sb, inumOf(img, 'small')).addrs[0];
      img[sb.bmapstart * BSIZE + (b >> 3)] &= ~(1 << (b & 7));
    })).toEqual([expect.stringMatching(/block \d+ in use but marked free/)]);
  });
  it('a free block marked in use', () => {
    expect(damaged((img) => { const sb = sbOf(img); img[sb.bmapstart * BSIZE + 500] = 0xff; }).length).toBe(8);
  });
  it('a block owned by two files', () => {
    expect(damaged((img) => {
      const sb = sbOf(img), big = readInode(img, sb, inumOf(img, 'big')), small = readInode(img, sb, inumOf(img, 'small'));
      small.addrs[0] = big.addrs[0];
      writeInode(img, sb, inumOf(img, 'small'), small);
    })).toContainEqual(expect.stringMatching(/used by inodes/));
  });
  it('a lost inode and a wrong link count', () => {
    const problems = damaged((img) => {
      const sb = sbOf(img), d = readInode(img, sb, inumOf(img, 'small'));
      writeInode(img, sb, 10, { ...d, addrs: new Array(NADDRS).fill(0), size: 0 }); // an inode nobody names
      writeInode(img, sb, inumOf(img, 'big'), { ...readInode(img, sb, inumOf(img, 'big')), nlink: 3 });
    });
    expect(problems).toContainEqual('inode 10 is lost: no directory names it');
    expect(problems).toContainEqual(expect.stringMatching(/nlink 3, but 1 links/));
  });
  it('a bad superblock', () => {
    expect(damaged((img) => { img[BSIZE] ^= 0xff; })).toEqual([expect.stringMatching(/bad superblock magic/)]);
  });
});
