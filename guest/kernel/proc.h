#ifndef XV32_PROC_H
#define XV32_PROC_H
#include "spinlock.h"
#include "procmaps.h"

/* A range of user memory with one meaning: text, data, bss, the stack, or an mmap mapping. */
struct segment {
  uint start, end;     /* [start, end), page-aligned */
  uint perm;           /* PROT_* */
  int kind;            /* SEG_* */
  struct file *file;   /* a file mapping's open file (a reference of its own), or 0 */
  uint pgoff;          /* the page of the file mapped at start */
  int shared;          /* MAP_SHARED: stores reach the file (or, anonymous, the other processes) */
};

/* Callee-saved registers for swtch(). */
struct context {
  uint ra, sp;
  uint s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
};

/*
 * Per-process page of saved user registers. uservec (trapvec.S) saves into it through sscratch;
 * the offsets are fixed there. The kernel is mapped in every page table, so it stays put.
 */
struct trapframe {
  uint kernel_sp;    /*   0: top of this process's kernel stack */
  uint kernel_trap;  /*   4: usertrap() */
  uint epc;          /*   8: saved user pc */
  uint pad;          /*  12 */
  uint ra, sp, gp, tp, t0, t1, t2, s0, s1, a0, a1, a2, a3, a4, a5, a6, a7;  /* 16.. */
  uint s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5, t6;
};

enum procstate { UNUSED, USED, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

#define KILLED_BY_KILL 1  /* kill(), or a fault: exits with status -1, as on xv6 */
#define KILLED_BY_INTR 2  /* ^C on the console: exits with EXIT_INTERRUPTED */

struct proc {
  /* Protected by proc_lock (proc.c). */
  enum procstate state;
  void *chan;          /* sleeping on chan */
  int killed;          /* 0, or why it must exit: KILLED_BY_KILL or KILLED_BY_INTR */
  int pgid;            /* process group: ^C on the console kills the foreground group */
  int xstate;          /* exit status for the parent's wait() */
  int pid;
  struct proc *parent;

  /* Private to the process (or its parent before it runs). */
  uint kstack;                 /* a page of kernel stack */
  uint sz;                     /* bytes of user memory, from 0 */
  uint stack_bottom;           /* lowest address of the user stack (it grows down on demand) */
  struct proc *vfork_parent;   /* a vfork child borrowing this parent's page table, until exec/exit */
  /* The segments exec laid out (text, data, bss; the stack at the top, its start moving down as
   * it grows); the heap is [heapbase(p), sz). */
  struct segment seg[NSEG];
  int nseg;
  /* spawn(): the program and arguments the new process execs first (kernel pages). */
  char *spawn_path;
  char *spawn_argv[MAXARG];
  pagetable_t pagetable;
  struct trapframe *trapframe;
  struct context context;
  struct file *ofile[NOFILE];
  struct inode *cwd;
  char name[16];
  int fslocks;                 /* sleeplocks held and log operations open: reclaim may not write back (reclaim.c) */
};
#endif
