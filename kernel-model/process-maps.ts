// A process's memory map from outside, as the guest's `pmap -x` prints it from inside (procmaps
// in guest/kernel/proc.c): the segments exec laid out, then the heap up to sz, each with its
// resident, shared (reference count > 1) and dirty (D bit) pages, read from the page table.
import { PROT_EXEC, PROT_READ, PROT_WRITE, segmentsWithHeap, type KernelState, type Segment } from './kernel-state.js';
import { PGSIZE, PTE_D, type Leaf } from './sv32-table.js';

const KINDS = ['[ text ]', '[ data ]', '[ bss ]', '[ guard ]', '[ stack ]', '[ heap ]', '[ anon ]'];

export interface MapEntry extends Segment {
  resident: number;
  shared: number;
  dirty: number;
  /** Pages swapped out. */
  swapped: number;
  /** Resident pages marked copy-on-write (the kernel's PTE_COW). */
  cow: number;
}

/** The map of process `pid`, or undefined if it has no memory (no such pid, or reaped). */
export function processMaps(k: KernelState, pid: number): MapEntry[] | undefined {
  const p = k.processes.find((q) => q.pid === pid && q.pagetable);
  if (!p) return undefined;
  const leaves = new Map<number, Leaf>();
  const { space } = k.spaces.get(p.pagetable)!;
  for (const l of space.leaves) leaves.set(l.va, l);
  const entry = (s: Segment): MapEntry => {
    const m: MapEntry = { ...s, resident: 0, shared: 0, dirty: 0, swapped: 0, cow: 0 };
    m.swapped = space.swapped.filter((e) => e.va >= s.start && e.va < s.end).length;
    for (let va = s.start; va < s.end; va += PGSIZE) {
      const l = leaves.get(va);
      if (!l) continue;
      m.resident++;
      // Shared: the page has other holders (the page cache's own reference not counted), or its
      // level-0 table does (on-demand fork).
      if (k.mapCount(l.pa) > 1 || k.refcount(l.ptePa - (l.ptePa % PGSIZE)) > 1) m.shared++;
      if (l.pte & PTE_D) m.dirty++;
      if (l.pte & k.layout.pte_cow) m.cow++;
    }
    return m;
  };
  return segmentsWithHeap(p).map(entry);
}

/** The text `pmap [-x] PID` prints in the guest for these maps. */
export function formatPmap(pid: number, maps: MapEntry[], extended: boolean): string {
  const col = (n: number) => String(n).padStart(8);
  let s = `${pid}:\n`;
  if (extended) s += 'Address   Kbytes     RSS   Dirty  Shared    Swap Mode  Mapping\n';
  let tk = 0, tr = 0, td = 0, ts = 0, tw = 0;
  for (const m of maps) {
    const kb = (m.end - m.start) / 1024;
    const mode = `${m.perm & PROT_READ ? 'r' : '-'}${m.perm & PROT_WRITE ? 'w' : '-'}${m.perm & PROT_EXEC ? 'x' : '-'}${m.mapShared ? 's' : '-'}-`;
    s += (m.start >>> 0).toString(16).padStart(8, '0') + col(kb);
    if (extended) s += col(m.resident * 4) + col(m.dirty * 4) + col(m.shared * 4) + col(m.swapped * 4);
    s += ` ${mode} ${m.path || (KINDS[m.kind] ?? '?')}\n`;
    tk += kb; tr += m.resident * 4; td += m.dirty * 4; ts += m.shared * 4; tw += m.swapped * 4;
  }
  if (extended) s += '-------- ------- ------- ------- ------- -------\n' + 'total kB' + col(tk) + col(tr) + col(td) + col(ts) + col(tw) + '\n';
  else s += ` total ${tk}K\n`;
  return s;
}
