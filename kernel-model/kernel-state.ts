// A snapshot of the kernel's memory bookkeeping read from RAM: the process table with each
// address space, the page allocator (free list, reference counts) and the pages pipes hold.
import type { KernelLayout } from './layout.js';
import { KernelModelError, type PhysicalMemory } from './physical-memory.js';
import { PGSIZE, readUserSpace, type UserSpace } from './sv32-table.js';

export const STATE_NAMES = ['unused', 'used', 'sleeping', 'runnable', 'running', 'zombie'];

/** Segment kinds and permissions, as guest/kernel/procmaps.h defines them. */
export const SEG_TEXT = 0, SEG_DATA = 1, SEG_BSS = 2, SEG_GUARD = 3, SEG_STACK = 4, SEG_HEAP = 5, SEG_MMAP = 6;
export const PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;

/** A segment of a process (struct segment, proc.h): a file mapping has the `path` its file was
 * opened by; `mapShared` is MAP_SHARED. */
export interface Segment {
  start: number; end: number; perm: number; kind: number; mapShared?: boolean;
  /** A file mapping's file: the path it was opened by, its inode number and first page in it. */
  path?: string; inum?: number; pgoff?: number;
}

/** A page-cache entry: page `index` of file `inum`, held at pa. */
export interface CacheEntry { inum: number; index: number; pa: number; stale: boolean }

export interface ProcessState {
  slot: number;
  pid: number;
  state: string;
  name: string;
  parentPid: number;
  sz: number;
  stackBottom: number;
  kstack: number;
  trapframe: number;
  /** Root of the page table it runs on (its own, or its parent's under vfork); 0 if none. */
  pagetable: number;
  /** The pid whose page table a vfork child borrows, else 0. */
  vforkParentPid: number;
  segments: Segment[];
  /** Kernel pages holding a spawn()'s path and arguments until the new process execs. */
  spawnPages: number[];
}

export interface KernelState {
  layout: KernelLayout;
  /** Pages the allocator manages: [firstPage, phystop). */
  firstPage: number;
  phystop: number;
  kernelRoot: number;
  /** All 1024 entries of the kernel's root page table. */
  kernelRootEntries: Uint32Array;
  processes: ProcessState[];
  /** Address spaces by root: each page table once, with the pids running on it. */
  spaces: Map<number, { pids: number[]; space: UserSpace }>;
  /** Pages on the free list, one byte per managed page (index (pa - firstPage) / 4096). */
  free: Uint8Array;
  /** How many pages the free list holds (up to where it breaks, if it does). */
  freeListLength: number;
  /** The free list loops or leaves managed memory (then the walk stops there). */
  freeListBroken: string;
  nfree: number;
  /** The reference count of a page the allocator manages, as it was at the snapshot. */
  refcount(pa: number): number;
  /** Holders of a page other than the page cache (its own reference not counted): what makes a
   * page shared between processes. */
  mapCount(pa: number): number;
  /** The same counts, one per page of RAM from its base. */
  refcounts: Uint16Array;
  pipePages: number[];
  /** Pages in the page cache (each holds one reference for the cache), by physical address. */
  cachePages: Set<number>;
  cacheEntries: CacheEntry[];
  /** Swap: its slots, each slot's count of PTE references and of pages whose content it holds,
   * and each page of RAM's slot + 1 (0: none), from its base. */
  swap: { nslots: number; ref: Uint16Array; cached: Uint16Array; frameslot: Uint16Array };
  /** The kernel's own count of page-table pages (memstat's pagetable_pages). */
  pagetablePages: number;
  forkMode: 'copy' | 'cow' | 'odf';
  sbrkMode: 'eager' | 'lazy';
}

const pageUp = (a: number) => Math.ceil(a / PGSIZE) * PGSIZE;

export function readKernelState(mem: PhysicalMemory, L: KernelLayout): KernelState {
  const phystop = mem.u32(L.phystop_addr);
  const firstPage = pageUp(L.kernel_end);
  const kernelRoot = mem.u32(L.kernel_pagetable_addr);
  if (!mem.contains(kernelRoot, PGSIZE)) throw new KernelModelError('kernel_pagetable is not in RAM (kernel not booted yet?)');

  const kernelRootEntries = new Uint32Array(1024);
  for (let i = 0; i < 1024; i++) kernelRootEntries[i] = mem.u32(kernelRoot + 4 * i);

  const procAt = (slot: number) => L.proc_addr + slot * L.proc_size;
  const pidOfProc = new Map<number, number>();
  for (let slot = 0; slot < L.nproc; slot++) pidOfProc.set(procAt(slot), mem.u32(procAt(slot) + L.proc_pid));

  const processes: ProcessState[] = [];
  for (let slot = 0; slot < L.nproc; slot++) {
    const p = procAt(slot);
    const state = mem.u32(p + L.proc_state);
    if (state === L.state_unused) continue;
    const nseg = Math.min(mem.u32(p + L.proc_nseg), L.nseg);
    const segments: Segment[] = [];
    for (let i = 0; i < nseg; i++) {
      const s = p + L.proc_seg + i * L.seg_size;
      const seg: Segment = { start: mem.u32(s), end: mem.u32(s + 4), perm: mem.u32(s + 8), kind: mem.u32(s + 12) | 0 };
      const file = mem.u32(s + 16), shared = mem.u32(s + 24) !== 0;
      if (file) {
        seg.path = mem.cstring(file + L.file_path, L.file_path_size);
        const ip = mem.u32(file + L.file_ip);
        if (ip) seg.inum = mem.u32(ip + L.inode_inum);
        seg.pgoff = mem.u32(s + 20);
      }
      if (shared) seg.mapShared = true;
      segments.push(seg);
    }
    const spawnPages: number[] = [];
    const spawnPath = mem.u32(p + L.proc_spawn_path);
    if (spawnPath) {
      spawnPages.push(spawnPath);
      for (let i = 0; i < L.maxarg; i++) {
        const a = mem.u32(p + L.proc_spawn_argv + 4 * i);
        if (!a) break;
        spawnPages.push(a);
      }
    }
    const vforkParent = mem.u32(p + L.proc_vfork_parent);
    processes.push({
      slot, pid: mem.u32(p + L.proc_pid), state: STATE_NAMES[state] ?? `state ${state}`,
      name: mem.cstring(p + L.proc_name, L.proc_name_size),
      parentPid: pidOfProc.get(mem.u32(p + L.proc_parent)) ?? 0,
      sz: mem.u32(p + L.proc_sz), stackBottom: mem.u32(p + L.proc_stack_bottom),
      kstack: mem.u32(p + L.proc_kstack), trapframe: mem.u32(p + L.proc_trapframe),
      pagetable: mem.u32(p + L.proc_pagetable),
      vforkParentPid: vforkParent ? pidOfProc.get(vforkParent) ?? 0 : 0,
      segments, spawnPages,
    });
  }

  const spaces = new Map<number, { pids: number[]; space: UserSpace }>();
  for (const p of processes) {
    if (!p.pagetable) continue;
    let entry = spaces.get(p.pagetable);
    if (!entry) {
      if (!mem.contains(p.pagetable, PGSIZE)) throw new KernelModelError(`pid ${p.pid}: page table 0x${p.pagetable.toString(16)} is not in RAM`);
      entry = { pids: [], space: readUserSpace(mem, p.pagetable, L.usertop) };
      spaces.set(p.pagetable, entry);
    }
    entry.pids.push(p.pid);
  }

  // The free list, linked through each free page's first word; bounded so a loop cannot hang us.
  const free = new Uint8Array((phystop - firstPage) / PGSIZE);
  let freeListLength = 0;
  let freeListBroken = '';
  for (let r = mem.u32(L.kmem_addr + L.kmem_freelist); r !== 0; r = mem.alignedU32(r)) {
    if (r < firstPage || r >= phystop || (r & (PGSIZE - 1)) !== 0) { freeListBroken = `free list points to 0x${r.toString(16)}, not a managed page`; break; }
    const i = (r - firstPage) >>> 12;
    if (free[i]) { freeListBroken = `free list loops at 0x${r.toString(16)}`; break; }
    free[i] = 1;
    freeListLength++;
  }

  const pipePages: number[] = [];
  for (let i = 0; i < L.nfile; i++) {
    const f = L.file_addr + i * L.file_size;
    if (mem.u32(f + L.file_ref) > 0 && mem.u32(f + L.file_type) === L.fd_pipe) {
      const pipe = mem.u32(f + L.file_pipe);
      if (!pipePages.includes(pipe)) pipePages.push(pipe);
    }
  }

  const cachePages = new Set<number>();
  const cacheEntries: CacheEntry[] = [];
  for (let i = 0; i < L.npcache; i++) {
    const e = L.pcache_addr + i * L.pcpage_size, pa = mem.u32(e + L.pcpage_pa);
    if (!pa) continue;
    cachePages.add(pa);
    cacheEntries.push({ inum: mem.u32(e + L.pcpage_inum), index: mem.u32(e + L.pcpage_index), pa, stale: mem.u32(e + L.pcpage_stale) !== 0 });
  }

  const swapBase = L.swap_addr, nslots = mem.u32(swapBase + L.swap_nslots);

  // Copied, so that a snapshot stays what it was while the guest runs on.
  const refBase = L.kmem_addr + L.kmem_refcount;
  const refcounts = mem.u16s(refBase, (phystop - L.rambase) / PGSIZE);
  return {
    layout: L, firstPage, phystop, kernelRoot, kernelRootEntries, processes, spaces, free, freeListLength, freeListBroken,
    nfree: mem.u32(L.kmem_addr + L.kmem_nfree),
    refcount: (pa: number) => refcounts[Math.floor((pa - L.rambase) / PGSIZE)] ?? 0,
    mapCount: (pa: number) => (refcounts[Math.floor((pa - L.rambase) / PGSIZE)] ?? 0) - (cachePages.has(pa) ? 1 : 0),
    refcounts,
    pipePages, cachePages, cacheEntries,
    swap: {
      nslots, ref: mem.u16s(swapBase + L.swap_ref, nslots), cached: mem.u16s(swapBase + L.swap_cached, nslots),
      frameslot: mem.u16s(L.frameslot_addr, (phystop - L.rambase) / PGSIZE),
    },
    pagetablePages: mem.u32(L.pagetable_pages_addr),
    forkMode: (['copy', 'cow', 'odf'] as const)[mem.u32(L.fork_mode_addr)] ?? 'cow',
    sbrkMode: mem.u32(L.sbrk_mode_addr) === 0 ? 'eager' : 'lazy',
  };
}

/** A process's memory as procmaps reports it, in address order: the segments exec laid out, the
 * heap from the end of the last of them up to sz (page-rounded), readable and writable, the
 * mmap regions above it, and the stack at the top (its start moves down as it grows). */
export function segmentsWithHeap(p: ProcessState): Segment[] {
  const fromElf = p.segments.filter((s) => s.kind !== SEG_STACK && s.kind !== SEG_MMAP);
  const top = Math.max(0, ...fromElf.map((s) => s.end));
  const sz = pageUp(p.sz);
  const heap = sz > top ? [{ start: top, end: sz, perm: PROT_READ | PROT_WRITE, kind: SEG_HEAP }] : [];
  return [...p.segments, ...heap].sort((a, b) => a.start - b.start);
}
