// Memory statistics (memstat system call; the free program): shared with user space.
#ifndef XV32_MEMSTAT_H
#define XV32_MEMSTAT_H
struct memstat {
  unsigned int total_pages;      /* pages of RAM the allocator manages */
  unsigned int free_pages;
  unsigned int shared_pages;     /* allocated pages with more than one reference */
  unsigned int fork_copied;      /* pages copied by fork in copy mode, ever */
  unsigned int cow_faults;       /* store faults on copy-on-write pages, ever */
  unsigned int cow_copied;       /* pages those faults copied (the others were the last holder) */
  int fork_mode;                 /* FORK_COPY or FORK_COW */
  int sbrk_mode;                 /* SBRK_EAGER or SBRK_LAZY */
  unsigned int lazy_faults;      /* heap pages allocated on first touch, ever */
  unsigned int pagetable_pages;  /* pages holding page tables now, the kernel's included */
  unsigned int ptes_written;     /* user page-table entries the kernel stored (set, changed, cleared), ever */
  unsigned int pt_allocated;     /* page-table pages allocated (roots and level-0 tables), ever */
  unsigned int tlb_flushes;      /* sfence.vma the kernel executed, ever */
  /* Instructions the kernel retired in the last fork, vfork or spawn making its child (fork runs
   * with interrupts off, so nothing else is counted; vfork up to where the parent sleeps). */
  unsigned long long start_instret;
  unsigned int stack_grown;      /* stack pages allocated as the stack grew down, ever */
  unsigned int stack_max;        /* how far the stack may grow, in bytes (--stack-max) */
  unsigned int mmap_faults;      /* anonymous mmap pages allocated on first touch, ever */
  unsigned int file_faults;      /* file pages mapped on first touch (from the page cache), ever */
  unsigned int writebacks;       /* dirty shared file pages written back to their files, ever */
  unsigned int pcache_pages;     /* pages in the page cache now */
  unsigned int pcache_reads;     /* file pages read from the disk into the cache, ever */
  unsigned int pcache_hits;      /* file pages found in the cache (read, mmap, exec), ever */
  unsigned int pcache_drops;     /* cache pages nothing mapped, given back to the allocator, ever */
  unsigned int swap_pages;       /* page slots of swap (0: no swap) */
  unsigned int swap_used;        /* slots in use: swapped-out pages, and clean copies of pages back in memory */
  unsigned int swap_outs;        /* pages written to swap, ever */
  unsigned int swap_ins;         /* pages read back from swap, ever */
  unsigned int swap_clean;       /* pages swapped out without a write (their swap copy was still good), ever */
  unsigned int oom_kills;        /* processes killed with memory and swap both full, ever */
  unsigned int swap_reshared;    /* swap-ins that shared a page another holder of the slot had brought back, ever */
  unsigned int file_drops;       /* mapped file pages reclaim let go (written back first if dirty), ever */
};
#define SBRK_EAGER 0
#define SBRK_LAZY 1
#define FORK_COPY 0
#define FORK_COW 1
#define FORK_ODF 2 /* on-demand fork: level-0 page tables shared until first written */
#endif
