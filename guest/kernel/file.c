// Open files: the system-wide table, and read/write dispatched by kind (pipe, inode, device).
#include "types.h"
#include "param.h"
#include "stat.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "ftable.h"
#include "proc.h"
#include "defs.h"

struct devsw devsw[NDEV];
struct ftable ftable; /* read by the kernel model (kmodel.c) */

void fileinit(void) { initlock(&ftable.lock, "ftable"); }

/* A free file structure with ref 1, or 0 if the table is full. */
struct file *filealloc(void) {
  acquire(&ftable.lock);
  for (struct file *f = ftable.file; f < ftable.file + NFILE; f++) {
    if (f->ref == 0) {
      f->ref = 1;
      release(&ftable.lock);
      return f;
    }
  }
  release(&ftable.lock);
  return 0;
}

struct file *filedup(struct file *f) {
  acquire(&ftable.lock);
  if (f->ref < 1) panic("filedup");
  f->ref++;
  release(&ftable.lock);
  return f;
}

/* Drops a reference; the last one closes the pipe end or releases the inode. */
void fileclose(struct file *f) {
  acquire(&ftable.lock);
  if (f->ref < 1) panic("fileclose");
  if (--f->ref > 0) { release(&ftable.lock); return; }
  memflux_begin(); /* the pipe's page is in no file until pipeclose frees it */
  struct file ff = *f;
  f->ref = 0;
  f->type = FD_NONE;
  release(&ftable.lock);
  if (ff.type == FD_PIPE) {
    pipeclose(ff.pipe, ff.writable);
  } else if (ff.type == FD_INODE || ff.type == FD_DEVICE) {
    begin_op();
    iput(ff.ip);
    end_op();
  }
  memflux_end();
}

/* Copies the file's metadata to user address addr. Returns 0, or -1. */
int filestat(struct file *f, uint addr) {
  struct stat st;
  if (f->type == FD_PROC) {
    /* As Linux's /proc files: a regular file whose size is 0 (the text is made as it is read). */
    memset(&st, 0, sizeof st);
    st.type = T_FILE;
    st.nlink = 1;
    return copyout(myproc()->pagetable, addr, (char *)&st, sizeof st);
  }
  if (f->type != FD_INODE && f->type != FD_DEVICE) return -1;
  ilock(f->ip);
  stati(f->ip, &st);
  iunlock(f->ip);
  return copyout(myproc()->pagetable, addr, (char *)&st, sizeof st);
}

int fileread(struct file *f, uint addr, int n) {
  if (!f->readable) return -1;
  if (f->type == FD_PIPE) return piperead(f->pipe, addr, n);
  if (f->type == FD_DEVICE) {
    if (f->major < 0 || f->major >= NDEV || !devsw[f->major].read) return -1;
    return devsw[f->major].read(1, addr, n);
  }
  if (f->type == FD_PROC) return procread(f, addr, n);
  if (f->type == FD_INODE) {
    ilock(f->ip);
    int r = readi(f->ip, 1, addr, f->off, n);
    if (r > 0) f->off += r;
    iunlock(f->ip);
    return r;
  }
  panic("fileread");
  return -1;
}

/* Writes n bytes from user address addr. Returns n, or -1 if not all could be written. */
int filewrite(struct file *f, uint addr, int n) {
  if (!f->writable) return -1;
  if (f->type == FD_PIPE) return pipewrite(f->pipe, addr, n);
  if (f->type == FD_DEVICE) {
    if (f->major < 0 || f->major >= NDEV || !devsw[f->major].write) return -1;
    return devsw[f->major].write(1, addr, n);
  }
  if (f->type == FD_INODE) {
    /* A few blocks per operation, so no transaction outgrows the log: the inode, the
     * indirect block, two bitmap blocks, and the data. */
    int max = MAXOPWRITE;
    int i = 0;
    while (i < n) {
      int n1 = n - i;
      if (n1 > max) n1 = max;
      begin_op();
      ilock(f->ip);
      if (f->append) f->off = f->ip->size;
      int r = writei(f->ip, 1, addr + i, f->off, n1);
      if (r > 0) f->off += r;
      iunlock(f->ip);
      end_op();
      if (r != n1) break; /* the disk is full, or a bad address */
      i += r;
    }
    return i == n ? n : -1;
  }
  panic("filewrite");
  return -1;
}
