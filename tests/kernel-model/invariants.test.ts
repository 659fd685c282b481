// The kernel model's checks catch each kind of broken bookkeeping. A snapshot of RAM taken at
// cowdemo's fork (cow mode) passes; each test breaks one thing in a copy and expects its rule.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/paths.js';
import { parseElf } from '../support/emulator.js';
import { runWithModel } from '../support/guest-model.js';
import { KernelModel } from '../../kernel-model/kernel-model.js';
import { describeFailure } from '../../kernel-model/event-checker.js';
import { PTE_W, PTE_X, pteAddress } from '../../kernel-model/sv32-table.js';
import { SEG_STACK } from '../../kernel-model/kernel-state.js';

const RAM_BASE = 0x8000_0000;
const kernel = parseElf(readFileSync(join(ROOT, 'images/kernel.elf')));
let ramAtFork: Uint8Array;
let child = 0, parent = 0;

beforeAll(() => {
  runWithModel('cowdemo', {
    onEvent: (e, model, machine) => {
      if (e.event === 'fork' && model.snapshot().processes.find((p) => p.pid === e.pid)?.name === 'cowdemo') {
        child = e.pid;
        ramAtFork = machine.bus.u8.slice();
      }
    },
  });
});

/** A copy of RAM at the fork, with a model over it and helpers to change it. */
function atFork() {
  const ram = ramAtFork.slice();
  const dv = new DataView(ram.buffer);
  const model = new KernelModel(ram, RAM_BASE, kernel.symbols);
  const k = model.snapshot();
  const L = model.layout;
  const get = (pa: number) => dv.getUint32(pa - RAM_BASE, true);
  const set = (pa: number, v: number) => dv.setUint32(pa - RAM_BASE, v >>> 0, true);
  const refAddr = (pa: number) => L.kmem_addr + L.kmem_refcount + 2 * ((pa - RAM_BASE) / 4096);
  const setRef = (pa: number, n: number) => dv.setUint16(refAddr(pa) - RAM_BASE, n, true);
  const proc = (pid: number) => k.processes.find((p) => p.pid === pid)!;
  parent = proc(child).parentPid;
  const heap = Math.max(...proc(child).segments.filter((s) => s.kind !== SEG_STACK).map((s) => s.end)); // first heap page
  /** Address of the level-0 PTE for va in pid's page table. */
  const pteOf = (pid: number, va: number) => pteAddress(get(proc(pid).pagetable + 4 * (va >>> 22))) + 4 * ((va >>> 12) & 1023);
  const heapPa = pteAddress(get(pteOf(child, heap)));
  return { model, k, L, get, set, setRef, proc, heap, heapPa, pteOf };
}

describe('the kernel model finds broken bookkeeping', () => {
  it('a page-cache page (program text) whose count leaves out the cache\'s own reference: rule refcount', () => {
    const { model, k, setRef } = atFork();
    const text = [...k.cachePages].find((pa) => k.refcount(pa) > 1)!;
    expect(text).toBeDefined();
    setRef(text, k.refcount(text) - 1);
    expect(model.check()).toContainEqual(expect.objectContaining({ rule: 'refcount', page: text }));
  });
  it('a swapped-out PTE naming a slot the swap disk does not have: rule swap; an invalid PTE that is no swap entry: rule page-table', () => {
    const { model, get, set, pteOf, heap } = atFork();
    set(pteOf(child, heap), (5 << 10) | 0x12); // R and U kept, V clear: slot 5, and there is no swap
    expect(model.check()).toContainEqual(expect.objectContaining({ rule: 'swap' }));
    set(pteOf(child, heap), (5 << 10) | 0x10); // U alone: not a form the kernel makes
    expect(model.check()).toContainEqual(expect.objectContaining({ rule: 'page-table' }));
    expect(get(pteOf(child, heap)) & 1).toBe(0);
  });
  it('a MAP_SHARED mark on a heap page: rule segment', () => {
    const { model, get, set, pteOf, heap, L } = atFork();
    set(pteOf(child, heap), get(pteOf(child, heap)) | L.pte_shared);
    expect(model.check()).toContainEqual(expect.objectContaining({ rule: 'segment' }));
  });
  it('a consistent snapshot has no violations, and parent and child share the heap', () => {
    const { model, k, heapPa } = atFork();
    expect(model.check()).toEqual([]);
    expect(k.refcount(heapPa)).toBe(2);
  });
  it('a reference count that is not the number of mappings: rule refcount', () => {
    const { model, setRef, heapPa, heap } = atFork();
    setRef(heapPa, 3);
    expect(model.check()).toEqual([expect.objectContaining({ rule: 'refcount', page: heapPa })]);
    const va = heap.toString(16).padStart(8, '0');
    expect(model.check()[0].message).toBe(
      `page 0x${heapPa.toString(16)} has reference count 3 but 2 holders: pid ${parent} va 0x${va} (r--u cow), pid ${child} va 0x${va} (r--u cow)`);
  });
  it('a shared page made writable in one address space: rule writable-shared', () => {
    const { model, L, get, set, pteOf, heap, heapPa } = atFork();
    // What a cow fault that forgot to copy would leave: writable, no longer marked cow.
    set(pteOf(child, heap), (get(pteOf(child, heap)) | PTE_W) & ~L.pte_cow);
    expect(model.check()).toEqual([expect.objectContaining({ rule: 'writable-shared', page: heapPa, pid: child })]);
  });
  it("a user mapping of the parent's trapframe: rule kernel-user-accessible", () => {
    const { model, get, set, pteOf, heap, proc } = atFork();
    const tf = proc(parent).trapframe;
    const pte = get(pteOf(child, heap));
    set(pteOf(child, heap), ((tf / 4096) << 10) | (pte & 0x3ff));
    const v = model.check();
    expect(v).toContainEqual(expect.objectContaining({ rule: 'kernel-user-accessible', page: tf, pid: child }));
  });
  it('a mapped page put on the free list: rule free-and-mapped', () => {
    const { model, L, get, set, setRef, heapPa } = atFork();
    const head = L.kmem_addr + L.kmem_freelist, nfree = L.kmem_addr + L.kmem_nfree;
    set(heapPa, get(head));
    set(head, heapPa);
    set(nfree, get(nfree) + 1);
    setRef(heapPa, 0);
    expect(model.check()).toContainEqual(expect.objectContaining({ rule: 'free-and-mapped', page: heapPa }));
  });
  it('a page taken off the free list and held by no one: rule leak', () => {
    const { model, L, get, set, setRef } = atFork();
    const head = L.kmem_addr + L.kmem_freelist, nfree = L.kmem_addr + L.kmem_nfree;
    const page = get(head);
    set(head, get(page));
    set(nfree, get(nfree) - 1);
    setRef(page, 1);
    expect(model.check()).toEqual([expect.objectContaining({ rule: 'leak', page })]);
  });
  it('a free count that disagrees with the free list: rule free-list', () => {
    const { model, L, get, set } = atFork();
    set(L.kmem_addr + L.kmem_nfree, get(L.kmem_addr + L.kmem_nfree) + 1);
    expect(model.check()).toEqual([expect.objectContaining({ rule: 'free-list' })]);
  });
  it("a page-table count that disagrees with the page tables (free's figure): rule page-table", () => {
    const { model, k, L, set } = atFork();
    set(L.pagetable_pages_addr, k.pagetablePages + 1);
    expect(model.check()).toEqual([expect.objectContaining({ rule: 'page-table' })]);
    expect(model.check()[0].message).toBe(`the kernel counts ${k.pagetablePages + 1} page-table pages, the page tables have ${k.pagetablePages}`);
  });
  it('a page left mapped above the size sbrk shrank to: rule segment', () => {
    const { model, k, L, set, proc } = atFork();
    const c = proc(child);
    set(L.proc_addr + c.slot * L.proc_size + L.proc_sz, c.sz - 4096);
    const last = Math.ceil(c.sz / 4096) * 4096 - 4096;
    expect(model.check()).toEqual([expect.objectContaining({ rule: 'segment', pid: child })]);
    expect(model.check()[0].message).toBe(`pid ${child} va 0x${last.toString(16).padStart(8, '0')} is mapped above its size 0x${(c.sz - 4096).toString(16).padStart(8, '0')}`);
    expect(k.processes.length).toBeGreaterThan(2);
  });
  it('text made writable, or a stack page made executable: rule segment', () => {
    const text = atFork();
    text.set(text.pteOf(child, 0), text.get(text.pteOf(child, 0)) | PTE_W);
    expect(text.model.check()).toContainEqual(expect.objectContaining({
      rule: 'segment', pid: child, message: expect.stringMatching(/^pid \d+ va 0x00000000: writable or copy-on-write in a read-only segment/) }));
    const stack = atFork();
    const top = stack.proc(child).segments.find((s) => s.kind === SEG_STACK)!.end - 4096;
    stack.set(stack.pteOf(child, top), stack.get(stack.pteOf(child, top)) | PTE_X);
    expect(stack.model.check()).toContainEqual(expect.objectContaining({
      rule: 'segment', pid: child, message: expect.stringMatching(/^pid \d+ va 0x7ffff000: executable outside the text/) }));
  });
  it('a process table pointing outside RAM stops the check with rule unreadable, not a crash', () => {
    const run = runWithModel('cowdemo', {
      onEvent: (e, model, machine) => {
        const p = model.snapshot().processes.find((q) => q.pid === e.pid);
        if (e.event !== 'fork' || p?.name !== 'cowdemo') return;
        const L = model.layout;
        new DataView(machine.bus.u8.buffer).setUint32(L.proc_addr + p.slot * L.proc_size + L.proc_pagetable - RAM_BASE, 0x1000, true);
      },
    });
    expect(run.exitCode).toBe(3);
    expect(describeFailure(run.failure!)).toMatch(/^after fork of pid \d+: rule unreadable: pid \d+: page table 0x1000 is not in RAM$/);
  });
  it('--check stops the guest at the first violation, naming the event, pid, page and rule', () => {
    let page = 0, heapVa = '';
    const run = runWithModel('cowdemo; echo not reached', {
      onEvent: (e, model, machine) => {
        const k = model.snapshot();
        const p = k.processes.find((q) => q.pid === e.pid);
        if (e.event !== 'fork' || p?.name !== 'cowdemo') return;
        // A kernel bug, simulated: one more reference to the child's first heap page.
        const L = model.layout;
        const heap = Math.max(...p.segments.filter((s) => s.kind !== SEG_STACK).map((s) => s.end));
        heapVa = heap.toString(16).padStart(8, '0');
        const dv = new DataView(machine.bus.u8.buffer);
        const l1 = dv.getUint32(p.pagetable + 4 * (heap >>> 22) - RAM_BASE, true);
        page = pteAddress(dv.getUint32(pteAddress(l1) + 4 * ((heap >>> 12) & 1023) - RAM_BASE, true));
        const ref = L.kmem_addr + L.kmem_refcount + 2 * ((page - RAM_BASE) / 4096) - RAM_BASE;
        dv.setUint16(ref, dv.getUint16(ref, true) + 1, true);
      },
    });
    expect(run.exitCode).toBe(3);
    expect(run.output).not.toContain('not reached');
    expect(describeFailure(run.failure!)).toMatch(
      new RegExp(`^after fork of pid \\d+ \\(cowdemo\\): rule refcount: page 0x${page.toString(16)} has reference count 3 but 2 holders: pid \\d+ va 0x${heapVa} \\(r--u cow\\), pid \\d+ va 0x${heapVa} \\(r--u cow\\)$`));
  });
});

describe('the kernel model and on-demand fork (shared level-0 tables)', () => {
  /** RAM at cowdemo's fork in odf mode, a model over it, and the child's shared heap table. */
  function atOdfFork() {
    let ram: Uint8Array | undefined, childPid = 0;
    const run = runWithModel('cowdemo', {
      forkMode: 'odf',
      onEvent: (e, model, machine) => {
        if (!ram && e.event === 'fork' && model.snapshot().processes.find((p) => p.pid === e.pid)?.name === 'cowdemo') {
          childPid = e.pid;
          ram = machine.bus.u8.slice();
        }
      },
    });
    expect(run.failure).toBeUndefined();
    const model = new KernelModel(ram!, RAM_BASE, kernel.symbols);
    const k = model.snapshot();
    const c = k.processes.find((p) => p.pid === childPid)!, p = k.processes.find((q) => q.pid === c.parentPid)!;
    const dv = new DataView(ram!.buffer);
    const heap = Math.max(...c.segments.filter((s) => s.kind !== SEG_STACK).map((s) => s.end));
    const table = pteAddress(dv.getUint32(c.pagetable + 4 * (heap >>> 22) - RAM_BASE, true));
    return { model, k, dv, c, p, heap, table };
  }
  it('sees parent and child point at the same level-0 table, with its count 2 and no writable PTE: no violation', () => {
    const { model, k, dv, p, heap, table } = atOdfFork();
    expect(pteAddress(dv.getUint32(p.pagetable + 4 * (heap >>> 22) - RAM_BASE, true))).toBe(table);
    expect(k.refcount(table)).toBe(2);
    expect(model.check(k)).toEqual([]);
  });
  it('a writable PTE left in a shared table: rule shared-table', () => {
    const { model, dv, heap, table } = atOdfFork();
    const pte = table + 4 * ((heap >>> 12) & 1023) - RAM_BASE;
    dv.setUint32(pte, dv.getUint32(pte, true) | PTE_W, true);
    const v = model.check();
    expect(v, JSON.stringify(v)).toContainEqual(expect.objectContaining({ rule: 'shared-table' }));
  });
  it('a shared table whose count is not the number of roots pointing at it: rule refcount', () => {
    const { model, dv, table } = atOdfFork();
    const L = model.layout;
    const ref = L.kmem_addr + L.kmem_refcount + 2 * ((table - RAM_BASE) / 4096) - RAM_BASE;
    dv.setUint16(ref, 1, true);
    expect(model.check()).toContainEqual(expect.objectContaining({ rule: 'refcount', page: table }));
  });
});
