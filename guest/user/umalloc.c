// malloc and free over sbrk: a first-fit free list of blocks in units of a header's size,
// kept in address order so neighbours coalesce. A free block that ends at the top of the heap
// goes back to the kernel (sbrk down) in whole pages.
#include "kernel/types.h"
#include "user/user.h"

typedef union header {
  struct { union header *next; uint size; } s; /* size in units, header included */
  long long align;
} Header;

static Header base;
static Header *freep;
static void trim(void);

#define PAGE 4096

/* Gives whole pages at the top of the heap back to the kernel when a free block ends there:
 * the block keeps what lies below the first page boundary past its own header. */
static void trim(void) {
  char *top = sbrk(0);
  for (Header *p = freep->s.next;; p = p->s.next) {
    if (p != &base && (char *)(p + p->s.size) == top) {
      char *newtop = (char *)(((uint)(p + 2) + PAGE - 1) & ~(PAGE - 1));
      if (top - newtop < PAGE) return;
      p->s.size = (uint)(newtop - (char *)p) / sizeof(Header);
      sbrk(-(int)(top - newtop));
      return;
    }
    if (p == freep) return;
  }
}

/* Puts a block on the free list, coalescing with its neighbours. */
static void putfree(void *ap) {
  Header *bp = (Header *)ap - 1, *p;
  for (p = freep; !(bp > p && bp < p->s.next); p = p->s.next) {
    if (p >= p->s.next && (bp > p || bp < p->s.next)) break; /* at either end of the arena */
  }
  if (bp + bp->s.size == p->s.next) { bp->s.size += p->s.next->s.size; bp->s.next = p->s.next->s.next; }
  else bp->s.next = p->s.next;
  if (p + p->s.size == bp) { p->s.size += bp->s.size; p->s.next = bp->s.next; }
  else p->s.next = bp;
  freep = p;
}

void free(void *ap) {
  if (!ap) return;
  putfree(ap);
  trim(); /* not in morecore, which would give back what it just got */
}

static Header *morecore(uint nu) {
  if (nu < 4096) nu = 4096;
  char *p = sbrk((int)(nu * sizeof(Header)));
  if (p == (char *)-1) return 0;
  Header *hp = (Header *)p;
  hp->s.size = nu;
  putfree(hp + 1);
  return freep;
}

void *malloc(uint nbytes) {
  uint nunits = (nbytes + sizeof(Header) - 1) / sizeof(Header) + 1;
  Header *prevp = freep;
  if (!prevp) { base.s.next = freep = prevp = &base; base.s.size = 0; }
  for (Header *p = prevp->s.next;; prevp = p, p = p->s.next) {
    if (p->s.size >= nunits) {
      if (p->s.size == nunits) prevp->s.next = p->s.next;
      else { p->s.size -= nunits; p += p->s.size; p->s.size = nunits; }
      freep = prevp;
      return p + 1;
    }
    if (p == freep && (p = morecore(nunits)) == 0) return 0;
  }
}
