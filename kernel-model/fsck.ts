// fsck: checks a guest file system image and lists every problem it finds: every block
// accounted for exactly once, the bitmap right, no inode lost, link counts true. It reads a
// damaged image as carefully as the kernel does (every block number and inode number checked
// before it is followed), so no image makes it throw. A committed transaction in the log is
// replayed first, in a copy: what fsck judges is the image the kernel would see after recovery.
// With repair, the same findings carry the fix that makes the image consistent again.
import {
  BSIZE, BPB, DIRENT_SIZE, FSMAGIC, IPB, LOGSIZE, MAXFILE, NDIRECT, NINDIRECT, ROOTINO, T_DIR, T_DEVICE, T_FILE,
  describeBadMagic, readInode, readSuperblock, writeInode, type Dinode, type Superblock,
} from './fs-format.js';
import { clearLogHeader, readLogHeader, replayLog } from './fs-log.js';

/** param.h NDEV: device numbers a T_DEVICE inode may have. */
const NDEV = 10;

export interface FsckReport {
  problems: string[];
  /** Blocks of a committed transaction in the log (replayed before the check). */
  logBlocks: number;
}

interface Finding { text: string; fix?: () => void }

/** Why the superblock cannot be believed (fs.c badsb, and the image's own size), or undefined. */
export function badSuperblock(sb: Superblock, imageBytes: number): string | undefined {
  if (sb.magic !== FSMAGIC) return describeBadMagic(sb.magic);
  if (sb.size * BSIZE !== imageBytes) return `superblock says ${sb.size} blocks, image has ${imageBytes / BSIZE}`;
  if (sb.logstart !== 2 || sb.nlog < 2 || sb.nlog > LOGSIZE + 1) return 'superblock: bad log area';
  if (sb.ninodes < ROOTINO + 1 || sb.ninodes > 65536) return 'superblock: bad inode count';
  if (sb.inodestart >= sb.size || sb.bmapstart >= sb.size) return 'superblock: an area past the end';
  if (sb.inodestart < sb.logstart + sb.nlog || sb.bmapstart < sb.inodestart + Math.ceil(sb.ninodes / IPB)) return 'superblock: areas overlap';
  if (sb.nblocks === 0 || sb.nblocks >= sb.size || sb.size - sb.nblocks < sb.bmapstart + Math.ceil(sb.size / BPB)) return 'superblock: bad data block count';
  return undefined;
}

/** The problems of the image as the kernel would find it after log recovery. */
export function fsck(img: Uint8Array): string[] { return fsckReport(img).problems; }

export function fsckReport(img: Uint8Array): FsckReport {
  const copy = img.slice();
  const sb = readSuperblock(copy);
  const bad = badSuperblock(sb, copy.length);
  if (bad) return { problems: [bad], logBlocks: 0 };
  const log = readLogHeader(copy, sb);
  const logBlocks = replayLog(copy, sb);
  const problems = check(copy, sb).map((f) => f.text);
  if (log.invalid) problems.unshift(`${log.invalid}: not a transaction (the kernel ignores it)`);
  return { problems, logBlocks };
}

/**
 * Repairs img in place: replays a committed log, clears an invalid log header, then fixes what
 * check finds (pass after pass, as one fix can reveal another), link counts and the bitmap last.
 * Returns what it did; an image whose superblock cannot be believed is left alone.
 */
export function repair(img: Uint8Array): { fixed: string[]; left: string[] } {
  const sb = readSuperblock(img);
  const bad = badSuperblock(sb, img.length);
  if (bad) return { fixed: [], left: [bad] };
  const fixed: string[] = [];
  const log = readLogHeader(img, sb);
  if (log.invalid) { clearLogHeader(img, sb); fixed.push(`${log.invalid}: cleared`); }
  const replayed = replayLog(img, sb);
  if (replayed) fixed.push(`replayed a committed transaction of ${replayed} blocks`);
  for (let pass = 0; pass < 8; pass++) {
    const fixable = check(img, sb).filter((f) => f.fix);
    if (fixable.length === 0) break;
    for (const f of fixable) { f.fix!(); fixed.push(f.text); }
  }
  return { fixed, left: check(img, sb).map((f) => f.text) };
}

function check(img: Uint8Array, sb: Superblock): Finding[] {
  const out: Finding[] = [];
  const dataStart = sb.size - sb.nblocks;
  const dv = new DataView(img.buffer, img.byteOffset, img.byteLength);
  const inData = (b: number) => b >= dataStart && b < sb.size;
  const owner = new Map<number, number>(); // block -> inode
  const refs = new Map<number, number>();  // inode -> directory entries naming it (not '.')
  const subdirs = new Map<number, number>(); // directory -> subdirectories it names
  const types = new Map<number, number>(); // allocated inodes that check out -> type
  const inodes = new Map<number, Dinode>();
  const clearInode = (inum: number) => () => writeInode(img, sb, inum, { type: 0, major: 0, minor: 0, nlink: 0, size: 0, addrs: new Array(NDIRECT + 2).fill(0) });

  // Pass 1: each inode on its own: type, size, device, and the blocks it points at.
  for (let inum = 1; inum < sb.ninodes; inum++) {
    const d = readInode(img, sb, inum);
    if (d.type === 0) continue;
    const why = d.type !== T_DIR && d.type !== T_FILE && d.type !== T_DEVICE ? `bad type ${d.type}`
      : d.size > MAXFILE * BSIZE ? `size ${d.size} past the largest file`
      : d.type === T_DIR && d.size % DIRENT_SIZE ? `directory size ${d.size} not a whole number of entries`
      : d.type === T_DEVICE && (d.major < 0 || d.major >= NDEV) ? `bad device number ${d.major}` : undefined;
    if (why) {
      // A directory whose size is not whole entries keeps the entries it has; anything else
      // that does not check out is cleared.
      const fix = d.type === T_DIR && why.startsWith('directory size')
        ? () => { const e = readInode(img, sb, inum); e.size -= e.size % DIRENT_SIZE; writeInode(img, sb, inum, e); }
        : clearInode(inum);
      out.push({ text: `inode ${inum}: ${why}`, fix });
      continue;
    }
    types.set(inum, d.type);
    inodes.set(inum, d);
    const claim = (b: number, where: string, unlink: () => void): boolean => {
      if (!inData(b)) { out.push({ text: `inode ${inum}: block ${b} (${where}) outside the data area`, fix: unlink }); return false; }
      if (owner.has(b)) { out.push({ text: `block ${b} used by inodes ${owner.get(b)} and ${inum}`, fix: unlink }); return false; }
      owner.set(b, inum);
      return true;
    };
    const setAddr = (i: number) => () => { const e = readInode(img, sb, inum); e.addrs[i] = 0; writeInode(img, sb, inum, e); };
    const setEntry = (block: number, i: number) => () => dv.setUint32(block * BSIZE + 4 * i, 0, true);
    const walk = (block: number, depth: number): void => {
      for (let i = 0; i < NINDIRECT; i++) {
        const b = dv.getUint32(block * BSIZE + 4 * i, true);
        if (b && claim(b, `entry ${i} of indirect block ${block}`, setEntry(block, i)) && depth > 1) walk(b, depth - 1);
      }
    };
    for (let i = 0; i < NDIRECT; i++) if (d.addrs[i]) claim(d.addrs[i], `direct ${i}`, setAddr(i));
    if (d.addrs[NDIRECT] && claim(d.addrs[NDIRECT], 'indirect', setAddr(NDIRECT))) walk(d.addrs[NDIRECT], 1);
    if (d.addrs[NDIRECT + 1] && claim(d.addrs[NDIRECT + 1], 'double indirect', setAddr(NDIRECT + 1))) walk(d.addrs[NDIRECT + 1], 2);
  }

  // Pass 2: directories' entries, through blocks pass 1 found sound.
  for (const [inum, d] of inodes) {
    if (d.type !== T_DIR) continue;
    for (let off = 0; off < d.size; off += DIRENT_SIZE) {
      const block = fileBlock(img, sb, d, Math.floor(off / BSIZE), inData);
      if (!block) continue;
      const at = block * BSIZE + (off % BSIZE), e = dv.getUint16(at, true);
      if (!e) continue;
      const name = direntName(img, at);
      const clearEntry = () => dv.setUint16(at, 0, true);
      if (name === '.') {
        if (e !== inum) out.push({ text: `directory ${inum}: '.' is ${e}`, fix: () => dv.setUint16(at, inum, true) });
        continue;
      }
      if (e >= sb.ninodes) { out.push({ text: `directory ${inum}: entry '${name}' names inode ${e}, past the table`, fix: clearEntry }); continue; }
      if (!types.has(e)) { out.push({ text: `directory ${inum}: entry '${name}' names free inode ${e}`, fix: clearEntry }); continue; }
      if (name === '..') continue; // counted through the parent's entry
      refs.set(e, (refs.get(e) ?? 0) + 1);
      if (types.get(e) === T_DIR) subdirs.set(inum, (subdirs.get(inum) ?? 0) + 1);
    }
  }
  if (types.get(ROOTINO) !== T_DIR) out.push({ text: 'the root is not a directory' });

  // Pass 3: links. The kernel's convention (sysfile.c create/unlink): a file's links are the
  // entries naming it; a directory also gets one for each subdirectory's '..', the root one
  // for itself. An inode nothing names is lost (a file open and unlinked at a crash).
  for (const [inum, d] of inodes) {
    if (inum !== ROOTINO && !refs.get(inum)) {
      out.push({ text: `inode ${inum} is lost: no directory names it`, fix: clearInode(inum) });
      continue;
    }
    const expected = (refs.get(inum) ?? 0) + (d.type === T_DIR ? (subdirs.get(inum) ?? 0) + (inum === ROOTINO ? 1 : 0) : 0);
    if (d.nlink !== expected) {
      out.push({ text: `inode ${inum}: nlink ${d.nlink}, but ${expected} links`,
        fix: () => { const e = readInode(img, sb, inum); e.nlink = expected; writeInode(img, sb, inum, e); } });
    }
  }

  // Pass 4: the bitmap against the blocks in use (metadata and what inodes own).
  for (let b = 0; b < sb.size; b++) {
    const byte = sb.bmapstart * BSIZE + (b >> 3), m = 1 << (b & 7);
    const marked = (img[byte] & m) !== 0, inUse = b < dataStart || owner.has(b);
    if (marked && !inUse) out.push({ text: `block ${b} marked in use but unused`, fix: () => { img[byte] &= ~m; } });
    if (!marked && inUse) out.push({ text: `block ${b} in use but marked free`, fix: () => { img[byte] |= m; } });
  }
  return out;
}

/** The disk block of file block fbn, following only indirect blocks that lie in the data area; 0 for a hole or a bad pointer. */
function fileBlock(img: Uint8Array, sb: Superblock, d: Dinode, fbn: number, inData: (b: number) => boolean): number {
  const entry = (block: number, i: number) => (inData(block) ? new DataView(img.buffer, img.byteOffset + block * BSIZE, BSIZE).getUint32(4 * i, true) : 0);
  let b: number;
  if (fbn < NDIRECT) b = d.addrs[fbn];
  else if (fbn < NDIRECT + NINDIRECT) b = entry(d.addrs[NDIRECT], fbn - NDIRECT);
  else {
    const k = fbn - NDIRECT - NINDIRECT;
    b = entry(entry(d.addrs[NDIRECT + 1], Math.floor(k / NINDIRECT)), k % NINDIRECT);
  }
  return inData(b) ? b : 0;
}

function direntName(img: Uint8Array, at: number): string {
  let end = at + 2;
  while (end < at + DIRENT_SIZE && img[end]) end++;
  return new TextDecoder().decode(img.subarray(at + 2, end));
}

