// Kernel start, in S-mode on the boot stack: set up memory, traps, devices, the file system
// layers and the first process, then schedule forever.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "defs.h"

void main(uint hartid, uint dtb) {
  (void)hartid;
  fdt_parse(dtb); /* RAM size and bootargs, before kinit reuses the memory the tree is in */
  kinit();        /* physical pages */
  kvminit();      /* kernel page table, paging on */
  consoleinit();
  printfinit();
  /* With a command to run (xv32 exec), only the command's output appears. */
  if (!bootargs[0]) printf("\nxv32 kernel is booting (%d MiB)\n", (phystop - RAMBASE) >> 20);
  procinit();
  trapinit();
  trapinithart();
  plicinit();
  binit();
  pcacheinit();
  iinit();
  fileinit();
  virtio_disk_init();
  swapinit();
  userinit();
  scheduler();
}
