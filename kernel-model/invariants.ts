// The rules the kernel's memory bookkeeping must keep, checked from outside on a snapshot:
// every allocated page is held by someone and its reference count says by how many; free pages
// are held by no one; a writable page belongs to one address space; user mode reaches no kernel
// page; every mapping lies in its process's memory with the permissions its segment says.
import { PROT_EXEC, PROT_WRITE, segmentsWithHeap, type KernelState, type ProcessState } from './kernel-state.js';
import { PGSIZE, PTE_U, PTE_W, PTE_R, PTE_X, type Leaf } from './sv32-table.js';

export type Rule =
  | 'refcount'               // a page's reference count is not the number of its holders
  | 'free-and-mapped'        // a page on the free list is mapped or held by the kernel
  | 'writable-shared'        // a page writable in one address space is mapped in another
  | 'kernel-user-accessible' // user mode can reach a kernel page, the kernel image or a device
  | 'leak'                   // an allocated page that nothing holds
  | 'free-list'              // the free list or its count is inconsistent
  | 'page-table'             // a page table the kernel would never build, or miscounted
  | 'segment'                // a mapping outside the process's memory, or not as its segment says
  | 'shared-table'           // a level-0 table shared by on-demand fork holds a writable PTE
  | 'swap'                   // a swap slot's counts are not the PTEs and pages that use it
  | 'synced'                 // after sync, a shared-mapped file's clean cache page differs from the disk
  | 'unreadable';            // the kernel's tables point outside RAM

export interface Violation {
  rule: Rule;
  /** The process concerned (0 if none). */
  pid: number;
  /** The physical page concerned (0 if none). */
  page: number;
  message: string;
}

/** Who holds a page: a user mapping (in the address space `root`), the kernel, or the page cache
 * (whose pages user mappings may share). */
type Holder =
  | { kind: 'user'; root: number; pids: number[]; va: number; pte: number }
  | { kind: 'kernel'; what: string; pid: number }
  | { kind: 'cache' };

const hex = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

function describe(h: Holder, cowBit: number): string {
  if (h.kind === 'kernel') return h.what;
  if (h.kind === 'cache') return 'the page cache';
  const mode = `${h.pte & PTE_R ? 'r' : '-'}${h.pte & PTE_W ? 'w' : '-'}${h.pte & PTE_X ? 'x' : '-'}` +
    `${h.pte & PTE_U ? 'u' : '-'}${h.pte & cowBit ? ' cow' : ''}`;
  return `pid ${h.pids.join('+')} va ${hex(h.va)} (${mode})`;
}

/** Checks every rule; returns the violations found (none when the kernel's books are right). */
export function checkInvariants(k: KernelState): Violation[] {
  const out: Violation[] = [];
  const cow = k.layout.pte_cow;
  const managed = (pa: number) => pa >= k.firstPage && pa < k.phystop && pa % PGSIZE === 0;
  const holders = new Map<number, Holder[]>();
  const hold = (pa: number, h: Holder) => {
    const list = holders.get(pa);
    if (list) list.push(h); else holders.set(pa, [h]);
  };
  const kernelPage = (pa: number, what: string, pid: number) => {
    if (!managed(pa)) out.push({ rule: 'page-table', pid, page: pa, message: `${what} at ${hex(pa)} is not a page the allocator manages` });
    else hold(pa, { kind: 'kernel', what, pid });
  };

  kernelPage(k.kernelRoot, 'the kernel page table', 0);
  k.kernelRootEntries.forEach((e, i) => {
    if (e & PTE_U) out.push({ rule: 'kernel-user-accessible', pid: 0, page: 0, message: `the kernel page table's entry for ${hex(i << 22)} has the U bit` });
  });
  for (const p of k.processes) {
    if (p.trapframe) kernelPage(p.trapframe, `the trapframe of pid ${p.pid}`, p.pid);
    if (p.kstack) kernelPage(p.kstack, `the kernel stack of pid ${p.pid}`, p.pid);
    for (const s of p.spawnPages) kernelPage(s, `a spawn argument page of pid ${p.pid}`, p.pid);
  }
  for (const pa of k.pipePages) kernelPage(pa, 'a pipe', 0);
  for (const pa of k.cachePages) {
    if (!managed(pa)) out.push({ rule: 'page-table', pid: 0, page: pa, message: `the page cache holds ${hex(pa)}, not a page the allocator manages` });
    else hold(pa, { kind: 'cache' });
  }

  const kernelEntries = k.kernelRootEntries.subarray(k.layout.usertop >>> 22);
  // On-demand fork shares level-0 tables: a PTE seen from several spaces holds its page once, and
  // a shared table may hold no writable PTE (the first write must fault and unshare it).
  const seenPtes = new Set<number>();
  const tableSpaces = new Map<number, number>();
  for (const { space } of k.spaces.values()) for (const t of space.tables) tableSpaces.set(t, (tableSpaces.get(t) ?? 0) + 1);
  for (const [root, { pids, space }] of k.spaces) {
    const pid = pids[0];
    kernelPage(root, `the page table of pid ${pids.join('+')}`, pid);
    for (const t of space.tables) kernelPage(t, `a page table of pid ${pids.join('+')}`, pid);
    for (const s of space.superpages) {
      out.push({ rule: 'page-table', pid, page: s.pa, message: `pid ${pid} maps a 4 MiB superpage at user address ${hex(s.va)}` });
    }
    space.kernelEntries.forEach((e, i) => {
      const va = ((i + (k.layout.usertop >>> 22)) << 22) >>> 0;
      if (e & PTE_U) {
        out.push({ rule: 'kernel-user-accessible', pid, page: 0, message: `pid ${pid}'s kernel half at ${hex(va)} has the U bit` });
      } else if (e !== kernelEntries[i]) {
        out.push({ rule: 'page-table', pid, page: 0, message: `pid ${pid}'s kernel half at ${hex(va)} differs from the kernel page table` });
      }
    });
    for (const l of space.leaves) {
      if (!managed(l.pa)) {
        const rule = l.pte & PTE_U ? 'kernel-user-accessible' : 'page-table';
        out.push({ rule, pid, page: l.pa, message: `pid ${pid} va ${hex(l.va)} maps ${hex(l.pa)}, outside the pages the allocator manages (kernel image, firmware or device)` });
        continue;
      }
      const shared = (tableSpaces.get(l.ptePa - (l.ptePa % PGSIZE)) ?? 0) > 1;
      if (shared && (l.pte & PTE_W)) {
        out.push({ rule: 'shared-table', pid, page: l.pa, message: `pid ${pid} va ${hex(l.va)} is writable in a page table shared with another address space` });
      }
      if (seenPtes.has(l.ptePa)) continue;
      seenPtes.add(l.ptePa);
      hold(l.pa, { kind: 'user', root, pids, va: l.va, pte: l.pte });
    }
    const owner = k.processes.find((p) => p.pagetable === root && !p.vforkParentPid) ?? k.processes.find((p) => p.pagetable === root)!;
    checkSegments(out, owner, space.leaves, cow, k.layout.pte_shared);
  }

  checkSwap(out, k);

  const tablePages = 1 + k.spaces.size + tableSpaces.size; // the kernel's root, each space's root, each level-0 table once
  if (tablePages !== k.pagetablePages) {
    out.push({ rule: 'page-table', pid: 0, page: 0, message: `the kernel counts ${k.pagetablePages} page-table pages, the page tables have ${tablePages}` });
  }
  if (k.freeListBroken) out.push({ rule: 'free-list', pid: 0, page: 0, message: k.freeListBroken });
  if (k.freeListLength !== k.nfree) {
    out.push({ rule: 'free-list', pid: 0, page: 0, message: `the free list has ${k.freeListLength} pages, kmem.nfree says ${k.nfree}` });
  }
  const npages = (k.phystop - k.firstPage) / PGSIZE;
  const isFree = k.free;

  // Most pages are free or held by no one: those take the short way, through typed arrays.
  const held = new Uint8Array(npages);
  for (const pa of holders.keys()) held[(pa - k.firstPage) / PGSIZE] = 1;
  const refs = k.refcounts, first = (k.firstPage - k.layout.rambase) / PGSIZE;
  for (let i = 0; i < npages; i++) {
    const rc = refs[first + i];
    if (held[i] === 0 && isFree[i] === 1 && rc === 0) continue; // a free page, as it should be
    const pa = k.firstPage + i * PGSIZE;
    const hs = holders.get(pa);
    if (hs) { checkHeld(out, pa, rc, isFree[i] === 1, hs, cow, k.layout.pte_shared); continue; }
    if (isFree[i]) {
      if (rc !== 0) out.push({ rule: 'free-list', pid: 0, page: pa, message: `page ${hex(pa)} is on the free list with reference count ${rc}` });
    } else if (rc === 0) {
      out.push({ rule: 'free-list', pid: 0, page: pa, message: `page ${hex(pa)} has reference count 0 but is not on the free list` });
    } else {
      out.push({ rule: 'leak', pid: 0, page: pa, message: `page ${hex(pa)} has reference count ${rc} but no process, page table or pipe holds it` });
    }
  }
  return out;
}

/**
 * Swap: every swapped-out PTE names a slot of the swap disk; each slot's reference count is the
 * number of such PTEs (a PTE in a table on-demand fork shares counts once), and its cached count
 * the number of pages of RAM whose content it holds; such a page is allocated, never free; an
 * invalid PTE is 0 or a swap entry.
 */
function checkSwap(out: Violation[], k: KernelState): void {
  const { nslots, ref, cached, frameslot } = k.swap;
  const refs = new Uint32Array(nslots), seen = new Set<number>();
  for (const [, { pids, space }] of k.spaces) {
    for (const j of space.junk) out.push({ rule: 'page-table', pid: pids[0], page: 0, message: `pid ${pids[0]} va ${hex(j.va)}: an invalid PTE ${hex(j.pte)} that is no swap entry` });
    for (const e of space.swapped) {
      if (seen.has(e.ptePa)) continue;
      seen.add(e.ptePa);
      if (e.slot >= nslots) out.push({ rule: 'swap', pid: pids[0], page: 0, message: `pid ${pids[0]} va ${hex(e.va)} is swapped out to slot ${e.slot}, past the ${nslots} slots` });
      else refs[e.slot]++;
    }
  }
  const holders = new Uint32Array(nslots);
  const first = (k.firstPage - k.layout.rambase) / PGSIZE;
  for (let i = first; i < frameslot.length; i++) {
    const s = frameslot[i];
    if (!s) continue;
    const pa = k.layout.rambase + i * PGSIZE;
    if (s > nslots) { out.push({ rule: 'swap', pid: 0, page: pa, message: `page ${hex(pa)} says its content is in slot ${s - 1}, past the ${nslots} slots` }); continue; }
    holders[s - 1]++;
    if (k.free[i - first]) out.push({ rule: 'swap', pid: 0, page: pa, message: `page ${hex(pa)} is free but still the swap cache of slot ${s - 1}` });
  }
  for (let s = 0; s < nslots; s++) {
    if (ref[s] !== refs[s]) out.push({ rule: 'swap', pid: 0, page: 0, message: `swap slot ${s} has reference count ${ref[s]} but ${refs[s]} PTEs refer to it` });
    if (cached[s] !== holders[s]) out.push({ rule: 'swap', pid: 0, page: 0, message: `swap slot ${s} counts ${cached[s]} pages holding its content, RAM has ${holders[s]}` });
  }
}

/** The rules for a page someone holds: not free, counted right, not writable in two spaces,
 * not both the kernel's and user-accessible. */
function checkHeld(out: Violation[], pa: number, rc: number, free: boolean, hs: Holder[], cow: number, sharedBit: number): void {
  const who = () => hs.map((h) => describe(h, cow)).join(', ');
  const pidOf = (h: Holder) => (h.kind === 'user' ? h.pids[0] : h.kind === 'kernel' ? h.pid : 0);
  const users = hs.filter((h): h is Extract<Holder, { kind: 'user' }> => h.kind === 'user');
  const userAccess = users.find((h) => h.pte & PTE_U);
  if (userAccess && hs.some((h) => h.kind === 'kernel')) {
    out.push({ rule: 'kernel-user-accessible', pid: pidOf(userAccess), page: pa, message: `page ${hex(pa)} is kernel memory and user-accessible: ${who()}` });
  }
  if (free) {
    out.push({ rule: 'free-and-mapped', pid: pidOf(hs[0]), page: pa, message: `page ${hex(pa)} is on the free list and held: ${who()}` });
    if (rc !== 0) out.push({ rule: 'free-list', pid: 0, page: pa, message: `page ${hex(pa)} is on the free list with reference count ${rc}` });
    return;
  }
  if (rc !== hs.length) {
    out.push({ rule: 'refcount', pid: pidOf(hs[0]), page: pa, message: `page ${hex(pa)} has reference count ${rc} but ${hs.length} holder${hs.length > 1 ? 's' : ''}: ${who()}` });
  }
  // A MAP_SHARED page is meant to be written from every space that maps it.
  const writer = users.find((h) => (h.pte & PTE_W) && !(h.pte & sharedBit));
  if (writer && users.some((h) => h.root !== writer.root)) {
    out.push({ rule: 'writable-shared', pid: writer.pids[0], page: pa, message: `page ${hex(pa)} is writable in one address space and mapped in another: ${who()}` });
  }
}

/**
 * Every user mapping lies in one of the process's segments (or its heap, up to sz) with that
 * segment's permissions: U and R always, X only if it is executable, and if it is writable
 * either W or the kernel's copy-on-write mark (not both); a read-only segment has neither. A
 * guard page, or a page of a PROT_NONE mapping, is mapped without U or W. Nothing may be mapped
 * between sz and the stack but mmap regions (sbrk shrinking, exec, munmap).
 */
function checkSegments(out: Violation[], p: ProcessState, leaves: Leaf[], cow: number, sharedBit: number): void {
  const segs = segmentsWithHeap(p);
  const sz = Math.ceil(p.sz / PGSIZE) * PGSIZE;
  for (const l of leaves) {
    const s = segs.find((g) => l.va >= g.start && l.va < g.end);
    const where = `pid ${p.pid} va ${hex(l.va)}`;
    if (!s) {
      const why = l.va >= sz ? `above its size ${hex(p.sz)}` : 'outside every segment';
      out.push({ rule: 'segment', pid: p.pid, page: l.pa, message: `${where} is mapped ${why}` });
      continue;
    }
    const w = (l.pte & PTE_W) !== 0, c = (l.pte & cow) !== 0;
    let wrong = '';
    if (s.perm === 0) {
      // A mapping made PROT_NONE (or the guard page kernels before the growing stack had):
      // present without U or W.
      if (l.pte & (PTE_U | PTE_W)) wrong = 'user-accessible or writable in a segment without access';
    } else if (!(l.pte & PTE_U) || !(l.pte & PTE_R)) {
      wrong = 'not readable from user mode';
    } else if (((l.pte & PTE_X) !== 0) !== ((s.perm & PROT_EXEC) !== 0)) {
      wrong = s.perm & PROT_EXEC ? 'not executable in an executable segment' : 'executable outside the text';
    } else if (s.perm & PROT_WRITE ? w === c : w || c) {
      wrong = s.perm & PROT_WRITE ? (w ? 'both writable and copy-on-write' : 'neither writable nor copy-on-write')
        : 'writable or copy-on-write in a read-only segment';
    }
    if (!wrong && ((l.pte & sharedBit) !== 0) !== (s.mapShared === true)) {
      wrong = s.mapShared ? 'a private page in a shared mapping' : 'a shared page outside a MAP_SHARED mapping';
    }
    if (wrong) out.push({ rule: 'segment', pid: p.pid, page: l.pa, message: `${where}: ${wrong} (pte ${hex(l.pte)})` });
  }
}
