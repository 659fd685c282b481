// The swap area's state (swap.c), which memstat reports and the host's kernel model reads.
#ifndef XV32_SWAP_H
#define XV32_SWAP_H
#define MAXSLOTS 65535 /* page slots of swap at most (xv32 --swap takes up to 255 MiB) */

/* A swapped-out page's PTE: V clear, R kept set (a user leaf always has R, so a PTE with R and
 * not V is a swap entry), the other permission bits kept for when it comes back, A and D clear,
 * and the slot number where the physical page number was. */
#define SWAPPTE(slot, pte) (((pte_t)(slot) << 10) | (PTE_FLAGS(pte) & ~(PTE_V | PTE_A | PTE_D)) | PTE_R)
#define ISSWAPPTE(pte) (((pte) & (PTE_V | PTE_R)) == PTE_R)
#define SWAPSLOT(pte) ((pte) >> 10)

struct swaphand { uint proc, table, entry; };

struct swapstate {
  struct spinlock lock;
  uint nslots;                /* slots on the swap disk (0: no swap) */
  uint next;                  /* where the search for a free slot goes on */
  struct swaphand hand;       /* the clock's position */
  uint outs, ins, clean, oomkills; /* pages written out, read back, freed without a write; OOM kills */
  uint reshared;              /* swap-ins that found the slot's page still in memory and shared it */
  ushort ref[MAXSLOTS];       /* swapped-out PTEs referring to each slot */
  ushort cached[MAXSLOTS];    /* pages in memory whose content the slot holds (their swap cache) */
  uchar busy[MAXSLOTS];       /* being written */
  uint page[MAXSLOTS];        /* a page in memory holding the slot's content (0: none): a swap-in
                               * of the slot maps it again, copy-on-write, instead of reading */
};
extern struct swapstate swapstate;
extern ushort frameslot[];
#endif
