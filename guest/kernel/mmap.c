// mmap, munmap, mprotect and msync for anonymous private mappings (MAP_PRIVATE | MAP_ANONYMOUS),
// with Linux's names and values. A mapping is a segment of the process (SEG_MMAP); its pages come
// on first touch (lazyfault, with the segment's permissions), fork makes them copy-on-write like
// the heap's (or copies them, or shares their tables, by fork mode), exec and exit drop them.
// New mappings go top-down from below the stack's guard gap; the heap may grow up to the lowest.
// File mappings and MAP_SHARED are not built yet: mmap says MAP_FAILED (-1) for them.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

#include "mman.h"

/* The mmap segment of p holding va, or -1. */
int mmapseg(struct proc *p, uint va) {
  for (int i = 0; i < p->nseg; i++) {
    if (p->seg[i].kind == SEG_MMAP && va >= p->seg[i].start && va < p->seg[i].end) return i;
  }
  return -1;
}

/* The lowest mapping's start: the heap grows up to it (or to the stack's gap, if none). */
uint mmaplow(struct proc *p) {
  uint low = heaplimit();
  for (int i = 0; i < p->nseg; i++) if (p->seg[i].kind == SEG_MMAP && p->seg[i].start < low) low = p->seg[i].start;
  return low;
}

/* Whether [start, end) meets a segment that is not a mapping (text, data, bss, stack) or the heap. */
static int clashes(struct proc *p, uint start, uint end) {
  if (start < PGROUNDUP(p->sz)) return 1;
  for (int i = 0; i < p->nseg; i++) {
    if (p->seg[i].kind != SEG_MMAP && start < p->seg[i].end && p->seg[i].start < end) return 1;
  }
  return 0;
}

static int addseg(struct proc *p, uint start, uint end, uint perm) {
  if (p->nseg == NSEG) return -1;
  p->seg[p->nseg].start = start;
  p->seg[p->nseg].end = end;
  p->seg[p->nseg].perm = perm;
  p->seg[p->nseg++].kind = SEG_MMAP;
  return 0;
}

static void dropseg(struct proc *p, int i) {
  p->seg[i] = p->seg[--p->nseg];
}

/* Splits the mapping holding va at va (no-op at a boundary). -1 if the segment table is full. */
static int splitat(struct proc *p, uint va) {
  int i = mmapseg(p, va);
  if (i < 0 || p->seg[i].start == va) return 0;
  if (addseg(p, va, p->seg[i].end, p->seg[i].perm) < 0) return -1;
  p->seg[i].end = va;
  return 0;
}

/* Segment slots a split of [start, end) needs (one at each end that falls inside a mapping). */
static int splitsneeded(struct proc *p, uint start, uint end) {
  int n = 0, i = mmapseg(p, start), j = mmapseg(p, end);
  if (i >= 0 && p->seg[i].start != start) n++;
  if (j >= 0 && p->seg[j].start != end) n++;
  return n;
}

/* Removes [start, end) from p's mappings, freeing their pages. 0, or -1 (changing nothing) if
 * the segment table cannot hold the pieces or a shared page table cannot be copied. */
static int unmaprange(struct proc *p, uint start, uint end) {
  if (splitsneeded(p, start, end) > NSEG - p->nseg) return -1;
  for (int i = 0; i < p->nseg; i++) {
    uint s = p->seg[i].start, e = p->seg[i].end;
    if (p->seg[i].kind != SEG_MMAP || e <= start || end <= s) continue;
    uint a = s > start ? s : start, b = e < end ? e : end;
    if (uvmunmap(p->pagetable, a, (b - a) / PGSIZE, 1) < 0) return -1;
  }
  sfence_vma();
  splitat(p, start);
  splitat(p, end);
  for (int i = 0; i < p->nseg;) {
    if (p->seg[i].kind == SEG_MMAP && p->seg[i].start >= start && p->seg[i].end <= end) dropseg(p, i);
    else i++;
  }
  return 0;
}

/* Checks an address range from user space: page-aligned start, a length that does not wrap or
 * reach the kernel. Its page-rounded end, or 0. */
static uint rangeend(uint addr, uint len) {
  if (addr % PGSIZE || len == 0) return 0;
  uint end = PGROUNDUP(addr + len);
  if (end <= addr || end > USERTOP) return 0;
  return end;
}

/* Whether all of [start, end) lies in p's mappings. */
static int allmapped(struct proc *p, uint start, uint end) {
  for (uint a = start; a < end;) {
    int i = mmapseg(p, a);
    if (i < 0) return 0;
    a = p->seg[i].end;
  }
  return 1;
}

/* mmap(addr, len, prot, flags, fd, offset): the mapping's address, or MAP_FAILED (-1). */
int sys_mmap(void) {
  uint addr, len;
  int prot, flags, fd, off;
  argaddr(0, &addr);
  argaddr(1, &len);
  argint(2, &prot);
  argint(3, &flags);
  argint(4, &fd);
  argint(5, &off);
  struct proc *p = myproc();
  /* A vfork child runs in its parent's address space, whose map is the parent's to change. */
  if (p->vfork_parent || len == 0 || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))) return -1;
  if (!(flags & MAP_ANONYMOUS) || (flags & (MAP_SHARED | MAP_PRIVATE)) != MAP_PRIVATE) return -1;
  if (flags & ~(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS)) return -1;
  uint size = PGROUNDUP(len);
  if (size < len) return -1;
  uint start;
  if (flags & MAP_FIXED) {
    uint end = rangeend(addr, size);
    if (!end || end > heaplimit() || clashes(p, addr, end)) return -1;
    memflux_begin();
    int r = unmaprange(p, addr, end);
    memflux_end();
    if (r < 0) return -1;
    start = addr;
  } else {
    uint low = mmaplow(p);
    start = low - size;
    if (size > low || clashes(p, start, low)) return -1;
  }
  if (addseg(p, start, start + size, prot) < 0) return -1;
  return (int)start;
}

/* munmap(addr, len): 0; -1 for a bad range. Unmapping what is not mapped is harmless. */
int sys_munmap(void) {
  uint addr, len;
  argaddr(0, &addr);
  argaddr(1, &len);
  struct proc *p = myproc();
  uint end = rangeend(addr, len);
  if (!end || p->vfork_parent) return -1;
  memflux_begin();
  int r = unmaprange(p, addr, end);
  memflux_end();
  return r;
}

/* mprotect(addr, len, prot): 0; -1 unless the whole range lies in mappings. */
int sys_mprotect(void) {
  uint addr, len;
  int prot;
  argaddr(0, &addr);
  argaddr(1, &len);
  argint(2, &prot);
  struct proc *p = myproc();
  uint end = rangeend(addr, len);
  if (!end || p->vfork_parent || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) || !allmapped(p, addr, end)) return -1;
  if (splitsneeded(p, addr, end) > NSEG - p->nseg) return -1;
  memflux_begin();
  int r = uvmprotect(p->pagetable, addr, end, prot);
  memflux_end();
  if (r < 0) return -1;
  splitat(p, addr);
  splitat(p, end);
  for (int i = 0; i < p->nseg; i++) {
    if (p->seg[i].kind == SEG_MMAP && p->seg[i].start >= addr && p->seg[i].end <= end) p->seg[i].perm = prot;
  }
  return 0;
}

/* msync(addr, len, flags): anonymous memory has no file to write back to. 0 for a mapped range. */
int sys_msync(void) {
  uint addr, len;
  argaddr(0, &addr);
  argaddr(1, &len);
  struct proc *p = myproc();
  uint end = rangeend(addr, len);
  return end && allmapped(p, addr, end) ? 0 : -1;
}
