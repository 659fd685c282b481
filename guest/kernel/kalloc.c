// The physical page allocator: 4 KiB pages of RAM from the end of the kernel to PHYSTOP, each
// with a reference count (copy-on-write fork shares pages; the kernel model reads the counts).
// kalloc() returns a page with count 1; kfree() drops a reference and frees at zero.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "defs.h"
#include "kalloc.h"
#include "swap.h"

extern char end[]; /* first address after the kernel, from kernel.ld */

struct kmem kmem;

static uint pageindex(void *pa) {
  uint a = (uint)pa;
  if (a % PGSIZE || a < (uint)end || a >= PHYSTOP) panic("kalloc: bad page");
  return RAMPAGE(a);
}

static void freepage(void *pa, int junk);

void kinit(void) {
  initlock(&kmem.lock, "kmem");
  /* Never-used pages need no junk: that would cost a billion instructions at boot. */
  for (char *p = (char *)PGROUNDUP((uint)end); p + PGSIZE <= (char *)PHYSTOP; p += PGSIZE) {
    kmem.refcount[pageindex(p)] = 1;
    freepage(p, 0);
  }
}

/* Drops one reference to the page at pa; frees it (filled with junk) when none are left. */
void kfree(void *pa) { freepage(pa, 1); }

static void freepage(void *pa, int junk) {
  uint i = pageindex(pa);
  acquire(&kmem.lock);
  if (kmem.refcount[i] == 0) panic("kfree: page is free");
  if (--kmem.refcount[i] > 0) {
    int last = kmem.refcount[i] == 1;
    release(&kmem.lock);
    if (last) pcache_unmapped((uint)pa); /* perhaps a cache page no one maps now */
    return;
  }
  if (junk) memset(pa, 1, PGSIZE); /* catch use after free */
  struct run *r = pa;
  r->next = kmem.freelist;
  kmem.freelist = r;
  kmem.nfree++;
  release(&kmem.lock);
  if (swapstate.nslots) swapforget((uint)pa); /* a page with a swap copy: that slot lets it go */
}

/* Returns a zero-filled page with reference count 1, or 0 if memory is exhausted (after the
 * page cache gave back what nobody maps). */
void *kalloc(void) {
  while (kmem.nfree == 0 && pcache_reclaim()) {}
  /* Then the clock (reclaim.c), where the caller can sleep (no spinlock held, a process to sleep
   * in): mapped file pages let go, anonymous ones to swap, the cache giving back what that frees.
   * With swap full too, the biggest process is killed (this request still fails). */
  if (kmem.nfree == 0 && push_depth() == 0 && myproc()) {
    for (int r; kmem.nfree == 0 && (r = pageout()) != 0;) {
      if (r == PAGEOUT_FILE) pcache_reclaim(); /* the page, if no one else maps it */
    }
    if (kmem.nfree == 0 && swapstate.nslots) oomkill();
  }
  acquire(&kmem.lock);
  struct run *r = kmem.freelist;
  if (r) {
    kmem.freelist = r->next;
    kmem.nfree--;
    kmem.refcount[pageindex(r)] = 1;
  }
  release(&kmem.lock);
  if (r) memset(r, 0, PGSIZE);
  return r;
}

/* Adds a reference to an allocated page (a second mapping of it). */
void kref(void *pa) {
  uint i = pageindex(pa);
  acquire(&kmem.lock);
  if (kmem.refcount[i] == 0) panic("kref: page is free");
  kmem.refcount[i]++;
  release(&kmem.lock);
}

int krefcount(void *pa) { return kmem.refcount[pageindex(pa)]; }
uint kfreecount(void) { return kmem.nfree; }

/* Pages managed, and allocated pages with more than one reference (the page cache's own not
 * counted: a program's text mapped once is not shared). */
void kcounts(uint *total, uint *shared) {
  uint t = 0, sh = 0;
  acquire(&kmem.lock);
  for (uint a = PGROUNDUP((uint)end); a + PGSIZE <= PHYSTOP; a += PGSIZE) {
    t++;
    if (kmapcount(a) > 1) sh++;
  }
  release(&kmem.lock);
  *total = t;
  *shared = sh;
}
