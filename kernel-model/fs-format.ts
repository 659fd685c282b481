// The guest file system's on-disk format, as guest/kernel/fs.h and param.h define it:
// [ unused | superblock | log | inodes | free bitmap | data ], blocks of BSIZE bytes.
export const BSIZE = 1024;
export const FSMAGIC = 0x10203040;
export const ROOTINO = 1;
export const NDIRECT = 12;
export const NINDIRECT = BSIZE / 4;
export const MAXFILE = NDIRECT + NINDIRECT;
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
export const LOGSIZE = 30;
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
  const addrs = Array.from({ length: NDIRECT + 1 }, (_, i) => dv.getUint32(12 + 4 * i, true));
  return { type: dv.getInt16(0, true), major: dv.getInt16(2, true), minor: dv.getInt16(4, true),
    nlink: dv.getInt16(6, true), size: dv.getUint32(8, true), addrs };
}

export function writeInode(img: Uint8Array, sb: Superblock, inum: number, d: Dinode): void {
  const dv = new DataView(img.buffer, img.byteOffset + inodeOffset(sb, inum), DINODE_SIZE);
  dv.setInt16(0, d.type, true); dv.setInt16(2, d.major, true); dv.setInt16(4, d.minor, true);
  dv.setInt16(6, d.nlink, true); dv.setUint32(8, d.size, true);
  d.addrs.forEach((a, i) => dv.setUint32(12 + 4 * i, a, true));
}

/** The data blocks of a file in order (direct, then through the indirect block). */
export function fileBlocks(img: Uint8Array, d: Dinode): number[] {
  const blocks = d.addrs.slice(0, NDIRECT).filter((b) => b !== 0);
  const ind = d.addrs[NDIRECT];
  if (ind) {
    const dv = new DataView(img.buffer, img.byteOffset + ind * BSIZE, BSIZE);
    for (let i = 0; i < NINDIRECT; i++) { const b = dv.getUint32(4 * i, true); if (b) blocks.push(b); }
  }
  return blocks;
}

export function readFile(img: Uint8Array, d: Dinode): Uint8Array {
  const out = new Uint8Array(d.size);
  fileBlocks(img, d).forEach((b, i) => {
    const n = Math.min(BSIZE, d.size - i * BSIZE);
    if (n > 0) out.set(img.subarray(b * BSIZE, b * BSIZE + n), i * BSIZE);
  });
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
