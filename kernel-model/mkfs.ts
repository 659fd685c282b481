// mkfs: builds a guest file system image holding the given files in its root directory.
// Deterministic: the same files in the same order give the same bytes.
import {
  BSIZE, BPB, DIRENT_SIZE, DIRSIZ, FSMAGIC, FSSIZE, IPB, LOGSIZE, MAXFILE, NADDRS, NINODES,
  ROOTINO, T_DIR, T_FILE, blockAt, writeInode, writeSuperblock, type Dinode, type Superblock,
} from './fs-format.js';
import { FsImage } from './fs-image.js';

export interface MkfsFile { name: string; data: Uint8Array }

export class MkfsError extends Error {}

export function mkfs(files: MkfsFile[], size = FSSIZE): Uint8Array {
  const nlog = LOGSIZE + 1;
  const ninodeblocks = Math.floor(NINODES / IPB) + 1;
  const nbitmap = Math.floor(size / BPB) + 1;
  const nmeta = 2 + nlog + ninodeblocks + nbitmap;
  const sb: Superblock = {
    magic: FSMAGIC, size, nblocks: size - nmeta, ninodes: NINODES, nlog, logstart: 2,
    inodestart: 2 + nlog, bmapstart: 2 + nlog + ninodeblocks,
  };
  const img = new Uint8Array(size * BSIZE);
  writeSuperblock(img, sb);
  let nextBlock = nmeta;
  let nextInode = ROOTINO;
  const inodes = new Map<number, Dinode>();

  const ialloc = (type: number): number => {
    const inum = nextInode++;
    if (inum >= NINODES) throw new MkfsError('too many files for the inode table');
    inodes.set(inum, { type, major: 0, minor: 0, nlink: 1, size: 0, addrs: new Array(NADDRS).fill(0) });
    return inum;
  };
  const balloc = (): number => {
    if (nextBlock >= size) throw new MkfsError('the files do not fit in the image');
    return nextBlock++;
  };
  /** Appends data to an inode's content. */
  const append = (inum: number, data: Uint8Array): void => {
    const d = inodes.get(inum)!;
    let off = d.size, pos = 0;
    while (pos < data.length) {
      const fbn = Math.floor(off / BSIZE);
      if (fbn >= MAXFILE) throw new MkfsError(`a file is larger than ${MAXFILE * BSIZE} bytes`);
      const block = blockAt(img, d, fbn, balloc);
      const n = Math.min(BSIZE - (off % BSIZE), data.length - pos);
      img.set(data.subarray(pos, pos + n), block * BSIZE + (off % BSIZE));
      off += n;
      pos += n;
    }
    d.size = off;
  };
  const dirent = (inum: number, name: string): Uint8Array => {
    const e = new Uint8Array(DIRENT_SIZE);
    e[0] = inum & 0xff;
    e[1] = inum >> 8;
    const bytes = new TextEncoder().encode(name);
    if (bytes.length > DIRSIZ || bytes.length === 0) throw new MkfsError(`bad file name '${name}'`);
    e.set(bytes, 2);
    return e;
  };

  const root = ialloc(T_DIR);
  if (root !== ROOTINO) throw new MkfsError('root inode');
  append(root, dirent(root, '.'));
  append(root, dirent(root, '..'));
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.name)) throw new MkfsError(`duplicate file name '${f.name}'`);
    seen.add(f.name);
    const inum = ialloc(T_FILE);
    append(root, dirent(inum, f.name));
    append(inum, f.data);
  }
  // Round the root directory up to a whole block, as the kernel's dirlink would leave it.
  const rootd = inodes.get(root)!;
  rootd.size = Math.ceil(rootd.size / BSIZE) * BSIZE;
  for (const [inum, d] of inodes) writeInode(img, sb, inum, d);
  // The bitmap: every block below nextBlock is in use (metadata and file data).
  for (let b = 0; b < nextBlock; b++) img[sb.bmapstart * BSIZE + (b >> 3)] |= 1 << (b & 7);
  return img;
}

/**
 * A new image of size blocks holding the same directories and files as img (a bigger disk with
 * the built-in programs: the bitmap of a grown image needs more blocks, so it is built afresh).
 */
export function mkfsLike(img: Uint8Array, size: number): Uint8Array {
  const from = new FsImage(img);
  const out = mkfs([], size);
  const to = new FsImage(out);
  const copy = (dir: string): void => {
    for (const e of from.list(dir)) {
      if (e.name === '.' || e.name === '..') continue;
      const path = `${dir === '/' ? '' : dir}/${e.name}`;
      if (e.type === T_DIR) { to.mkdir(path); copy(path); }
      else if (e.type === T_FILE) to.write(path, from.read(path));
      else throw new MkfsError(`${path}: a device file (type ${e.type}) cannot be copied`);
    }
  };
  copy('/');
  return out;
}
