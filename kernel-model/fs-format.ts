// The guest file system's on-disk format, as guest/kernel/fs.h and param.h define it:
// [ unused | superblock | log | inodes | free bitmap | data ], blocks of BSIZE bytes.
export const BSIZE = 1024;
/** Format 2 (double-indirect blocks); format 1 had twelve direct blocks and one indirect. */
export const FSMAGIC = 0x10203041;
export const FSMAGIC_FORMAT1 = 0x10203040;
export const ROOTINO = 1;
export const NDIRECT = 11;
export const NINDIRECT = BSIZE / 4;
export const NDINDIRECT = NINDIRECT * NINDIRECT;
/** Blocks a file can have: 65,803 (64 MiB and 267 KiB). */
export const MAXFILE = NDIRECT + NINDIRECT + NDINDIRECT;
/** Block addresses in an inode: the direct ones, the indirect one, the double-indirect one. */
export const NADDRS = NDIRECT + 2;
export const DINODE_SIZE = 64;
export const IPB = BSIZE / DINODE_SIZE;
export const BPB = BSIZE * 8;
export const DIRSIZ = 14;
export const DIRENT_SIZE = 16;
export const T_DIR = 1;
export const T_FILE = 2;
export const T_DEVICE = 3;
/** param.h: FSSIZE, LOGSIZE = MAXOPBLOCKS * 3 (the log holds LOGSIZE blocks and a header). */
export const FSSIZE = 4096;
export const LOGSIZE = 42;
export const NINODES = 200;

export interface Superblock {
  magic: number; size: number; nblocks: number; ninodes: number;
  nlog: number; logstart: number; inodestart: number; bmapstart: number;
}

export interface Dinode { type: number; major: number; minor: number; nlink: number; size: number; addrs: number[] }

export function readSuperblock(img: Uint8Array): Superblock {
  const dv = new DataView(img.buffer, img.byteOffset + BSIZE, 32);
  const f = (i: number) => dv.getUint32(i * 4, true);
  return { magic: f(0), size: f(1), nblocks: f(2), ninodes: f(3), nlog: f(4), logstart: f(5), inodestart: f(6), bmapstart: f(7) };
}

export function writeSuperblock(img: Uint8Array, sb: Superblock): void {
  const dv = new DataView(img.buffer, img.byteOffset + BSIZE, 32);
  [sb.magic, sb.size, sb.nblocks, sb.ninodes, sb.nlog, sb.logstart, sb.inodestart, sb.bmapstart]
    .forEach((v, i) => dv.setUint32(i * 4, v, true));
}

export function inodeOffset(sb: Superblock, inum: number): number {
  return (sb.inodestart + Math.floor(inum / IPB)) * BSIZE + (inum % IPB) * DINODE_SIZE;
}

export function readInode(img: Uint8Array, sb: Superblock, inum: number): Dinode {
  const dv = new DataView(img.buffer, img.byteOffset + inodeOffset(sb, inum), DINODE_SIZE);
  const addrs = Array.from({ length: NADDRS }, (_, i) => dv.getUint32(12 + 4 * i, true));
  return { type: dv.getInt16(0, true), major: dv.getInt16(2, true), minor: dv.getInt16(4, true),
    nlink: dv.getInt16(6, true), size: dv.getUint32(8, true), addrs };
}

export function writeInode(img: Uint8Array, sb: Superblock, inum: number, d: Dinode): void {
  const dv = new DataView(img.buffer, img.byteOffset + inodeOffset(sb, inum), DINODE_SIZE);
  dv.setInt16(0, d.type, true); dv.setInt16(2, d.major, true); dv.setInt16(4, d.minor, true);
  dv.setInt16(6, d.nlink, true); dv.setUint32(8, d.size, true);
  d.addrs.forEach((a, i) => dv.setUint32(12 + 4 * i, a, true));
}

/** Why a superblock's magic is not FSMAGIC, in words for an error message. */
export function describeBadMagic(magic: number): string {
  if (magic === FSMAGIC_FORMAT1) return 'an xv32 disk image of an older format (1, no double-indirect blocks); make a new one with xv32 disk mkfs';
  return `not an xv32 disk image (bad superblock magic 0x${magic.toString(16)})`;
}

const entry = (img: Uint8Array, block: number, i: number): number =>
  new DataView(img.buffer, img.byteOffset + block * BSIZE, BSIZE).getUint32(4 * i, true);

/**
 * The disk block holding file block fbn of d (fs.c blockat): 0 for a hole. With balloc, a
 * missing block (and any missing indirect block on the way) is allocated and linked in.
 */
export function blockAt(img: Uint8Array, d: Dinode, fbn: number, balloc?: () => number): number {
  if (fbn < NDIRECT) return d.addrs[fbn] || (balloc ? (d.addrs[fbn] = balloc()) : 0);
  let bn = fbn - NDIRECT, top = NDIRECT;
  if (bn >= NINDIRECT) { bn -= NINDIRECT; top = NDIRECT + 1; }
  if (bn >= NDINDIRECT) throw new RangeError(`file block ${fbn} is past the largest file (${MAXFILE} blocks)`);
  const link = (block: number, i: number): number => {
    const b = entry(img, block, i);
    if (b || !balloc) return b;
    const nb = balloc();
    new DataView(img.buffer, img.byteOffset + block * BSIZE, BSIZE).setUint32(4 * i, nb, true);
    return nb;
  };
  let addr = d.addrs[top] || (balloc ? (d.addrs[top] = balloc()) : 0);
  if (addr && top === NDIRECT + 1) addr = link(addr, Math.floor(bn / NINDIRECT));
  return addr ? link(addr, bn % NINDIRECT) : 0;
}

/** Every block a file owns, data and indirect, found by walking its tree (past its size too). */
export function ownedBlocks(img: Uint8Array, d: Dinode): number[] {
  const out = d.addrs.slice(0, NDIRECT).filter((b) => b !== 0);
  const walk = (block: number, depth: number): void => {
    out.push(block);
    for (let i = 0; i < NINDIRECT; i++) {
      const b = entry(img, block, i);
      if (b && depth > 1) walk(b, depth - 1);
      else if (b) out.push(b);
    }
  };
  if (d.addrs[NDIRECT]) walk(d.addrs[NDIRECT], 1);
  if (d.addrs[NDIRECT + 1]) walk(d.addrs[NDIRECT + 1], 2);
  return out;
}

/** A file's bytes; holes read as zeros. */
export function readFile(img: Uint8Array, d: Dinode): Uint8Array {
  const out = new Uint8Array(d.size);
  for (let i = 0; i * BSIZE < d.size; i++) {
    const b = blockAt(img, d, i);
    const n = Math.min(BSIZE, d.size - i * BSIZE);
    if (b) out.set(img.subarray(b * BSIZE, b * BSIZE + n), i * BSIZE);
  }
  return out;
}

export function readDir(img: Uint8Array, d: Dinode): { inum: number; name: string }[] {
  const data = readFile(img, d);
  const out: { inum: number; name: string }[] = [];
  for (let o = 0; o + DIRENT_SIZE <= data.length; o += DIRENT_SIZE) {
    const inum = data[o] | (data[o + 1] << 8);
    if (!inum) continue;
    let end = o + 2;
    while (end < o + DIRENT_SIZE && data[end]) end++;
    out.push({ inum, name: new TextDecoder().decode(data.subarray(o + 2, end)) });
  }
  return out;
}
