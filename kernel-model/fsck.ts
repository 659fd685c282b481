// fsck: checks a guest file system image and lists every problem it finds: every block
// accounted for exactly once, the bitmap right, no inode lost, link counts true.
import {
  BSIZE, FSMAGIC, ROOTINO, T_DIR, T_DEVICE, T_FILE, describeBadMagic, ownedBlocks, readDir, readInode, readSuperblock,
} from './fs-format.js';

export function fsck(img: Uint8Array): string[] {
  const problems: string[] = [];
  const sb = readSuperblock(img);
  if (sb.magic !== FSMAGIC) return [describeBadMagic(sb.magic)];
  if (sb.size * BSIZE !== img.length) problems.push(`superblock says ${sb.size} blocks, image has ${img.length / BSIZE}`);
  const dataStart = sb.bmapstart + Math.floor(sb.size / (BSIZE * 8)) + 1;
  const owner = new Map<number, number>(); // block -> inode
  const refs = new Map<number, number>();  // inode -> directory entries naming it
  const used = (b: number, inum: number) => {
    if (b < dataStart || b >= sb.size) problems.push(`inode ${inum}: block ${b} outside the data area`);
    else if (owner.has(b)) problems.push(`block ${b} used by inodes ${owner.get(b)} and ${inum}`);
    else owner.set(b, inum);
  };
  for (let inum = 1; inum < sb.ninodes; inum++) {
    const d = readInode(img, sb, inum);
    if (d.type === 0) continue;
    if (![T_DIR, T_FILE, T_DEVICE].includes(d.type)) { problems.push(`inode ${inum}: bad type ${d.type}`); continue; }
    for (const b of ownedBlocks(img, d)) used(b, inum);
    if (d.type === T_DIR) {
      for (const e of readDir(img, d)) {
        if (e.name === '.' ) { if (e.inum !== inum) problems.push(`directory ${inum}: '.' is ${e.inum}`); }
        if (e.name === '..') continue; // counted below through the parent
        refs.set(e.inum, (refs.get(e.inum) ?? 0) + (e.name === '.' ? 0 : 1));
        if (e.name !== '.' && readInode(img, sb, e.inum).type === 0) {
          problems.push(`directory ${inum}: entry '${e.name}' names free inode ${e.inum}`);
        }
      }
    }
  }
  if (readInode(img, sb, ROOTINO).type !== T_DIR) problems.push('the root is not a directory');
  for (let inum = 1; inum < sb.ninodes; inum++) {
    const d = readInode(img, sb, inum);
    if (d.type === 0) continue;
    // The kernel's convention (sysfile.c create/unlink): a file's links are the entries naming
    // it; a directory also gets one for each subdirectory's '..', and the root one for itself.
    let expected = refs.get(inum) ?? 0;
    if (d.type === T_DIR) {
      expected += readDir(img, d).filter((e) => e.name !== '.' && e.name !== '..' &&
        readInode(img, sb, e.inum).type === T_DIR).length;
      if (inum === ROOTINO) expected += 1;
    }
    if (inum !== ROOTINO && (refs.get(inum) ?? 0) === 0) problems.push(`inode ${inum} is lost: no directory names it`);
    if (d.nlink !== expected) problems.push(`inode ${inum}: nlink ${d.nlink}, but ${expected} links`);
  }
  for (let b = 0; b < sb.size; b++) {
    const marked = (img[sb.bmapstart * BSIZE + (b >> 3)] >> (b & 7)) & 1;
    const inUse = b < dataStart || owner.has(b);
    if (marked && !inUse) problems.push(`block ${b} marked in use but unused`);
    if (!marked && inUse) problems.push(`block ${b} in use but marked free`);
  }
  return problems;
}
