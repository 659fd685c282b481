// An existing guest file system image, edited from the host: look up, list, read, write and
// make directories, allocating blocks and inodes the way the kernel does (sysfile.c create,
// fs.c balloc/ialloc), so the result passes fsck and the guest sees the files at its next boot.
// A committed transaction still in the log (a guest stopped mid-install) is installed first,
// as the kernel's recovery would, so it cannot overwrite the host's changes later.
import {
  BSIZE, DIRENT_SIZE, DIRSIZ, FSMAGIC, MAXFILE, NADDRS, NDIRECT, NINDIRECT, ROOTINO, T_DIR, T_FILE,
  blockAt, describeBadMagic, ownedBlocks, readDir, readFile, readInode, readSuperblock, writeInode, type Dinode, type Superblock,
} from './fs-format.js';
import { readLogHeader, replayLog } from './fs-log.js';

export class FsImageError extends Error {}

export interface DirEntry { name: string; inum: number; type: number; size: number; nlink: number }

export class FsImage {
  readonly sb: Superblock;
  private readonly dataStart: number;

  constructor(readonly img: Uint8Array) {
    if (img.length < 2 * BSIZE) throw new FsImageError('not an xv32 disk image (too small)');
    this.sb = readSuperblock(img);
    if (this.sb.magic !== FSMAGIC) throw new FsImageError(describeBadMagic(this.sb.magic));
    if (this.sb.size * BSIZE > img.length) throw new FsImageError(`corrupt disk image (superblock says ${this.sb.size} blocks, the image has ${img.length / BSIZE})`);
    this.dataStart = this.sb.bmapstart + Math.floor(this.sb.size / (BSIZE * 8)) + 1;
    this.installLog();
  }

  /** The inode number of path (absolute, or relative to the root), or undefined. */
  lookup(path: string): number | undefined {
    let inum = ROOTINO;
    for (const name of parts(path)) {
      const d = readInode(this.img, this.sb, inum);
      if (d.type !== T_DIR) return undefined;
      const e = readDir(this.img, d).find((x) => x.name === name);
      if (!e) return undefined;
      inum = e.inum;
    }
    return inum;
  }

  inode(inum: number): Dinode { return readInode(this.img, this.sb, inum); }

  /** The entries of the directory at path ('.' and '..' included, as the guest's ls shows them). */
  list(path: string): DirEntry[] {
    const d = this.existing(path);
    if (d.type !== T_DIR) throw new FsImageError(`${path}: not a directory`);
    return readDir(this.img, d).map((e) => {
      const x = this.inode(e.inum);
      return { name: e.name, inum: e.inum, type: x.type, size: x.size, nlink: x.nlink };
    });
  }

  read(path: string): Uint8Array {
    const d = this.existing(path);
    if (d.type === T_DIR) throw new FsImageError(`${path}: is a directory`);
    return readFile(this.img, d);
  }

  /** Writes a file at path, replacing one of that name and making missing directories. */
  write(path: string, data: Uint8Array): void {
    const names = parts(path);
    if (names.length === 0) throw new FsImageError(`${path}: not a file name`);
    if (data.length > MAXFILE * BSIZE) {
      throw new FsImageError(`${path}: ${data.length} bytes is more than a file can hold (${MAXFILE * BSIZE} bytes)`);
    }
    const dir = this.mkdirs(names.slice(0, -1));
    const name = names[names.length - 1];
    let inum = readDir(this.img, this.inode(dir)).find((e) => e.name === name)?.inum;
    // Room first, so that a file that does not fit changes nothing (not even the one it replaces).
    const old = inum === undefined ? undefined : this.inode(inum);
    if (old && old.type !== T_FILE) throw new FsImageError(`${path}: exists and is not a file`);
    const reusable = old ? blocksFor(old.size) : 0;
    const need = blocksFor(data.length) + (old ? 0 : 1); // a new name may need a directory block
    const free = this.freeBlocks();
    if (need > free + reusable) {
      throw new FsImageError(`${path}: the disk image is full (${data.length} bytes need ${need} blocks of ${BSIZE} bytes, ${free + reusable} free)`);
    }
    if (inum !== undefined) this.truncate(inum);
    else {
      inum = this.ialloc(T_FILE);
      this.dirlink(dir, name, inum);
    }
    this.append(inum, data);
  }

  /** Makes directory path and any missing parents; its inode number. */
  mkdir(path: string): number { return this.mkdirs(parts(path)); }

  private existing(path: string): Dinode {
    const inum = this.lookup(path);
    if (inum === undefined) throw new FsImageError(`${path}: no such file or directory in the image`);
    return this.inode(inum);
  }

  private mkdirs(names: string[]): number {
    let dir = ROOTINO;
    for (const name of names) {
      const e = readDir(this.img, this.inode(dir)).find((x) => x.name === name);
      if (e) {
        if (this.inode(e.inum).type !== T_DIR) throw new FsImageError(`${name}: exists and is not a directory`);
        dir = e.inum;
        continue;
      }
      const inum = this.ialloc(T_DIR);
      this.append(inum, concat(dirent(inum, '.'), dirent(dir, '..')));
      this.dirlink(dir, name, inum);
      const parent = this.inode(dir);
      parent.nlink++; // the new directory's '..'
      writeInode(this.img, this.sb, dir, parent);
      dir = inum;
    }
    return dir;
  }

  /** Adds name -> inum to directory dir, in a free slot or at its end. */
  private dirlink(dir: number, name: string, inum: number): void {
    const d = this.inode(dir);
    const data = readFile(this.img, d);
    for (let o = 0; o + DIRENT_SIZE <= data.length; o += DIRENT_SIZE) {
      if ((data[o] | (data[o + 1] << 8)) === 0) { this.writeAt(dir, o, dirent(inum, name)); return; }
    }
    this.append(dir, dirent(inum, name));
  }

  private ialloc(type: number): number {
    for (let inum = 1; inum < this.sb.ninodes; inum++) {
      if (this.inode(inum).type !== 0) continue;
      writeInode(this.img, this.sb, inum, { type, major: 0, minor: 0, nlink: 1, size: 0, addrs: new Array(NADDRS).fill(0) });
      return inum;
    }
    throw new FsImageError(`no free inode: the image holds at most ${this.sb.ninodes - 1} files`);
  }

  private freeBlocks(): number {
    let n = 0;
    for (let b = this.dataStart; b < this.sb.size; b++) if (!this.marked(b)) n++;
    return n;
  }

  private marked(b: number): boolean { return ((this.img[this.sb.bmapstart * BSIZE + (b >> 3)] >> (b & 7)) & 1) === 1; }

  private balloc(): number {
    for (let b = this.dataStart; b < this.sb.size; b++) {
      if (this.marked(b)) continue;
      this.img[this.sb.bmapstart * BSIZE + (b >> 3)] |= 1 << (b & 7);
      this.img.fill(0, b * BSIZE, (b + 1) * BSIZE);
      return b;
    }
    throw new FsImageError('the disk image is full');
  }

  private bfree(b: number): void { this.img[this.sb.bmapstart * BSIZE + (b >> 3)] &= ~(1 << (b & 7)); }

  private truncate(inum: number): void {
    const d = this.inode(inum);
    for (const b of ownedBlocks(this.img, d)) this.bfree(b);
    d.addrs.fill(0);
    d.size = 0;
    writeInode(this.img, this.sb, inum, d);
  }

  /** The block holding byte `off` of inode d, allocated if missing. */
  private blockFor(d: Dinode, off: number): number {
    return blockAt(this.img, d, Math.floor(off / BSIZE), () => this.balloc());
  }

  private writeAt(inum: number, off: number, data: Uint8Array): void {
    const d = this.inode(inum);
    for (let pos = 0; pos < data.length;) {
      const b = this.blockFor(d, off + pos);
      const n = Math.min(BSIZE - ((off + pos) % BSIZE), data.length - pos);
      this.img.set(data.subarray(pos, pos + n), b * BSIZE + ((off + pos) % BSIZE));
      pos += n;
    }
    d.size = Math.max(d.size, off + data.length);
    writeInode(this.img, this.sb, inum, d);
  }

  private append(inum: number, data: Uint8Array): void { this.writeAt(inum, this.inode(inum).size, data); }

  /** Installs a committed transaction left in the log (guest/kernel/log.c's recovery). */
  private installLog(): void {
    const h = readLogHeader(this.img, this.sb);
    if (h.invalid) throw new FsImageError(`corrupt disk image (${h.invalid})`);
    replayLog(this.img, this.sb);
  }
}

/** The names of a path's components ('a/b', '/a/b' and '/a//b/' alike), checked for length. */
function parts(path: string): string[] {
  const names = path.split('/').filter((n) => n !== '' && n !== '.');
  for (const n of names) {
    if (n === '..') throw new FsImageError(`${path}: '..' is not allowed in an image path`);
    if (new TextEncoder().encode(n).length > DIRSIZ) throw new FsImageError(`${path}: '${n}' is longer than ${DIRSIZ} bytes, the longest name a directory holds`);
  }
  return names;
}

/** Data blocks and indirect blocks a file of n bytes takes. */
function blocksFor(n: number): number {
  const blocks = Math.ceil(n / BSIZE);
  const beyond = Math.max(0, blocks - NDIRECT - NINDIRECT); // blocks in the double-indirect range
  return blocks + (blocks > NDIRECT ? 1 : 0) + (beyond ? 1 + Math.ceil(beyond / NINDIRECT) : 0);
}

function dirent(inum: number, name: string): Uint8Array {
  const e = new Uint8Array(DIRENT_SIZE);
  e[0] = inum & 0xff;
  e[1] = inum >> 8;
  e.set(new TextEncoder().encode(name), 2);
  return e;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
