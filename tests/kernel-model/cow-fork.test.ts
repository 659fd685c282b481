// What fork does to page tables, seen from outside by the kernel model while the guest runs
// cowdemo (16 heap pages touched, fork, the child writes page 5, exits).
import { describe, expect, it } from 'vitest';
import { runWithModel } from '../support/guest-model.js';
import type { KernelState } from '../../kernel-model/kernel-state.js';
import { PTE_U, PTE_W, type Leaf } from '../../kernel-model/sv32-table.js';
import { SEG_HEAP, SEG_STACK, segmentsWithHeap } from '../../kernel-model/kernel-state.js';

const PGSIZE = 4096;

/** Leaves of pid's address space by virtual address. */
function leaves(k: KernelState, pid: number): Map<number, Leaf> {
  const p = k.processes.find((q) => q.pid === pid)!;
  return new Map(k.spaces.get(p.pagetable)!.space.leaves.map((l) => [l.va, l]));
}

/** The child's pid and a snapshot, at cowdemo's fork and at the child's exit. */
function cowdemo(forkMode: 'copy' | 'cow') {
  const seen: { fork?: KernelState; exit?: KernelState; child?: number; parent?: number } = {};
  const run = runWithModel('cowdemo', {
    forkMode,
    onEvent: (e, model) => {
      const k = model.snapshot();
      const p = k.processes.find((q) => q.pid === e.pid);
      if (e.event === 'fork' && p?.name === 'cowdemo') { seen.fork = k; seen.child = e.pid; seen.parent = p.parentPid; }
      if (e.event === 'exit' && e.pid === seen.child) seen.exit = k;
    },
  });
  expect(run.output).toMatch(/the child wrote page 5 at 0x[0-9a-f]{8}; the parent still reads 'p' there/);
  expect(run.failure).toBeUndefined();
  return { ...seen, child: seen.child!, parent: seen.parent!, fork: seen.fork!, exit: seen.exit! };
}

/** The heap of pid: from the end of its last segment to sz. */
function heapRange(k: KernelState, pid: number): [number, number] {
  const heap = segmentsWithHeap(k.processes.find((q) => q.pid === pid)!).find((s) => s.kind === SEG_HEAP)!;
  return [heap.start, heap.end];
}

describe('the kernel model sees fork in the page tables', () => {
  it('after a cow fork, child and parent map the same physical pages, none writable by either', () => {
    const { fork, child, parent } = cowdemo('cow');
    const c = leaves(fork, child), p = leaves(fork, parent);
    expect([...c.keys()]).toEqual([...p.keys()]);
    expect(c.size).toBeGreaterThan(16);
    let cow = 0;
    for (const [va, l] of c) {
      expect(l.pa, `va 0x${va.toString(16)}`).toBe(p.get(va)!.pa);
      expect(l.pte & PTE_W).toBe(0);
      expect(p.get(va)!.pte & PTE_W).toBe(0);
      if (l.pte & fork.layout.pte_cow) { cow++; expect(fork.refcount(l.pa)).toBe(2); }
    }
    const [start, end] = heapRange(fork, child);
    expect(cow).toBeGreaterThanOrEqual((end - start) / PGSIZE); // at least every heap page
  });

  it('after the child writes one heap page, exactly that page differs between the two', () => {
    const { exit, child, parent } = cowdemo('cow');
    const c = leaves(exit, child), p = leaves(exit, parent);
    const [start, end] = heapRange(exit, child);
    const differing = [...c.keys()].filter((va) => c.get(va)!.pa !== p.get(va)!.pa);
    const inHeap = differing.filter((va) => va >= start && va < end);
    expect(inHeap).toEqual([start + 5 * PGSIZE]);
    // Elsewhere only the stack can differ: both sides wrote theirs (call frames).
    const stack = exit.processes.find((q) => q.pid === child)!.segments.find((s) => s.kind === SEG_STACK)!;
    for (const va of differing.filter((v) => v < start || v >= end)) expect(va >= stack.start && va < stack.end).toBe(true);
    const written = c.get(start + 5 * PGSIZE)!;
    expect(written.pte & PTE_W).toBeTruthy();
    expect(written.pte & exit.layout.pte_cow).toBe(0);
    expect(exit.refcount(written.pa)).toBe(1);
  });

  it('after a copy fork, every writable page of the child is its own and stays writable; read-only text is shared', () => {
    const { fork, child, parent } = cowdemo('copy');
    const c = leaves(fork, child), p = leaves(fork, parent);
    expect([...c.keys()]).toEqual([...p.keys()]);
    let shared = 0;
    for (const [va, l] of c) {
      expect(l.pte & fork.layout.pte_cow).toBe(0);
      expect(l.pte & (PTE_W | PTE_U)).toBe(p.get(va)!.pte & (PTE_W | PTE_U));
      if (l.pte & PTE_W) {
        expect(l.pa).not.toBe(p.get(va)!.pa);
        expect(fork.refcount(l.pa)).toBe(1);
      } else {
        // As the Unix before copy-on-write did: what no one may write is shared, not copied.
        expect(l.pa).toBe(p.get(va)!.pa);
        // Two mappings, and the page cache's own reference (text comes from it).
        expect(fork.refcount(l.pa)).toBe(2 + (fork.cachePages.has(l.pa) ? 1 : 0));
        shared++;
      }
    }
    expect(shared).toBeGreaterThan(0);
    const maps = fork.processes.find((q) => q.pid === child)!;
    expect(maps.segments.some((s) => s.kind === SEG_HEAP)).toBe(false); // the heap is what lies above them
  });

  it("a vfork child runs on its parent's own page table, and the books still balance", () => {
    const seen: { child: number; parent: number; same: boolean }[] = [];
    const run = runWithModel('usertests vfork', {
      onEvent: (e, model) => {
        if (e.event !== 'vfork') return;
        const k = model.snapshot();
        const c = k.processes.find((q) => q.pid === e.pid)!, p = k.processes.find((q) => q.pid === c.parentPid)!;
        seen.push({ child: c.vforkParentPid, parent: p.pid, same: c.pagetable === p.pagetable && c.pagetable !== 0 });
        expect(k.spaces.get(c.pagetable)!.pids.sort()).toEqual([p.pid, c.pid].sort());
        expect(model.check(k)).toEqual([]);
      },
    });
    expect(run.output).toContain('test vfork: OK');
    expect(seen.length).toBeGreaterThan(0);
    for (const v of seen) { expect(v.same).toBe(true); expect(v.child).toBe(v.parent); }
  });

  for (const mode of ['cow', 'copy'] as const) {
    it(`in ${mode} mode, after each command exits the pages free or held only by the page cache are back where they were`, () => {
      // sh (pid 2) runs the list itself, forking a process for each command.
      const parentOf = new Map<number, number>();
      const freeAfter: number[] = [];
      const run = runWithModel('cowdemo; forkcost 2 write; cowdemo 64 7; forkdemo; echo done', {
        forkMode: mode,
        onEvent: (e, model) => {
          const k = model.snapshot();
          if (e.event === 'fork') parentOf.set(e.pid, k.processes.find((q) => q.pid === e.pid)!.parentPid);
          // Pages the cache alone holds (a program's text once it exits) are the allocator's to
          // take back, as Linux's MemAvailable counts them.
          const reclaimable = [...k.cachePages].filter((pa) => k.refcount(pa) === 1).length;
          if (e.event === 'reap' && parentOf.get(e.pid) === 2) freeAfter.push(k.nfree + reclaimable);
        },
      });
      expect(run.output).toContain('done\n');
      expect(freeAfter).toHaveLength(5);
      expect(new Set(freeAfter).size).toBe(1);
    });
  }
});
