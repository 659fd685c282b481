#ifndef XV32_FILE_H
#define XV32_FILE_H
#include "sleeplock.h"
#include "fs.h"

struct file {
  enum { FD_NONE, FD_PIPE, FD_INODE, FD_DEVICE, FD_PROC } type;
  int ref;
  char readable, writable;
  char append;        /* O_APPEND: each write at the end */
  struct pipe *pipe;  /* FD_PIPE */
  struct inode *ip;   /* FD_INODE, FD_DEVICE */
  uint off;           /* FD_INODE, FD_PROC */
  short major;        /* FD_DEVICE */
  short proc_kind;    /* FD_PROC: which text (procfs.c) */
  int proc_pid;       /* FD_PROC: of which process */
  char path[32];      /* FD_INODE: the path it was opened by (/proc/PID/maps names a mapped file so) */
};

/* An inode in memory: the on-disk fields (valid once read) plus bookkeeping. */
struct inode {
  uint dev;
  uint inum;
  int ref;             /* references in memory (open files, cwd, ...) */
  struct sleeplock lock;
  int valid;
  short type, major, minor, nlink;
  uint size;
  uint addrs[NDIRECT + 2];
  int damaged;         /* what was read from disk did not check out: operations on it fail */
};

/* Device read/write functions by major number. */
struct devsw {
  int (*read)(int user_dst, uint dst, int n);
  int (*write)(int user_src, uint src, int n);
};
extern struct devsw devsw[];
#define CONSOLE 1
#define STDERR_CONSOLE 2 /* fd 2's device: the console, or xv32's second UART when the host has one */
#endif
