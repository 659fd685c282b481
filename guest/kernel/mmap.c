// mmap, munmap, mprotect and msync, with Linux's names and values: anonymous or file-backed,
// private or shared. A mapping is a segment of the process (SEG_MMAP); its pages come on first
// touch (lazyfault, with the segment's permissions). A file mapping's pages are the page cache's
// (pagecache.c): MAP_SHARED maps them writable (PTE_SHARED), and their stores reach the file when
// msync, munmap, exec or exit writes back the pages whose D bit is set; MAP_PRIVATE maps them
// copy-on-write, so the first store copies the page. fork keeps PTE_SHARED pages shared and
// writable in every mode and treats private ones as the heap's; exec and exit drop mappings.
// New mappings go top-down from below the stack's guard gap; the heap may grow up to the lowest.
#include "types.h"
#include "param.h"
#include "stat.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "proc.h"
#include "defs.h"

#include "mman.h"
#include "kmodel.h"

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

uint file_faults, writebacks; /* memstat: file pages mapped on first touch; pages written back */

/* Adds a mapping; a file mapping takes a reference to the open file. -1 if the table is full. */
static int addseg(struct proc *p, uint start, uint end, uint perm, struct file *f, uint pgoff, int shared) {
  if (p->nseg == NSEG) return -1;
  struct segment *s = &p->seg[p->nseg++];
  s->start = start;
  s->end = end;
  s->perm = perm;
  s->kind = SEG_MMAP;
  s->file = f ? filedup(f) : 0;
  s->pgoff = pgoff;
  s->shared = shared;
  return 0;
}

static void dropseg(struct proc *p, int i) {
  if (p->seg[i].file) fileclose(p->seg[i].file);
  p->seg[i] = p->seg[--p->nseg];
  memset(&p->seg[p->nseg], 0, sizeof p->seg[0]);
}

/* Splits the mapping holding va at va (no-op at a boundary). -1 if the segment table is full. */
static int splitat(struct proc *p, uint va) {
  int i = mmapseg(p, va);
  if (i < 0 || p->seg[i].start == va) return 0;
  struct segment *s = &p->seg[i];
  if (addseg(p, va, s->end, s->perm, s->file, s->pgoff + (va - s->start) / PGSIZE, s->shared) < 0) return -1;
  s->end = va;
  return 0;
}

/* Writes len bytes of the page at pa to ip at off, in operations small enough for the log (as
 * filewrite splits a write). 0, or -1 if the disk is full. */
static int writepage(struct inode *ip, uint pa, uint off, uint len) {
  for (uint done = 0; done < len;) {
    uint n = len - done > MAXOPWRITE ? MAXOPWRITE : len - done;
    begin_op();
    ilock(ip);
    int r = writei(ip, 0, pa + done, off + done, n);
    iunlock(ip);
    end_op();
    if (r != (int)n) return -1;
    done += n;
  }
  return 0;
}

/* Writes the page at pa to ip as its bytes at off, up to the file's end (a page wholly past it
 * writes nothing). 0, or -1 if the disk is full. */
int filewritepage(struct inode *ip, uint pa, uint off) {
  ilock(ip);
  uint size = ip->size;
  iunlock(ip);
  if (off >= size) return 0;
  if (writepage(ip, pa, off, size - off < PGSIZE ? size - off : PGSIZE) < 0) return -1;
  __atomic_fetch_add(&writebacks, 1, __ATOMIC_RELAXED);
  return 0;
}

/* Writes page pa back to ip at off, with a reference the caller took while the page could not
 * go (the clock may let its PTE go while the write sleeps), and drops that reference. 0 or -1. */
int writeheldpage(struct inode *ip, uint pa, uint off) {
  memflux_begin(); /* the extra reference is no mapping's: the kernel model waits */
  int r = filewritepage(ip, pa, off);
  kfree((void *)pa);
  memflux_end();
  return r;
}

/* A write-back of pa failed (the disk is full): the PTE of va in pt, if it still maps pa, is
 * dirty again, so the page is written by a later write-back. */
void redirty(pagetable_t pt, uint va, uint pa) {
  pte_t *pte = walk(pt, va, 0);
  if (pte && (*pte & PTE_V) && PTE2PA(*pte) == pa) *pte |= PTE_D;
}

/* The file offset of page va of mapping s. */
uint mapoffset(struct segment *s, uint va) { return (s->pgoff + (PGROUNDDOWN(va) - s->start) / PGSIZE) * PGSIZE; }

/*
 * Writes back the dirty pages of [start, end) of p's shared file mapping s: those whose D bit is
 * set (a user store, or the kernel's copyout, set it), up to the file's end; each is written
 * once and its D bit cleared. 0, or -1 if a write failed (the page stays dirty).
 */
static int writeback(pagetable_t pt, struct segment *s, uint start, uint end) {
  if (!s->file || !s->shared) return 0;
  int r = 0;
  for (uint a = start; a < end; a += PGSIZE) {
    pte_t *pte = walk(pt, a, 0);
    if (!pte || !(*pte & PTE_V) || !(*pte & PTE_D)) continue;
    uint pa = PTE2PA(*pte);
    /* Clean first, so a store during the write dirties it again. */
    *pte &= ~PTE_D;
    sfence_vma();
    kref((void *)pa);
    if (writeheldpage(s->file->ip, pa, mapoffset(s, a)) < 0) { r = -1; redirty(pt, a, pa); }
  }
  return r;
}

/* fork: the child's copy of the segment table holds references of its own to mapped files. */
void mmap_fork(struct proc *np) {
  for (int i = 0; i < np->nseg; i++) if (np->seg[i].file) filedup(np->seg[i].file);
}

/* exec or exit: p's file mappings are written back (shared ones) and let go; their pages go
 * with the page table. */
void mmap_release(struct proc *p, pagetable_t pt) {
  for (int i = 0; i < p->nseg; i++) {
    struct segment *s = &p->seg[i];
    if (!s->file) continue;
    writeback(pt, s, s->start, s->end);
    fileclose(s->file);
    s->file = 0;
  }
}

/*
 * The first touch of page va of file mapping mm: map the file's page from the page cache. A
 * shared mapping maps it as it is (writable if the mapping is); a private one copy-on-write.
 * 0; -1 if already mapped; LAZY_PAST_EOF past the file's end; LAZY_NO_MEMORY.
 */
int filefault(struct proc *p, int mm, uint va) {
  struct segment *s = &p->seg[mm];
  struct inode *ip = s->file->ip;
  va = PGROUNDDOWN(va);
  uint index = s->pgoff + (va - s->start) / PGSIZE;
  if (push_depth() > 0) return LAZY_NO_MEMORY; /* under a spinlock: the file's lock would sleep */
  /* The kernel may be copying for a read() or write() of this very file, its lock held. */
  int locked = holdingsleep(&ip->lock);
  if (!locked) faultreserve();
  if (!locked) ilock(ip);
  int r = 0;
  uint pa = 0;
  if (index >= (ip->size + PGSIZE - 1) / PGSIZE) r = LAZY_PAST_EOF;
  else if ((pa = pcache_get(ip, index)) == 0) r = LAZY_NO_MEMORY;
  if (!locked) iunlock(ip);
  if (r) return r;
  pte_t *pte = walk(p->pagetable, va, 0);
  if (pte && (*pte & PTE_V)) { kfree((void *)pa); return -1; }
  uint perm = PTE_R | PTE_U | (s->perm & PROT_EXEC ? PTE_X : 0);
  if (s->shared) perm |= PTE_SHARED | (s->perm & PROT_WRITE ? PTE_W : 0);
  else if (s->perm & PROT_WRITE) perm |= PTE_COW;
  if (mappages(p->pagetable, va, PGSIZE, pa, perm) != 0) { kfree((void *)pa); return LAZY_NO_MEMORY; }
  __atomic_fetch_add(&file_faults, 1, __ATOMIC_RELAXED);
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
    writeback(p->pagetable, &p->seg[i], a, b);
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
  int shared = (flags & (MAP_SHARED | MAP_PRIVATE)) == MAP_SHARED;
  if (!shared && (flags & (MAP_SHARED | MAP_PRIVATE)) != MAP_PRIVATE) return -1;
  if (flags & ~(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS)) return -1;
  struct file *f = 0;
  if (!(flags & MAP_ANONYMOUS)) {
    /* A regular file, opened for reading (as Linux asks), and for writing if a shared mapping
     * may be written; the offset a whole number of pages. */
    if (fd < 0 || fd >= NOFILE || (f = p->ofile[fd]) == 0 || f->type != FD_INODE || f->ip->type != T_FILE) return -1;
    if (off < 0 || off % PGSIZE || !f->readable || (shared && (prot & PROT_WRITE) && !f->writable)) return -1;
  }
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
  if (addseg(p, start, start + size, prot, f, f ? (uint)off / PGSIZE : 0, shared) < 0) return -1;
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
  /* Writable shared file pages need a file opened for writing (Linux: EACCES). */
  for (int i = 0; i < p->nseg; i++) {
    struct segment *s = &p->seg[i];
    if (s->kind == SEG_MMAP && s->start < end && addr < s->end && s->shared && s->file && (prot & PROT_WRITE) && !s->file->writable) return -1;
  }
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

/* msync(addr, len, flags): writes the range's dirty shared file pages to their files (MS_ASYNC
 * as MS_SYNC: it returns when they are written). 0; -1 unless the whole range is mapped or if a
 * write failed. */
int sys_msync(void) {
  uint addr, len;
  argaddr(0, &addr);
  argaddr(1, &len);
  struct proc *p = myproc();
  uint end = rangeend(addr, len);
  if (!end || !allmapped(p, addr, end)) return -1;
  int r = 0;
  for (int i = 0; i < p->nseg; i++) {
    struct segment *s = &p->seg[i];
    if (s->kind != SEG_MMAP || s->end <= addr || end <= s->start) continue;
    if (writeback(p->pagetable, s, s->start > addr ? s->start : addr, s->end < end ? s->end : end) < 0) r = -1;
  }
  return r;
}

/* sync(): every process's dirty MAP_SHARED pages go to their files (reclaim.c), and it returns
 * once every file-system operation that has ended is committed and on stable storage
 * (log_force). 0, or -1 if the disk is full (those pages stay dirty). */
int sys_sync(void) {
  int r = syncpages();
  log_force();
  kmodel_event(KMODEL_SYNC, myproc()->pid);
  return r;
}

/* fsync(fd): as sync for the caller's purposes: the file's data written so far (and its
 * shared mappings' dirty pages) is committed and on stable storage when it returns. 0, or -1
 * for a bad fd or if write-back failed. */
int sys_fsync(void) {
  int fd;
  argint(0, &fd);
  struct proc *p = myproc();
  if (fd < 0 || fd >= NOFILE || !p->ofile[fd]) return -1;
  int r = syncpages();
  log_force();
  return r;
}

/* ftruncate(fd, length): cuts or extends a regular file opened for writing. 0, or -1. */
int sys_ftruncate(void) {
  int fd, length;
  argint(0, &fd);
  argint(1, &length);
  struct proc *p = myproc();
  struct file *f;
  if (fd < 0 || fd >= NOFILE || (f = p->ofile[fd]) == 0 || f->type != FD_INODE || !f->writable || length < 0) return -1;
  if ((uint)length > MAXFILE * BSIZE) return -1;
  begin_op();
  ilock(f->ip);
  int r = -1;
  if (f->ip->type == T_FILE) { itruncto(f->ip, (uint)length); r = 0; }
  iunlock(f->ip);
  end_op();
  return r;
}
