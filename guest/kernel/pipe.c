// Pipes: a 512-byte ring buffer between a reading and a writing file.
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "proc.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "defs.h"

#define PIPESIZE 512

struct pipe {
  struct spinlock lock;
  char data[PIPESIZE];
  uint nread, nwrite;   /* bytes read and written, ever (so nwrite - nread is the fill) */
  int readopen, writeopen;
};

static int pipemake(struct file **, struct file **);

/* Makes a pipe with a reading file *f0 and a writing file *f1. Returns 0, or -1 if out of files
 * or memory (allocating nothing). */
int pipealloc(struct file **f0, struct file **f1) {
  memflux_begin(); /* the page is in no file until both files point to it */
  int r = pipemake(f0, f1);
  memflux_end();
  return r;
}

static int pipemake(struct file **f0, struct file **f1) {
  struct pipe *pi = 0;
  *f0 = *f1 = 0;
  if ((*f0 = filealloc()) == 0 || (*f1 = filealloc()) == 0 || (pi = kalloc()) == 0) goto bad;
  pi->readopen = pi->writeopen = 1;
  pi->nread = pi->nwrite = 0;
  initlock(&pi->lock, "pipe");
  (*f0)->type = FD_PIPE; (*f0)->readable = 1; (*f0)->writable = 0; (*f0)->pipe = pi;
  (*f1)->type = FD_PIPE; (*f1)->readable = 0; (*f1)->writable = 1; (*f1)->pipe = pi;
  return 0;
bad:
  if (pi) kfree(pi);
  if (*f0) fileclose(*f0);
  if (*f1) fileclose(*f1);
  return -1;
}

void pipeclose(struct pipe *pi, int writable) {
  acquire(&pi->lock);
  if (writable) { pi->writeopen = 0; wakeup(&pi->nread); }
  else { pi->readopen = 0; wakeup(&pi->nwrite); }
  if (!pi->readopen && !pi->writeopen) { release(&pi->lock); kfree(pi); return; }
  release(&pi->lock);
}

/* Writes n bytes, sleeping while the pipe is full. Returns bytes written, or -1 if the read
 * end is closed, the caller is killed, or addr is bad before any byte was written (EFAULT). */
int pipewrite(struct pipe *pi, uint addr, int n) {
  struct proc *pr = myproc();
  int i = 0;
  acquire(&pi->lock);
  while (i < n) {
    if (!pi->readopen || killed(pr)) { release(&pi->lock); return -1; }
    if (pi->nwrite == pi->nread + PIPESIZE) {
      wakeup(&pi->nread);
      sleep(&pi->nwrite, &pi->lock);
      continue;
    }
    char ch;
    if (copyin(pr->pagetable, &ch, addr + i, 1) == -1) { if (i == 0) i = -1; break; }
    pi->data[pi->nwrite++ % PIPESIZE] = ch;
    i++;
  }
  wakeup(&pi->nread);
  release(&pi->lock);
  return i;
}

/* Reads up to n bytes, sleeping while the pipe is empty and a writer remains; 0 at end, -1 if
 * addr is bad before any byte was read (the bytes stay in the pipe). */
int piperead(struct pipe *pi, uint addr, int n) {
  struct proc *pr = myproc();
  acquire(&pi->lock);
  while (pi->nread == pi->nwrite && pi->writeopen) {
    if (killed(pr)) { release(&pi->lock); return -1; }
    sleep(&pi->nread, &pi->lock);
  }
  int i;
  for (i = 0; i < n && pi->nread != pi->nwrite; i++) {
    char ch = pi->data[pi->nread % PIPESIZE];
    if (copyout(pr->pagetable, addr + i, &ch, 1) == -1) { if (i == 0) i = -1; break; }
    pi->nread++;
  }
  wakeup(&pi->nwrite);
  release(&pi->lock);
  return i;
}
