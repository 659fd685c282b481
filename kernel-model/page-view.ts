// Every page of a process, for the browser's memory view: which physical page backs it, how
// many hold that page, and its D, W and COW bits, by segment. Two views of a parent and its
// child side by side show what copy-on-write shares and what a write split.
import { PROT_EXEC, PROT_READ, PROT_WRITE, segmentsWithHeap, type KernelState } from './kernel-state.js';
import { PGSIZE, PTE_D, PTE_W, type Leaf } from './sv32-table.js';

export interface PageView {
  va: number;
  pa: number;
  /** Holders of the physical page (the allocator's count, the page cache's own reference not counted). */
  refs: number;
  /** A page of a file: the page cache's page (text, or a file mapping). */
  file: boolean;
  dirty: boolean;
  writable: boolean;
  cow: boolean;
  /** Its level-0 page table is shared with another address space (on-demand fork). */
  sharedTable: boolean;
  /** Swapped out: the slot its PTE names (pa and refs are then 0). */
  swapSlot?: number;
}

export interface SegmentView { start: number; end: number; kind: string; perm: string; pages: PageView[]; path?: string }

export interface ProcessView { pid: number; parentPid: number; name: string; state: string; vforkParentPid: number; segments: SegmentView[] }

export interface ProcessSummary { pid: number; parentPid: number; name: string; state: string }

const KINDS = ['text', 'data', 'bss', 'guard', 'stack', 'heap', 'mmap'];

/** The processes that exist (slot in use), in pid order. */
export function processList(k: KernelState): ProcessSummary[] {
  return k.processes.map((p) => ({ pid: p.pid, parentPid: p.parentPid, name: p.name, state: p.state })).sort((a, b) => a.pid - b.pid);
}

/** The pages of process `pid`, or undefined if it has no user memory. */
export function processView(k: KernelState, pid: number): ProcessView | undefined {
  const p = k.processes.find((q) => q.pid === pid && q.pagetable);
  if (!p) return undefined;
  const space = k.spaces.get(p.pagetable)!.space;
  const leaves = new Map<number, Leaf>();
  for (const l of space.leaves) leaves.set(l.va, l);
  const swapped = new Map(space.swapped.map((e) => [e.va, e]));
  const segments = segmentsWithHeap(p).map((s): SegmentView => {
    const pages: PageView[] = [];
    for (let va = s.start; va < s.end; va += PGSIZE) {
      const l = leaves.get(va), sw = swapped.get(va);
      if (sw) {
        pages.push({ va, pa: 0, refs: 0, file: false, dirty: false, writable: (sw.pte & PTE_W) !== 0, cow: (sw.pte & k.layout.pte_cow) !== 0,
          sharedTable: k.refcount(sw.ptePa - (sw.ptePa % PGSIZE)) > 1, swapSlot: sw.slot });
      }
      if (!l) continue;
      pages.push({
        va, pa: l.pa, refs: k.mapCount(l.pa), file: k.cachePages.has(l.pa), dirty: (l.pte & PTE_D) !== 0, writable: (l.pte & PTE_W) !== 0,
        cow: (l.pte & k.layout.pte_cow) !== 0, sharedTable: k.refcount(l.ptePa - (l.ptePa % PGSIZE)) > 1,
      });
    }
    const perm = `${s.perm & PROT_READ ? 'r' : '-'}${s.perm & PROT_WRITE ? 'w' : '-'}${s.perm & PROT_EXEC ? 'x' : '-'}`;
    const view: SegmentView = { start: s.start, end: s.end, kind: KINDS[s.kind] ?? '?', perm, pages };
    if (s.path) view.path = s.path;
    return view;
  });
  return { pid: p.pid, parentPid: p.parentPid, name: p.name, state: p.state, vforkParentPid: p.vforkParentPid, segments };
}
