// File system calls: argument checking, then the file and fs layers.
#include "types.h"
#include "param.h"
#include "stat.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "fcntl.h"
#include "wait.h"
#include "defs.h"

/* Argument n as a file descriptor of the caller: sets *pfd and *pf; returns 0, or -1. */
static int argfd(int n, int *pfd, struct file **pf) {
  int fd;
  argint(n, &fd);
  if (fd < 0 || fd >= NOFILE || myproc()->ofile[fd] == 0) return -1;
  if (pfd) *pfd = fd;
  if (pf) *pf = myproc()->ofile[fd];
  return 0;
}

/* Gives file f the lowest free descriptor; -1 if none. */
static int fdalloc(struct file *f) {
  struct proc *p = myproc();
  for (int fd = 0; fd < NOFILE; fd++) {
    if (p->ofile[fd] == 0) { p->ofile[fd] = f; return fd; }
  }
  return -1;
}

int sys_dup(void) {
  struct file *f;
  if (argfd(0, 0, &f) < 0) return -1;
  int fd = fdalloc(f);
  if (fd < 0) return -1;
  filedup(f);
  return fd;
}

/* dup2(old, new): new refers to old's file, closing what new was first. Returns new, or -1. */
int sys_dup2(void) {
  struct file *f;
  int nfd;
  argint(1, &nfd);
  if (argfd(0, 0, &f) < 0 || nfd < 0 || nfd >= NOFILE) return -1;
  struct proc *p = myproc();
  if (p->ofile[nfd] == f) return nfd;
  if (p->ofile[nfd]) fileclose(p->ofile[nfd]);
  p->ofile[nfd] = filedup(f);
  return nfd;
}

/* lseek(fd, offset, whence): the new offset of a file (not a pipe or device), or -1. Not past
 * the end: the file system has no holes (xv6's writei refuses to write beyond the end). */
int sys_lseek(void) {
  struct file *f;
  int off, whence;
  argint(1, &off);
  argint(2, &whence);
  if (argfd(0, 0, &f) < 0 || f->type != FD_INODE) return -1;
  ilock(f->ip);
  int size = f->ip->size;
  iunlock(f->ip);
  int base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int)f->off : whence == SEEK_END ? size : -1;
  if (base < 0 || off < -base || off > size - base) return -1;
  f->off = base + off;
  return f->off;
}

int sys_read(void) {
  struct file *f;
  int n;
  uint p;
  argaddr(1, &p);
  argint(2, &n);
  if (argfd(0, 0, &f) < 0 || n < 0) return -1;
  return fileread(f, p, n);
}

int sys_write(void) {
  struct file *f;
  int n;
  uint p;
  argaddr(1, &p);
  argint(2, &n);
  if (argfd(0, 0, &f) < 0 || n < 0) return -1;
  return filewrite(f, p, n);
}

int sys_close(void) {
  int fd;
  struct file *f;
  if (argfd(0, &fd, &f) < 0) return -1;
  myproc()->ofile[fd] = 0;
  fileclose(f);
  return 0;
}

/* The console behind fd n, or -1 (ENOTTY): for ttymode and tcsetpgrp. */
static int argtty(int n) {
  struct file *f;
  if (argfd(n, 0, &f) < 0) return -1;
  return f->type == FD_DEVICE && (f->major == CONSOLE || f->major == STDERR_CONSOLE) ? 0 : -1;
}

/* ttymode(fd, mode): the console's input mode (TTY_COOKED, TTY_RAW; -1 asks); returns the old
 * one, or -1 if fd is not the console (so it also says whether fd is a terminal). */
int sys_ttymode(void) {
  int mode;
  argint(1, &mode);
  if (argtty(0) < 0) return -1;
  return consolemode(mode);
}

/* tcsetpgrp(fd, pgid): the process group that ^C on the console kills (0: none). */
int sys_tcsetpgrp(void) {
  int pgid;
  argint(1, &pgid);
  if (argtty(0) < 0 || pgid < 0) return -1;
  return consolesetfg(pgid);
}

int sys_fstat(void) {
  struct file *f;
  uint st;
  argaddr(1, &st);
  if (argfd(0, 0, &f) < 0) return -1;
  return filestat(f, st);
}

/* link(old, new): a second name for a file (not a directory). */
int sys_link(void) {
  char name[DIRSIZ], new[MAXPATH], old[MAXPATH];
  if (argstr(0, old, MAXPATH) < 0 || argstr(1, new, MAXPATH) < 0) return -1;
  begin_op();
  struct inode *ip = namei(old);
  if (!ip) { end_op(); return -1; }
  ilock(ip);
  if (ip->type == T_DIR || ip->nlink >= LINKMAX) { iunlockput(ip); end_op(); return -1; }
  ip->nlink++;
  iupdate(ip);
  iunlock(ip);
  struct inode *dp = nameiparent(new, name);
  if (dp) {
    ilock(dp);
    if (dp->dev == ip->dev && dirlink(dp, name, ip->inum) == 0) {
      iunlockput(dp);
      iput(ip);
      end_op();
      return 0;
    }
    iunlockput(dp);
  }
  ilock(ip);
  ip->nlink--;
  iupdate(ip);
  iunlockput(ip);
  end_op();
  return -1;
}

/* Whether directory dp holds only "." and "..". */
static int isdirempty(struct inode *dp) {
  struct dirent de;
  for (uint off = 2 * sizeof de; off < dp->size; off += sizeof de) {
    if (readi(dp, 0, (uint)&de, off, sizeof de) != sizeof de) return 0; /* damaged: not removable */
    if (de.inum != 0) return 0;
  }
  return 1;
}

int sys_unlink(void) {
  char name[DIRSIZ], path[MAXPATH];
  uint off;
  if (argstr(0, path, MAXPATH) < 0) return -1;
  begin_op();
  struct inode *dp = nameiparent(path, name);
  if (!dp) { end_op(); return -1; }
  ilock(dp);
  if (namecmp(name, ".") == 0 || namecmp(name, "..") == 0) goto bad;
  struct inode *ip = dirlookup(dp, name, &off);
  if (!ip) goto bad;
  ilock(ip);
  /* A damaged inode's name may go (fsck reclaims the inode); a sound one must have a link. */
  if (ip->nlink < 1 && !ip->damaged) { fserror("inode", ip->inum, "named, but has no links"); iunlockput(ip); goto bad; }
  if (ip->type == T_DIR && !isdirempty(ip)) { iunlockput(ip); goto bad; }
  struct dirent de;
  memset(&de, 0, sizeof de);
  if (writei(dp, 0, (uint)&de, off, sizeof de) != sizeof de) { iunlockput(ip); goto bad; }
  if (ip->type == T_DIR) { dp->nlink--; iupdate(dp); }
  iunlockput(dp);
  ip->nlink--;
  iupdate(ip);
  iunlockput(ip);
  end_op();
  return 0;
bad:
  iunlockput(dp);
  end_op();
  return -1;
}

/* Creates path as an inode of `type`, or opens an existing file for O_CREATE; returns it
 * locked, or 0. Inside an operation. */
static struct inode *create(const char *path, short type, short major, short minor) {
  char name[DIRSIZ];
  struct inode *dp = nameiparent(path, name);
  if (!dp) return 0;
  ilock(dp);
  uint inum = dirfind(dp, name, 0);
  struct inode *ip;
  if (inum) {
    ip = iget(dp->dev, inum);
    iunlockput(dp);
    if (!ip) return 0; /* the inode table is full */
    ilock(ip);
    if (type == T_FILE && (ip->type == T_FILE || ip->type == T_DEVICE)) return ip;
    iunlockput(ip);
    return 0;
  }
  if ((ip = ialloc(dp->dev, type)) == 0) { iunlockput(dp); return 0; }
  ilock(ip);
  ip->major = major;
  ip->minor = minor;
  ip->nlink = 1;
  iupdate(ip);
  if (type == T_DIR) {
    if (dirlink(ip, ".", ip->inum) < 0 || dirlink(ip, "..", dp->inum) < 0) goto fail;
  }
  if (dirlink(dp, name, ip->inum) < 0) goto fail;
  if (type == T_DIR) { dp->nlink++; iupdate(dp); } /* for ".." */
  iunlockput(dp);
  return ip;
fail:
  ip->nlink = 0; /* iput frees it */
  iupdate(ip);
  iunlockput(ip);
  iunlockput(dp);
  return 0;
}

/* Opens a /proc file (procfs.c): read-only, and only for a process that exists. */
static int procopen(int kind, int pid, int omode) {
  char name[16];
  if ((omode & (O_WRONLY | O_RDWR | O_CREATE | O_TRUNC)) || (pid && procname(pid, name) < 0)) return -1;
  struct file *f = filealloc();
  int fd = -1;
  if (!f || (fd = fdalloc(f)) < 0) { if (f) fileclose(f); return -1; }
  f->type = FD_PROC;
  f->proc_kind = kind;
  f->proc_pid = pid;
  f->off = 0;
  f->readable = 1;
  f->writable = 0;
  return fd;
}

int sys_open(void) {
  char path[MAXPATH];
  int omode;
  argint(1, &omode);
  if (argstr(0, path, MAXPATH) < 0) return -1;
  int procpid, prockind = procpath(path, &procpid);
  if (prockind) return procopen(prockind, procpid, omode);
  begin_op();
  struct inode *ip;
  if (omode & O_CREATE) {
    if ((ip = create(path, T_FILE, 0, 0)) == 0) { end_op(); return -1; }
  } else {
    if ((ip = namei(path)) == 0) { end_op(); return -1; }
    ilock(ip);
    if (ip->type == T_DIR && omode != O_RDONLY) { iunlockput(ip); end_op(); return -1; }
  }
  if (ip->damaged || (ip->type == T_DEVICE && (ip->major < 0 || ip->major >= NDEV))) { iunlockput(ip); end_op(); return -1; }
  struct file *f = filealloc();
  int fd = -1;
  if (!f || (fd = fdalloc(f)) < 0) {
    if (f) fileclose(f);
    iunlockput(ip);
    end_op();
    return -1;
  }
  if (ip->type == T_DEVICE) { f->type = FD_DEVICE; f->major = ip->major; }
  else { f->type = FD_INODE; f->off = 0; }
  f->ip = ip;
  safestrcpy(f->path, path, sizeof f->path);
  f->readable = !(omode & O_WRONLY);
  f->writable = (omode & O_WRONLY) || (omode & O_RDWR);
  f->append = (omode & O_APPEND) != 0;
  if ((omode & O_TRUNC) && ip->type == T_FILE) itrunc(ip);
  iunlock(ip);
  end_op();
  return fd;
}

int sys_mkdir(void) {
  char path[MAXPATH];
  begin_op();
  struct inode *ip;
  if (argstr(0, path, MAXPATH) < 0 || (ip = create(path, T_DIR, 0, 0)) == 0) { end_op(); return -1; }
  iunlockput(ip);
  end_op();
  return 0;
}

int sys_mknod(void) {
  char path[MAXPATH];
  int major, minor;
  argint(1, &major);
  argint(2, &minor);
  begin_op();
  struct inode *ip;
  if (argstr(0, path, MAXPATH) < 0 || (ip = create(path, T_DEVICE, (short)major, (short)minor)) == 0) {
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

int sys_chdir(void) {
  char path[MAXPATH];
  struct proc *p = myproc();
  begin_op();
  struct inode *ip;
  if (argstr(0, path, MAXPATH) < 0 || (ip = namei(path)) == 0) { end_op(); return -1; }
  ilock(ip);
  if (ip->type != T_DIR) { iunlockput(ip); end_op(); return -1; }
  iunlock(ip);
  iput(p->cwd);
  end_op();
  p->cwd = ip;
  return 0;
}

int sys_exec(void) {
  char path[MAXPATH], *argv[MAXARG];
  uint uargv, uarg;
  argaddr(1, &uargv);
  if (argstr(0, path, MAXPATH) < 0) return -1;
  memset(argv, 0, sizeof argv);
  int ret = -1;
  memflux_begin(); /* the argument pages, and exec's new image, belong to no process yet */
  for (int i = 0;; i++) {
    if (i >= MAXARG) goto done;
    if (fetchaddr(uargv + sizeof(uint) * i, &uarg) < 0) goto done;
    if (uarg == 0) { argv[i] = 0; break; }
    if ((argv[i] = kalloc()) == 0) goto done;
    if (fetchstr(uarg, argv[i], PGSIZE) < 0) goto done;
  }
  ret = exec(path, argv);
done:
  for (int i = 0; i < MAXARG && argv[i]; i++) kfree(argv[i]);
  memflux_end();
  return ret;
}

int sys_pipe(void) {
  uint fdarray;
  struct file *rf, *wf;
  int fd0, fd1;
  struct proc *p = myproc();
  argaddr(0, &fdarray);
  if (pipealloc(&rf, &wf) < 0) return -1;
  fd0 = -1;
  if ((fd0 = fdalloc(rf)) < 0 || (fd1 = fdalloc(wf)) < 0) {
    if (fd0 >= 0) p->ofile[fd0] = 0;
    fileclose(rf);
    fileclose(wf);
    return -1;
  }
  if (copyout(p->pagetable, fdarray, (char *)&fd0, sizeof fd0) < 0 ||
      copyout(p->pagetable, fdarray + sizeof fd0, (char *)&fd1, sizeof fd1) < 0) {
    p->ofile[fd0] = 0;
    p->ofile[fd1] = 0;
    fileclose(rf);
    fileclose(wf);
    return -1;
  }
  return 0;
}

static int spawnargs(void);

/* spawn(path, argv): a new process running path; returns its pid, or -1 (no such file,
 * bad arguments, no process or memory). */
int sys_spawn(void) {
  memflux_begin(); /* the path and argument pages belong to no process until spawn() */
  int pid = spawnargs();
  memflux_end();
  return pid;
}

static int spawnargs(void) {
  char *path = kalloc(), *argv[MAXARG];
  uint uargv, uarg;
  memset(argv, 0, sizeof argv);
  if (!path) return -1;
  argaddr(1, &uargv);
  if (argstr(0, path, MAXPATH) < 0) goto bad;
  begin_op();
  struct inode *ip = namei(path);
  if (ip) iput(ip);
  end_op();
  if (!ip) goto bad;
  for (int i = 0;; i++) {
    if (i >= MAXARG - 1 || fetchaddr(uargv + sizeof(uint) * i, &uarg) < 0) goto bad;
    if (uarg == 0) break;
    if ((argv[i] = kalloc()) == 0 || fetchstr(uarg, argv[i], PGSIZE) < 0) goto bad;
  }
  int pid = spawn(path, argv);
  if (pid >= 0) return pid;
bad:
  kfree(path);
  for (int i = 0; i < MAXARG && argv[i]; i++) kfree(argv[i]);
  return -1;
}
