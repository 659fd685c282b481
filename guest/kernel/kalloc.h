// The physical page allocator's state, which the host's kernel model reads (kmodel.c).
#ifndef XV32_KALLOC_H
#define XV32_KALLOC_H
struct run { struct run *next; };

struct kmem {
  struct spinlock lock;
  struct run *freelist;  /* free pages, linked through their first word */
  uint nfree;
  /* Reference counts, one per page of RAM from RAMBASE: mappings of a user page, 1 for a page
   * the kernel holds, 0 for a free page. */
  ushort refcount[MAX_RAM / PGSIZE];
};
extern struct kmem kmem;
#endif
