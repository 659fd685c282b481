// Seeded damage to copies of the built-in disk image, for the kernel's and fsck's tests: the
// superblock, the log header made to look committed, inodes' types, sizes and block numbers,
// directory entries, the bitmap, random bytes in the metadata or in files' blocks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';
import { BSIZE, DIRENT_SIZE, LOGSIZE, ROOTINO, inodeOffset, readInode, readSuperblock } from '../../kernel-model/fs-format.js';
import { xorshift } from './xorshift.js';

export const pristine = new Uint8Array(readFileSync(join(ROOT, 'images/fs.img')));


/** Inode numbers the damage aims at: the built-in image's files (about 36 of them) and a few past. */
const FILES = 34;

/** Damages a copy of the image in one of seven ways chosen by the seed; returns it and what was done. */
export function damage(seed: number): { img: Uint8Array; what: string } {
  const rnd = xorshift(seed * 2654435761), img = pristine.slice(), sb = readSuperblock(img);
  const dv = new DataView(img.buffer);
  const datastart = sb.size - sb.nblocks;
  const done: string[] = [];
  for (let n = 1 + (rnd() % 2); n > 0; n--) {
    switch (rnd() % 7) {
      case 0: { // a superblock field
        const field = rnd() % 8;
        dv.setUint32(BSIZE + 4 * field, [0, 1, 0xffffffff, rnd(), rnd() % 8192][rnd() % 5], true);
        done.push(`superblock word ${field}`);
        break;
      }
      case 1: { // the log header, as if a transaction were committed
        const count = 1 + (rnd() % (LOGSIZE + 8));
        dv.setInt32(sb.logstart * BSIZE, rnd() % 4 ? count : -count, true);
        for (let i = 0; i < LOGSIZE; i++) dv.setUint32(sb.logstart * BSIZE + 4 + 4 * i, rnd() % 3 ? rnd() % sb.size : rnd(), true);
        done.push(`log header n=${count}`);
        break;
      }
      case 2: { // inodes' fields
        for (let k = 0; k < 1 + (rnd() % 4); k++) {
          const inum = 1 + (rnd() % FILES), off = inodeOffset(sb, inum);
          const field = rnd() % 5;
          if (field === 0) dv.setInt16(off, [0, 1, 3, 7, -1][rnd() % 5], true);              // type
          else if (field === 1) dv.setInt16(off + 2, rnd() % 40, true);                      // major
          else if (field === 2) dv.setInt16(off + 6, rnd() % 3, true);                       // nlink
          else if (field === 3) dv.setUint32(off + 8, [rnd(), 0xffffffff, rnd() % 0x40000][rnd() % 3], true); // size
          else dv.setUint32(off + 12 + 4 * (rnd() % 13), [rnd(), 1, sb.logstart + 1, rnd() % sb.size][rnd() % 4], true); // a block
          done.push(`inode ${inum} field ${field}`);
        }
        break;
      }
      case 3: { // root directory entries
        const root = readInode(img, sb, ROOTINO);
        for (let k = 0; k < 1 + (rnd() % 4); k++) {
          const e = root.addrs[0] * BSIZE + DIRENT_SIZE * (rnd() % (root.size / DIRENT_SIZE));
          dv.setUint16(e, [0, rnd() % 65536, rnd() % 250, 0][rnd() % 4], true);
          done.push('a root directory entry');
        }
        break;
      }
      case 4: { // the bitmap: every block marked free
        img.fill(rnd() % 2 ? 0 : 0xff, sb.bmapstart * BSIZE, (sb.bmapstart + 1) * BSIZE);
        done.push('the bitmap');
        break;
      }
      case 5: { // random bytes in the metadata (inodes, bitmap, log)
        for (let k = 0; k < 32; k++) img[2 * BSIZE + (rnd() % ((datastart - 2) * BSIZE))] = rnd();
        done.push('32 metadata bytes');
        break;
      }
      default: { // random bytes in data blocks (file contents, indirect blocks, directories)
        for (let k = 0; k < 64; k++) img[datastart * BSIZE + (rnd() % ((sb.size - datastart) * BSIZE))] = rnd();
        done.push('64 data bytes');
        break;
      }
    }
  }
  return { img, what: done.join(', ') };
}

