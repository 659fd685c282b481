// The disk of a running guest, edited from the host between run slices: the browser page puts a
// dropped file into the guest's file system, and reads one out, without a reboot. That is safe
// only when no file-system operation is in progress (xv6's log: nothing outstanding, nothing
// being committed, nothing logged), for then every committed block is on the disk. After an
// edit, the kernel's cached copies of the blocks, inodes and file pages that changed are marked stale, so
// its next bread/ilock reads them again (bio.c, fs.c); a copy someone holds locked or in use is
// a reason to try again later, never to edit under it.
import { FsImage } from './fs-image.js';
import { BSIZE, DINODE_SIZE, IPB, type Superblock } from './fs-format.js';
import type { KernelModel } from './kernel-model.js';

/** Why the disk cannot be edited now (then the host runs the guest a little and tries again). */
export class DiskBusy extends Error {}

export class LiveDisk {
  private readonly bufs: number;
  private readonly inodes: number;
  private readonly logBusy: number;

  constructor(private readonly model: KernelModel, symbols: Map<string, number>, readonly img: Uint8Array) {
    const need = (name: string) => {
      const a = symbols.get(name);
      if (a === undefined) throw new Error(`kernel.elf has no ${name} symbol`);
      return a;
    };
    this.bufs = model.mem.u32(need('kmodel_bcache_bufs'));
    this.inodes = model.mem.u32(need('kmodel_itable_inodes'));
    this.logBusy = need('kmodel_log_busy');
  }

  /** Undefined when no file-system operation is in progress, else what is going on. */
  busy(): string | undefined {
    const mem = this.model.mem;
    const [outstanding, committing, logged] = [0, 1, 2].map((i) => mem.u32(mem.u32(this.logBusy + 4 * i)));
    if (committing) return 'the log is committing';
    if (outstanding) return `${outstanding} file-system operation(s) in progress`;
    if (logged) return `${logged} block(s) logged and not committed`;
    return undefined;
  }

  /** A file's bytes, as the guest would read them now. */
  read(path: string): Uint8Array {
    const why = this.busy();
    if (why) throw new DiskBusy(why);
    return new FsImage(this.img).read(path);
  }

  /** Writes a file (replacing one of that name, making directories), then invalidates the
   *  kernel's copies; returns the blocks that changed. Throws DiskBusy (with the disk unchanged)
   *  if it cannot now. */
  write(path: string, data: Uint8Array): Set<number> {
    const why = this.busy();
    if (why) throw new DiskBusy(why);
    const before = this.img.slice();
    const fs = new FsImage(this.img);
    fs.write(path, data); // throws FsImageError with the disk unchanged when the file cannot fit
    const blocks = changedBlocks(before, this.img);
    try {
      this.invalidate(blocks, changedInodes(before, this.img, fs.sb, blocks));
    } catch (e) {
      this.img.set(before);
      throw e;
    }
    return blocks;
  }

  private invalidate(blocks: Set<number>, inums: Set<number>): void {
    const L = this.model.layout, mem = this.model.mem;
    const stale: number[] = [];
    for (let i = 0; i < L.nbuf; i++) {
      const b = this.bufs + i * L.buf_size;
      if (!mem.u32(b + L.buf_valid) || !blocks.has(mem.u32(b + L.buf_blockno))) continue;
      if (mem.u32(b + L.buf_refcnt) || mem.u32(b + L.buf_locked)) throw new DiskBusy(`block ${mem.u32(b + L.buf_blockno)} is in use in the kernel's cache`);
      stale.push(b + L.buf_valid);
    }
    for (let i = 0; i < L.ninode; i++) {
      const ip = this.inodes + i * L.inode_size;
      if (!mem.u32(ip + L.inode_valid) || !inums.has(mem.u32(ip + L.inode_inum))) continue;
      if (mem.u32(ip + L.inode_locked)) throw new DiskBusy(`inode ${mem.u32(ip + L.inode_inum)} is locked in the kernel`);
      stale.push(ip + L.inode_valid);
    }
    for (const a of stale) mem.setU32(a, 0);
    // The file's cached pages are no longer found (the kernel frees them once nothing maps them).
    for (let i = 0; i < L.npcache; i++) {
      const e = L.pcache_addr + i * L.pcpage_size;
      if (mem.u32(e + L.pcpage_pa) && inums.has(mem.u32(e + L.pcpage_inum))) mem.setU32(e + L.pcpage_stale, 1);
    }
  }
}

function changedBlocks(a: Uint8Array, b: Uint8Array): Set<number> {
  const out = new Set<number>();
  for (let blk = 0; blk * BSIZE < a.length; blk++) {
    for (let i = blk * BSIZE; i < (blk + 1) * BSIZE; i++) if (a[i] !== b[i]) { out.add(blk); break; }
  }
  return out;
}

function changedInodes(a: Uint8Array, b: Uint8Array, sb: Superblock, blocks: Set<number>): Set<number> {
  const out = new Set<number>();
  for (const blk of blocks) {
    if (blk < sb.inodestart || blk >= sb.inodestart + Math.ceil(sb.ninodes / IPB)) continue;
    for (let k = 0; k < IPB; k++) {
      const off = blk * BSIZE + k * DINODE_SIZE;
      for (let i = off; i < off + DINODE_SIZE; i++) if (a[i] !== b[i]) { out.add((blk - sb.inodestart) * IPB + k); break; }
    }
  }
  return out;
}
