// Process system calls.
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "procinfo.h"
#include "memstat.h"
#include "procmaps.h"
#include "pagecache.h"
#include "swap.h"
#include "defs.h"

int sys_exit(void) {
  int n;
  argint(0, &n);
  exit(n);
  return 0; /* not reached */
}

int sys_getpid(void) { return myproc()->pid; }
int sys_fork(void) { return fork(); }

int sys_wait(void) {
  uint p;
  argaddr(0, &p);
  return waitpid(-1, p, 0);
}

/* waitpid(pid, status, options): wait for one child (or -1: any); options WNOHANG. */
int sys_waitpid(void) {
  int pid, options;
  uint p;
  argint(0, &pid);
  argaddr(1, &p);
  argint(2, &options);
  if (pid == 0 || pid < -1) return -1; /* no process groups to wait for */
  return waitpid(pid, p, options);
}

/* Grows or shrinks the heap by n bytes; returns the old break, or -1. */
int sys_sbrk(void) {
  int n;
  argint(0, &n);
  int addr = (int)myproc()->sz;
  if (growproc(n) < 0) return -1;
  return addr;
}

/* Sleeps n ticks (10 ms each); -1 if killed meanwhile. */
int sys_sleep(void) {
  int n;
  argint(0, &n);
  if (n < 0) n = 0;
  acquire(&tickslock);
  uint ticks0 = ticks;
  while (ticks - ticks0 < (uint)n) {
    if (killed(myproc())) { release(&tickslock); return -1; }
    sleep(&ticks, &tickslock);
  }
  release(&tickslock);
  return 0;
}

int sys_setpgid(void) {
  int pid, pgid;
  argint(0, &pid);
  argint(1, &pgid);
  return setpgid(pid, pgid);
}

int sys_kill(void) {
  int pid;
  argint(0, &pid);
  return kill(pid);
}

int sys_uptime(void) {
  acquire(&tickslock);
  uint xticks = ticks;
  release(&tickslock);
  return (int)xticks;
}

/* procinfo(buf, max): fills up to max struct procinfo; returns how many, or -1. */
int sys_procinfo(void) {
  uint addr;
  int max;
  argaddr(0, &addr);
  argint(1, &max);
  if (max < 0) return -1;
  static struct procinfo info[NPROC];
  int n = procinfo(info, max < NPROC ? max : NPROC);
  if (copyout(myproc()->pagetable, addr, (char *)info, n * sizeof info[0]) < 0) return -1;
  return n;
}

/* shutdown(code): powers the machine off; the host sees `code` as the exit status. */
int sys_shutdown(void) {
  int code;
  argint(0, &code);
  sbi_shutdown((uint)code);
  return 0;
}

/* bootargs(buf, n): copies the kernel command line (from the device tree); returns its length. */
int sys_bootargs(void) {
  uint addr;
  int n;
  argaddr(0, &addr);
  argint(1, &n);
  int len = strlen(bootargs);
  if (n <= len || copyout(myproc()->pagetable, addr, bootargs, len + 1) < 0) return -1;
  return len;
}

/* forkmode(mode): FORK_COPY, FORK_COW or FORK_ODF for every later fork; returns the previous mode, or -1. */
int sys_forkmode(void) {
  int mode;
  argint(0, &mode);
  if (mode != FORK_COPY && mode != FORK_COW && mode != FORK_ODF) return -1;
  int old = fork_mode;
  fork_mode = mode;
  return old;
}

/* memstat(struct memstat *): fills in the memory statistics; returns 0, or -1. */
int sys_memstat(void) {
  uint addr;
  argaddr(0, &addr);
  struct memstat ms;
  kcounts(&ms.total_pages, &ms.shared_pages);
  ms.free_pages = kfreecount();
  ms.fork_copied = fork_copied;
  ms.cow_faults = cow_faults;
  ms.cow_copied = cow_copied;
  ms.fork_mode = fork_mode;
  ms.sbrk_mode = sbrk_mode;
  ms.lazy_faults = lazy_faults;
  ms.stack_grown = stack_grown;
  ms.stack_max = stack_max;
  ms.mmap_faults = mmap_faults;
  ms.file_faults = file_faults;
  ms.writebacks = writebacks;
  ms.pcache_pages = pcache.npages;
  ms.pcache_reads = pcache_reads;
  ms.pcache_hits = pcache_hits;
  ms.pcache_drops = pcache_drops;
  ms.swap_pages = swapstate.nslots;
  ms.swap_used = swapused();
  ms.swap_outs = swapstate.outs;
  ms.swap_ins = swapstate.ins;
  ms.swap_clean = swapstate.clean;
  ms.oom_kills = swapstate.oomkills;
  ms.file_drops = file_drops;
  ms.swap_reshared = swapstate.reshared;
  ms.pagetable_pages = pagetable_pages;
  ms.ptes_written = ptes_written;
  ms.pt_allocated = pt_allocated;
  ms.tlb_flushes = tlb_flushes;
  ms.start_instret = start_instret;
  return copyout(myproc()->pagetable, addr, (char *)&ms, sizeof ms);
}

/* sbrkmode(mode): SBRK_EAGER or SBRK_LAZY for every later sbrk; returns the previous mode. */
int sys_sbrkmode(void) {
  int mode;
  argint(0, &mode);
  if (mode != SBRK_EAGER && mode != SBRK_LAZY) return -1;
  int old = sbrk_mode;
  sbrk_mode = mode;
  return old;
}

int sys_vfork(void) { return vfork(); }

/* procmaps(pid, buf, n): up to n struct procmap for pid's segments; returns how many, or -1. */
int sys_procmaps(void) {
  int pid, n;
  uint addr;
  argint(0, &pid);
  argaddr(1, &addr);
  argint(2, &n);
  if (n < 0) return -1;
  static struct procmap maps[NSEG];
  int got = procmaps(pid, maps, n < NSEG ? n : NSEG);
  if (got < 0 || copyout(myproc()->pagetable, addr, (char *)maps, got * sizeof maps[0]) < 0) return -1;
  return got;
}
