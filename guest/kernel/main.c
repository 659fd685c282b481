// Kernel start, in S-mode on the boot stack: set up memory, traps, devices, the file system
// layers and the first process, then schedule forever.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "defs.h"

void main(void) {
  kinit();        /* physical pages */
  kvminit();      /* kernel page table, paging on */
  consoleinit();
  printfinit();
  printf("\nxv32 kernel is booting\n");
  procinit();
  trapinit();
  trapinithart();
  plicinit();
  binit();
  iinit();
  fileinit();
  virtio_disk_init();
  userinit();
  scheduler();
}
