// The rule `synced`, checked when sync() returns: every page-cache page of a file that a process
// maps MAP_SHARED holds what the file holds on the disk, up to the file's end, unless some PTE
// maps the page dirty (a store since its write-back: another process ran while sync slept).
// Once every operation has committed (sync waits for that), the disk's home blocks are the file.
import { FsImage } from './fs-image.js';
import { readFile } from './fs-format.js';
import type { KernelState } from './kernel-state.js';
import type { Violation } from './invariants.js';
import type { PhysicalMemory } from './physical-memory.js';
import { PGSIZE, PTE_D } from './sv32-table.js';

export function checkSynced(k: KernelState, mem: PhysicalMemory, disk: Uint8Array): Violation[] {
  const mappedShared = new Map<number, number>(); // inode -> a pid mapping it MAP_SHARED
  for (const p of k.processes) for (const s of p.segments) if (s.mapShared && s.inum) mappedShared.set(s.inum, p.pid);
  if (mappedShared.size === 0) return [];
  const dirty = new Set<number>();
  for (const { space } of k.spaces.values()) for (const l of space.leaves) if (l.pte & PTE_D) dirty.add(l.pa);
  const fs = new FsImage(disk);
  const files = new Map<number, Uint8Array>();
  const out: Violation[] = [];
  for (const e of k.cacheEntries) {
    const pid = mappedShared.get(e.inum);
    if (pid === undefined || e.stale || dirty.has(e.pa)) continue;
    let file = files.get(e.inum);
    if (!file) files.set(e.inum, file = readFile(fs.img, fs.inode(e.inum)));
    const from = e.index * PGSIZE, n = Math.max(0, Math.min(PGSIZE, file.length - from));
    const cached = mem.bytes(e.pa, n);
    const ondisk = file.subarray(from, from + n);
    const at = cached.findIndex((b, i) => b !== ondisk[i]);
    if (at >= 0) {
      out.push({ rule: 'synced', pid, page: e.pa, message: `page ${e.index} of inode ${e.inum} (mapped shared) differs from the disk at byte ${from + at} after sync: cache 0x${cached[at].toString(16)}, disk 0x${ondisk[at].toString(16)}` });
    }
  }
  return out;
}
