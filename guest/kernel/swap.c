// Swap (xv32 boot|exec --swap MiB): the slots of the swap disk (VIRTIO1) and the pages that go
// to them. The clock in reclaim.c picks a private anonymous page; swapwrite writes it to a slot
// and its PTE keeps the slot number with V clear (SWAPPTE). A fault on such a PTE (lazyfault)
// reads the page back (swapin).
//
// A page whose content a slot holds keeps that slot as its swap cache (frameslot) for as long as
// nobody writes it: such pages are mapped without W (copy-on-write), and the store fault that
// makes one writable lets the slot go (swapforget). So swapping out a page that still has its
// slot writes nothing: a clean page is written once. A copy-on-write page shared after fork is
// swapped out PTE by PTE without a reverse map: the first eviction writes it and leaves the page
// in memory for the others, the next ones find its slot and only count one more reference, and
// the last frees the page; each side later reads its own copy back. fork copies a swapped-out
// PTE with one more reference to its slot.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "swap.h"
#include "defs.h"

struct swapstate swapstate;
ushort frameslot[MAX_RAM / PGSIZE]; /* a page whose content a slot holds: the slot + 1 (by page of RAM) */


void swapinit(void) {
  initlock(&swapstate.lock, "swap");
  uint n = virtio_swap_pages();
  swapstate.nslots = n < MAXSLOTS ? n : MAXSLOTS;
}

/* A free slot (no references, not cached, not being written), or -1. swapstate.lock held. */
static int allocslot(void) {
  for (uint n = 0; n < swapstate.nslots; n++) {
    uint s = swapstate.next;
    swapstate.next = (swapstate.next + 1) % swapstate.nslots;
    if (swapstate.ref[s] == 0 && !swapstate.cached[s] && !swapstate.busy[s]) return (int)s;
  }
  return -1;
}

/* One more PTE refers to the slot in pte (fork, or a page table copied by on-demand fork). */
void swapdup(pte_t pte) {
  acquire(&swapstate.lock);
  swapstate.ref[SWAPSLOT(pte)]++;
  release(&swapstate.lock);
}

/* A PTE referring to the slot in pte is gone (exit, munmap, sbrk shrinking). */
void swapdrop(pte_t pte) {
  acquire(&swapstate.lock);
  uint s = SWAPSLOT(pte);
  if (swapstate.ref[s] == 0) panic("swapdrop: free slot");
  swapstate.ref[s]--;
  release(&swapstate.lock);
}

/* The page at pa is about to be written (a store fault) or was freed: its swap copy, if it had
 * one, no longer matches, so the page lets its slot go. Called by cowfault, mprotect and kfree. */
void swapforget(uint pa) {
  uint i = RAMPAGE(pa);
  if (!frameslot[i]) return;
  acquire(&swapstate.lock);
  if (frameslot[i]) {
    uint s = frameslot[i] - 1;
    swapstate.cached[s]--;
    if (swapstate.page[s] == pa) swapstate.page[s] = 0;
    frameslot[i] = 0;
  }
  release(&swapstate.lock);
}

/* Whether the leaf PTE may be swapped out: present, user, not MAP_SHARED nor the page cache's,
 * and writable only if it is the page's one mapping (others are copy-on-write or read-only,
 * so no one can change the page while it is written out). */
int swappable(pte_t v) {
  if ((v & (PTE_V | PTE_U)) != (PTE_V | PTE_U) || (v & PTE_SHARED)) return 0;
  uint pa = PTE2PA(v);
  return !pcache_holds(pa) && (!(v & PTE_W) || krefcount((void *)pa) == 1);
}

/*
 * Writes out the page the clock chose (pte, a swappable PTE; swapstate.lock held, and released
 * here) to a slot, or, if its swap copy is still good, frees it without writing. Returns 1 if the
 * page left this PTE, 0 if no slot is free.
 */
int swapwrite(pte_t *pte) {
  uint pa = PTE2PA(*pte), i = RAMPAGE(pa);
  int clean = frameslot[i] != 0;
  int s = clean ? frameslot[i] - 1 : allocslot();
  if (s < 0) { release(&swapstate.lock); return 0; }
  if (!clean) {
    /* The slot will hold the page's content: other holders of the page find it there. */
    swapstate.busy[s] = 1;
    frameslot[i] = (ushort)(s + 1);
    swapstate.cached[s]++;
    swapstate.page[s] = pa;
  }
  swapstate.ref[s]++;
  /* From here the PTE is on its way out: a fault on it waits until the slot is written. */
  *pte = SWAPPTE(s, *pte);
  release(&swapstate.lock);
  sfence_vma();
  memflux_begin(); /* the page may now be held by no PTE until it is freed below */
  if (!clean) {
    virtio_swap_rw(s, (void *)pa, 1);
    acquire(&swapstate.lock);
    swapstate.busy[s] = 0;
    wakeup_locked(&swapstate.busy[s]);
    release(&swapstate.lock);
    __atomic_fetch_add(&swapstate.outs, 1, __ATOMIC_RELAXED);
  } else {
    __atomic_fetch_add(&swapstate.clean, 1, __ATOMIC_RELAXED);
  }
  kfree((void *)pa); /* this PTE's reference: the page is free once no other holds it */
  memflux_end();
  return 1;
}

/*
 * A fault on va, whose PTE in pagetable says swapped out: reads the page back into a new page
 * and maps it, without W until the first store (the swap cache). Returns 0, -1 if the PTE is not
 * a swapped-out one, or LAZY_NO_MEMORY.
 */
int swapin(pagetable_t pagetable, uint va) {
  va = PGROUNDDOWN(va);
  if (push_depth() > 0) return LAZY_NO_MEMORY; /* under a spinlock: reading it back would sleep */
  if (unshare(pagetable, va) < 0) return LAZY_NO_MEMORY; /* the PTE changes: our own table */
  char *mem = kalloc(); /* first: it may sleep, swapping out others (never this PTE: not present) */
  if (!mem) return LAZY_NO_MEMORY;
  pte_t *pte = walk(pagetable, va, 0);
  if (!pte || !ISSWAPPTE(*pte)) { kfree(mem); return -1; }
  uint s = SWAPSLOT(*pte);
  acquire(&swapstate.lock);
  while (swapstate.busy[s]) sleep(&swapstate.busy[s], &swapstate.lock);
  uint held = swapstate.page[s];
  if (held) {
    /* Another holder of the slot (the other side of a fork) brought it back already: share that
     * page again, copy-on-write, as before it went out. No read. */
    pte = walk(pagetable, va, 0);
    if (!pte || !ISSWAPPTE(*pte) || SWAPSLOT(*pte) != s) { release(&swapstate.lock); kfree(mem); return -1; }
    kref((void *)held);
    pte_t f = PTE_FLAGS(*pte) & ~(PTE_A | PTE_D);
    if (f & PTE_W) f = (f & ~PTE_W) | PTE_COW;
    swapstate.ref[s]--;
    *pte = PA2PTE(held) | f | PTE_V;
    swapstate.reshared++;
    release(&swapstate.lock);
    kfree(mem);
    sfence_vma();
    return 0;
  }
  release(&swapstate.lock);
  virtio_swap_rw(s, mem, 0);
  pte = walk(pagetable, va, 0); /* the read slept: the entry is still ours, but look again */
  if (!pte || !ISSWAPPTE(*pte) || SWAPSLOT(*pte) != s) { kfree(mem); return -1; }
  pte_t flags = PTE_FLAGS(*pte) & ~(PTE_A | PTE_D);
  if (flags & PTE_W) flags = (flags & ~PTE_W) | PTE_COW; /* the first store lets the slot go */
  acquire(&swapstate.lock);
  /* The slot stays this page's clean copy until the page is written or freed. */
  swapstate.ref[s]--;
  swapstate.cached[s]++;
  frameslot[RAMPAGE((uint)mem)] = (ushort)(s + 1);
  if (!swapstate.page[s]) swapstate.page[s] = (uint)mem;
  *pte = PA2PTE(mem) | flags | PTE_V;
  release(&swapstate.lock);
  sfence_vma();
  __atomic_fetch_add(&swapstate.ins, 1, __ATOMIC_RELAXED);
  return 0;
}

/* Slots in use (referred to by PTEs, or holding the content of a page in memory). */
uint swapused(void) {
  uint n = 0;
  for (uint s = 0; s < swapstate.nslots; s++) if (swapstate.ref[s] || swapstate.cached[s]) n++;
  return n;
}
