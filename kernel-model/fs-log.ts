// The file system's write-ahead log on an image (log.c's format): block `logstart` holds the
// header (a count n and n home block numbers), blocks logstart+1.. the logged copies. n > 0 on
// disk means a transaction was committed and may not be installed yet: the kernel replays it at
// boot, and so do fsck and `xv32 disk` before they believe the rest of the image.
import { BSIZE, LOGSIZE, type Superblock } from './fs-format.js';

export interface LogHeader {
  /** Home block numbers of the committed transaction (empty when the log is clear). */
  blocks: number[];
  /** Why the header cannot be a transaction commit wrote (then it is not replayed), if so. */
  invalid?: string;
}

/** Reads the log header, checked as the kernel checks it at recovery (log.c read_head). */
export function readLogHeader(img: Uint8Array, sb: Superblock): LogHeader {
  const dv = new DataView(img.buffer, img.byteOffset + sb.logstart * BSIZE, BSIZE);
  const n = dv.getInt32(0, true);
  if (n === 0) return { blocks: [] };
  if (n < 0 || n > LOGSIZE || n >= sb.nlog) return { blocks: [], invalid: `log header counts ${n} blocks` };
  const blocks = Array.from({ length: n }, (_, i) => dv.getUint32(4 + 4 * i, true));
  const bad = blocks.find((b) => b < sb.inodestart || b >= sb.size);
  if (bad !== undefined) return { blocks: [], invalid: `log header names block ${bad}, outside the inode, bitmap and data areas` };
  return { blocks };
}

/** Clears the log header (n = 0), as the kernel does after installing. */
export function clearLogHeader(img: Uint8Array, sb: Superblock): void {
  new DataView(img.buffer, img.byteOffset + sb.logstart * BSIZE, 4).setInt32(0, 0, true);
}

/** Installs a committed transaction (each logged block to its home) and clears the header;
 *  returns how many blocks it installed (0 if the log was clear or its header invalid). */
export function replayLog(img: Uint8Array, sb: Superblock): number {
  const h = readLogHeader(img, sb);
  h.blocks.forEach((home, i) => img.copyWithin(home * BSIZE, (sb.logstart + 1 + i) * BSIZE, (sb.logstart + 2 + i) * BSIZE));
  if (h.blocks.length) clearLogHeader(img, sb);
  return h.blocks.length;
}
