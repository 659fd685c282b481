#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// free: memory in pages of 4 KiB, and what fork and copy-on-write have done so far.
int main(void) {
  struct memstat ms;
  if (memstat(&ms) < 0) { fprintf(2, "free: memstat failed\n"); exit(1); }
  printf("pages: total %d, used %d, free %d, shared %d, page tables %d\n", ms.total_pages,
         ms.total_pages - ms.free_pages, ms.free_pages, ms.shared_pages, ms.pagetable_pages);
  printf("fork mode %s; pages copied by fork %d; cow faults %d, pages they copied %d\n",
         ms.fork_mode == FORK_COPY ? "copy" : ms.fork_mode == FORK_ODF ? "odf" : "cow", ms.fork_copied, ms.cow_faults, ms.cow_copied);
  printf("sbrk mode %s; heap pages allocated on first touch %d\n", ms.sbrk_mode == SBRK_LAZY ? "lazy" : "eager",
         ms.lazy_faults);
  printf("stack pages grown on first touch %d (the stack may grow to %d KiB)\n", ms.stack_grown, ms.stack_max / 1024);
  printf("page cache %d pages; read from disk %d, found %d, given back %d; file pages mapped %d, written back %d, let go %d\n",
         ms.pcache_pages, ms.pcache_reads, ms.pcache_hits, ms.pcache_drops, ms.file_faults, ms.writebacks, ms.file_drops);
  if (ms.swap_pages)
    printf("swap %d pages, used %d; written out %d, read back %d, out without a write %d, shared again %d; out-of-memory kills %d\n",
           ms.swap_pages, ms.swap_used, ms.swap_outs, ms.swap_ins, ms.swap_clean, ms.swap_reshared, ms.oom_kills);
  exit(0);
}
