// Processes: the table, creation (fork), exit and wait, kill, sleep/wakeup and the scheduler.
// One hart: proc_lock guards every process's state, chan, killed, xstate and parent fields.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "proc.h"
#include "procinfo.h"
#include "memstat.h"
#include "kmodel.h"
#include "tty.h"
#include "swap.h"
#include "pagecache.h"
#include "wait.h"
#include "defs.h"

struct proc proc[NPROC];
struct proc *initproc;
static struct proc *current;     /* the process running on the hart, or 0 in the scheduler */
static struct context scheduler_context;
struct spinlock proc_lock;
static int nextpid = 1;

struct proc *myproc(void) { return current; }

void procinit(void) {
  initlock(&proc_lock, "proc");
  for (struct proc *p = proc; p < &proc[NPROC]; p++) p->state = UNUSED;
}

static void forkret(void);

/* A process with a fresh pid, kernel stack, trapframe and empty page table, in state USED, or 0
 * when the table or memory is full. Called and returns with proc_lock held. */
static struct proc *allocproc(void) {
  struct proc *p;
  for (p = proc; p < &proc[NPROC]; p++) if (p->state == UNUSED) break;
  if (p == &proc[NPROC]) return 0;
  p->pid = nextpid++;
  p->killed = 0;
  p->fslocks = 0;
  p->pgid = 0;
  p->xstate = 0;
  p->chan = 0;
  p->sz = 0;
  p->stack_bottom = 0;
  p->vfork_parent = 0;
  p->trapframe = kalloc();
  p->kstack = (uint)kalloc();
  p->pagetable = uvmcreate();
  if (!p->trapframe || !p->kstack || !p->pagetable) {
    if (p->trapframe) kfree(p->trapframe);
    if (p->kstack) kfree((void *)p->kstack);
    if (p->pagetable) uvmfree(p->pagetable);
    return 0;
  }
  p->state = USED;
  memset(&p->context, 0, sizeof p->context);
  p->context.ra = (uint)forkret;
  p->context.sp = p->kstack + PGSIZE;
  return p;
}

extern pagetable_t kernel_pagetable;

/* Frees everything a process holds but its slot. proc_lock held. */
static void freeproc(struct proc *p) {
  if (p->trapframe) kfree(p->trapframe);
  if (p->kstack) kfree((void *)p->kstack);
  if (p->pagetable) uvmfree(p->pagetable); /* never a borrowed one: see vfork_release */
  p->trapframe = 0;
  p->kstack = 0;
  p->pagetable = 0;
  p->sz = 0;
  memset(p->seg, 0, sizeof p->seg);
  p->nseg = 0;
  p->pid = 0;
  p->parent = 0;
  p->name[0] = 0;
  p->chan = 0;
  p->killed = 0;
  p->pgid = 0;
  p->xstate = 0;
  p->state = UNUSED;
}

/* The first process: runs initcode (from initcode.S), which execs /init. */
void userinit(void) {
  extern uchar initcode_start[], initcode_end[];
  acquire(&proc_lock);
  struct proc *p = allocproc();
  if (!p) panic("userinit");
  initproc = p;
  uint n = (uint)(initcode_end - initcode_start);
  if (n > PGSIZE || uvmalloc(p->pagetable, 0, PGSIZE, PTE_W | PTE_X) == 0) panic("userinit: memory");
  copyout(p->pagetable, 0, (char *)initcode_start, n);
  p->sz = PGSIZE;
  p->seg[0].start = 0; p->seg[0].end = PGSIZE; p->seg[0].kind = SEG_TEXT;
  p->seg[0].perm = PROT_READ | PROT_WRITE | PROT_EXEC;
  p->nseg = 1;
  p->stack_bottom = PGSIZE; /* no stack segment of its own; the heap starts above */
  p->trapframe->epc = 0;
  p->trapframe->sp = PGSIZE;
  safestrcpy(p->name, "initcode", sizeof p->name);
  p->cwd = namei("/");
  p->state = RUNNABLE;
  release(&proc_lock);
}

static int resize(int);

/* Where p's heap starts: the end of its highest segment from the ELF. */
uint heapbase(struct proc *p) {
  uint top = 0;
  for (int i = 0; i < p->nseg; i++) {
    int k = p->seg[i].kind;
    if (k != SEG_STACK && k != SEG_MMAP && p->seg[i].end > top) top = p->seg[i].end;
  }
  return top;
}

/* The heap may not grow into the stack's reach or the guard gap below it. */
uint heaplimit(void) { return USTACKTOP - stack_max - STACK_GUARD_GAP; }

/* The index of p's stack segment, or -1 (initcode has none). */
int stackseg(struct proc *p) {
  for (int i = 0; i < p->nseg; i++) if (p->seg[i].kind == SEG_STACK) return i;
  return -1;
}

/* Grows (n > 0) or shrinks user memory by n bytes. Returns 0, or -1 if out of memory or range. */
int growproc(int n) {
  memflux_begin();
  int r = resize(n);
  memflux_end();
  return r;
}

static int resize(int n) {
  struct proc *p = myproc();
  uint sz = p->sz;
  if (n > 0) {
    if (sz + (uint)n < sz || sz + (uint)n > mmaplow(p)) return -1; /* up to the mmaps, or the stack's gap */
    if (sbrk_mode == SBRK_LAZY) {
      /* Pages come on first touch (lazyfault); refuse what could never be had: free pages,
       * the page cache's (it gives them back) and free swap. */
      if ((uint)n / PGSIZE > kfreecount() + pcache.npages + (swapstate.nslots - swapused())) return -1;
      sz += n;
    } else if ((sz = uvmalloc(p->pagetable, sz, sz + n, PTE_W)) == 0) return -1;
  } else if (n < 0) {
    if ((uint)-n > sz - heapbase(p)) return -1; /* never below the heap's start */
    uint newsz = uvmdealloc(p->pagetable, sz, sz + n);
    sfence_vma();
    if (newsz == sz) return -1; /* a shared page table could not be copied */
    sz = newsz;
  }
  p->sz = sz;
  return 0;
}

/* Creates a child with a copy of the caller's memory and files. Returns the child's pid to the
 * parent and 0 to the child, or -1 (leaving nothing behind) if a table or memory is full. */
uint64 start_instret; /* memstat's: the last fork, vfork or spawn, in instructions */

int fork(void) {
  struct proc *p = myproc();
  if (swap_present) kreserve(forkneed(p->pagetable)); /* before proc_lock, where none can be swapped out */
  uint64 t0 = rdinstret64();
  acquire(&proc_lock);
  struct proc *np = allocproc();
  if (!np) { release(&proc_lock); return -1; }
  if (uvmcopy(p->pagetable, np->pagetable) < 0) {
    freeproc(np);
    release(&proc_lock);
    return -1;
  }
  np->sz = p->sz;
  np->stack_bottom = p->stack_bottom;
  memmove(np->seg, p->seg, sizeof p->seg);
  np->nseg = p->nseg;
  mmap_fork(np);
  *np->trapframe = *p->trapframe;
  np->trapframe->a0 = 0;
  for (int i = 0; i < NOFILE; i++) if (p->ofile[i]) np->ofile[i] = filedup(p->ofile[i]);
  np->cwd = idup(p->cwd);
  safestrcpy(np->name, p->name, sizeof np->name);
  np->parent = p;
  np->pgid = p->pgid;
  np->state = RUNNABLE;
  int pid = np->pid;
  kmodel_event(KMODEL_FORK, pid);
  start_instret = rdinstret64() - t0;
  release(&proc_lock);
  return pid;
}

/*
 * vfork: a child that runs in the caller's address space (the same page table) while the caller
 * sleeps, until the child calls exec or exit. The child's writes are the parent's, as the man
 * page warns. Returns the child's pid to the parent and 0 to the child, or -1.
 */
int vfork(void) {
  struct proc *p = myproc();
  if (swap_present) kreserve(3); /* a root, a trapframe and a kernel stack, as fork */
  uint64 t0 = rdinstret64();
  acquire(&proc_lock);
  struct proc *np = allocproc();
  if (!np) { release(&proc_lock); return -1; }
  uvmfree(np->pagetable);            /* allocproc's empty table: the parent's is borrowed */
  np->pagetable = p->pagetable;
  np->sz = p->sz;
  np->stack_bottom = p->stack_bottom;
  memmove(np->seg, p->seg, sizeof p->seg);
  np->nseg = p->nseg;
  np->vfork_parent = p;
  *np->trapframe = *p->trapframe;
  np->trapframe->a0 = 0;
  for (int i = 0; i < NOFILE; i++) if (p->ofile[i]) np->ofile[i] = filedup(p->ofile[i]);
  np->cwd = idup(p->cwd);
  safestrcpy(np->name, p->name, sizeof np->name);
  np->parent = p;
  np->pgid = p->pgid;
  np->state = RUNNABLE;
  int pid = np->pid;
  kmodel_event(KMODEL_VFORK, pid);
  start_instret = rdinstret64() - t0;
  while (np->vfork_parent == p) sleep(&np->vfork_parent, &proc_lock); /* until exec or exit */
  release(&proc_lock);
  return pid;
}

/* A vfork child gives the borrowed page table back (from exec or exit): the parent keeps what
 * the child did to its memory (including sbrk), and wakes. proc_lock held. */
void vfork_release(struct proc *p) {
  if (!p->vfork_parent) return;
  p->vfork_parent->sz = p->sz;
  p->vfork_parent = 0;
  p->pagetable = 0;
  p->sz = 0;
  wakeup_locked(&p->vfork_parent);
}

static void spawnret(void);

/*
 * spawn: a new child that runs path with argv, made straight from the ELF: nothing of the
 * caller's memory is copied or shared. Takes ownership of the kernel pages in path and argv
 * (freed here on failure). Returns the child's pid, or -1.
 */
int spawn(char *path, char **argv) {
  struct proc *p = myproc();
  if (swap_present) kreserve(3);
  uint64 t0 = rdinstret64();
  acquire(&proc_lock);
  struct proc *np = allocproc();
  if (!np) { release(&proc_lock); return -1; }
  np->spawn_path = path;
  for (int i = 0; i < MAXARG; i++) np->spawn_argv[i] = argv[i];
  for (int i = 0; i < NOFILE; i++) if (p->ofile[i]) np->ofile[i] = filedup(p->ofile[i]);
  np->cwd = idup(p->cwd);
  safestrcpy(np->name, "spawn", sizeof np->name);
  np->parent = p;
  np->pgid = p->pgid;
  np->context.ra = (uint)spawnret;
  np->state = RUNNABLE;
  int pid = np->pid;
  start_instret = rdinstret64() - t0;
  release(&proc_lock);
  return pid;
}

/* A spawned process's first kernel code: exec its program, or exit with -1. */
static void spawnret(void) {
  release(&proc_lock);
  struct proc *p = myproc();
  memflux_begin();
  int argc = exec(p->spawn_path, p->spawn_argv);
  char *path = p->spawn_path;
  p->spawn_path = 0; /* first, so the kernel model never sees it freed but still owned */
  kfree(path);
  for (int i = 0; i < MAXARG && p->spawn_argv[i]; i++) kfree(p->spawn_argv[i]);
  memflux_end();
  if (argc < 0) exit(-1);
  p->trapframe->a0 = (uint)argc;
  usertrapret();
}

/* Gives p's children to init. proc_lock held. */
static void reparent(struct proc *p) {
  for (struct proc *pp = proc; pp < &proc[NPROC]; pp++) {
    if (pp->parent == p) {
      pp->parent = initproc;
      wakeup_locked(initproc);
    }
  }
}

/* Ends the calling process with `status`: closes its files, frees its memory, and leaves a
 * zombie (its slot, kernel stack and trapframe) until its parent waits. */
void exit(int status) {
  struct proc *p = myproc();
  /* /init could not run (missing or damaged) or gave up: nothing is left to run. */
  if (p == initproc) { printf("xv32: init exited with status %d; powering off\n", status); sbi_shutdown(1); }
  for (int fd = 0; fd < NOFILE; fd++) {
    if (p->ofile[fd]) { fileclose(p->ofile[fd]); p->ofile[fd] = 0; }
  }
  /* Shared file mappings reach their files now (the pages go with the page table below); a
   * vfork child's segments are its parent's. */
  if (!p->vfork_parent) mmap_release(p, p->pagetable);
  begin_op();
  iput(p->cwd);
  end_op();
  p->cwd = 0;
  kmodel_event(KMODEL_EXIT, p->pid); /* its memory still mapped, for the model to see */
  acquire(&proc_lock);
  vfork_release(p);
  /* A zombie needs no user memory: it goes back now, not when the parent waits (the parent may
   * need it to copy the exit status out). Off this page table first: it is being freed. */
  if (p->pagetable) {
    csr_write(satp, MAKE_SATP(kernel_pagetable));
    sfence_vma();
    uvmfree(p->pagetable);
    p->pagetable = 0;
    p->sz = 0;
  }
  reparent(p);
  wakeup_locked(p->parent);
  p->xstate = status;
  p->state = ZOMBIE;
  sched();
  panic("zombie exit");
}

/* Waits for child pid (-1: any child) to exit: copies its status to user address addr (if not
 * 0) and returns its pid; with WNOHANG, returns 0 at once if none has exited yet. -1 if there
 * is no such child, or the caller was killed, or addr is bad. */
int waitpid(int pid, uint addr, int options) {
  struct proc *p = myproc();
  acquire(&proc_lock);
  for (;;) {
    int havekids = 0;
    for (struct proc *pp = proc; pp < &proc[NPROC]; pp++) {
      if (pp->parent != p || (pid != -1 && pp->pid != pid)) continue;
      havekids = 1;
      if (pp->state == ZOMBIE) {
        int pid = pp->pid, status = pp->xstate;
        /* Copied out without the lock: the page may have to come back from swap (sleeping).
         * The zombie stays ours meanwhile: only its parent reaps it, and that is us. */
        release(&proc_lock);
        if (addr && copyout(p->pagetable, addr, (char *)&status, sizeof status) < 0) return -1;
        acquire(&proc_lock);
        freeproc(pp);
        kmodel_event(KMODEL_REAP, pid);
        release(&proc_lock);
        return pid;
      }
    }
    if (!havekids || p->killed) { release(&proc_lock); return -1; }
    if (options & WNOHANG) { release(&proc_lock); return 0; }
    sleep(p, &proc_lock);
  }
}

/* The scheduler: runs each RUNNABLE process in turn, forever. Its own context, on the boot stack. */
void scheduler(void) {
  for (;;) {
    intr_on(); /* let devices interrupt while nothing runs */
    int found = 0;
    acquire(&proc_lock);
    for (struct proc *p = proc; p < &proc[NPROC]; p++) {
      if (p->state != RUNNABLE) continue;
      p->state = RUNNING;
      current = p;
      csr_write(satp, MAKE_SATP(p->pagetable));
      sfence_vma();
      swtch(&scheduler_context, &p->context);
      current = 0;
      found = 1;
    }
    release(&proc_lock);
    if (!found) {
      intr_on();
      __asm__ volatile("wfi");
    }
  }
}

/* Switches to the scheduler. Needs proc_lock held (and only it) and the state changed. */
void sched(void) {
  struct proc *p = myproc();
  if (!holding(&proc_lock)) panic("sched: proc_lock");
  if (push_depth() != 1) panic("sched: locks");
  if (p->state == RUNNING) panic("sched: running");
  if (intr_get()) panic("sched: interruptible");
  int intena = intr_saved();
  swtch(&p->context, &scheduler_context);
  intr_restore_saved(intena);
}

/* Gives up the hart for one scheduling round. */
void yield(void) {
  acquire(&proc_lock);
  myproc()->state = RUNNABLE;
  sched();
  release(&proc_lock);
}

/* A new process's first kernel code, entered from the scheduler holding proc_lock. */
static void forkret(void) {
  static int first = 1;
  release(&proc_lock);
  if (first) {
    first = 0;
    /* Sleeps on disk I/O, so it must run in a process. Without a file system there is no init
     * to run: say so and power off (status 1), rather than panic. */
    if (fsinit(ROOTDEV) < 0) { printf("xv32: cannot mount the root file system; powering off\n"); sbi_shutdown(1); }
  }
  usertrapret();
}

/* Sleeps on chan, releasing lk meanwhile; lk is held again on return. */
void sleep(void *chan, struct spinlock *lk) {
  struct proc *p = myproc();
  if (lk != &proc_lock) { acquire(&proc_lock); release(lk); }
  p->chan = chan;
  p->state = SLEEPING;
  sched();
  p->chan = 0;
  if (lk != &proc_lock) { release(&proc_lock); acquire(lk); }
}

/* Wakes every process sleeping on chan. proc_lock held. */
void wakeup_locked(void *chan) {
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    if (p->state == SLEEPING && p->chan == chan) p->state = RUNNABLE;
  }
}

void wakeup(void *chan) {
  acquire(&proc_lock);
  wakeup_locked(chan);
  release(&proc_lock);
}

/* Marks p killed for `why`, waking it if it sleeps. proc_lock held. */
static void markkilled(struct proc *p, int why) {
  if (!p->killed) p->killed = why;
  if (p->state == SLEEPING) p->state = RUNNABLE;
}

/* Marks process pid killed; it exits when it next returns to user mode. Returns 0, or -1 if
 * there is no such process or it is init (which must never exit: it reaps orphans). */
int kill(int pid) {
  acquire(&proc_lock);
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    if (p->pid == pid && p->state != UNUSED && p != initproc) {
      markkilled(p, KILLED_BY_KILL);
      release(&proc_lock);
      return 0;
    }
  }
  release(&proc_lock);
  return -1;
}

/* ^C: kills every live process of group pgid (never init). Returns how many it found. */
int killpgrp(int pgid) {
  int n = 0;
  acquire(&proc_lock);
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    if (p->pgid != pgid || p == initproc) continue;
    if (p->state == UNUSED || p->state == ZOMBIE) continue;
    markkilled(p, KILLED_BY_INTR);
    n++;
  }
  release(&proc_lock);
  return n;
}

/* Puts process pid (0: the caller; else the caller or one of its children) in group pgid
 * (0: a new group named after pid). Returns 0, or -1. */
int setpgid(int pid, int pgid) {
  struct proc *me = myproc();
  int r = -1;
  if (pgid < 0) return -1;
  acquire(&proc_lock);
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    if (p->state == UNUSED || p->state == ZOMBIE) continue;
    if (pid == 0 ? p != me : (p->pid != pid || (p != me && p->parent != me))) continue;
    p->pgid = pgid ? pgid : p->pid;
    r = 0;
    break;
  }
  release(&proc_lock);
  return r;
}

/* The end of a killed process, with the status that says how it was killed. */
void exitkilled(void) {
  exit(myproc()->killed == KILLED_BY_INTR ? EXIT_INTERRUPTED : -1);
}

int killed(struct proc *p) {
  acquire(&proc_lock);
  int k = p->killed;
  release(&proc_lock);
  return k;
}

/* Copies to a user address (user_dst) or a kernel address. Returns 0 or -1. */
int either_copyout(int user_dst, uint dst, void *src, uint len) {
  if (user_dst) return copyout(myproc()->pagetable, dst, src, len);
  memmove((char *)dst, src, len);
  return 0;
}

int either_copyin(void *dst, int user_src, uint src, uint len) {
  if (user_src) return copyin(myproc()->pagetable, dst, src, len);
  memmove(dst, (char *)src, len);
  return 0;
}

/* Lists processes on the console (^P), without locks, for debugging a stuck system. */
void procdump(void) {
  static const char *states[] = { "unused", "used", "sleep", "runble", "run", "zombie" };
  printf("\n");
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    if (p->state == UNUSED) continue;
    printf("%d %s %s\n", p->pid, states[p->state], p->name);
  }
}

/* Fills up to max entries of (pid, state, size, name) for ps; returns how many. */
int procinfo(struct procinfo *out, int max) {
  int n = 0;
  acquire(&proc_lock);
  for (struct proc *p = proc; p < &proc[NPROC] && n < max; p++) {
    if (p->state == UNUSED) continue;
    out[n].pid = p->pid;
    out[n].ppid = p->parent ? p->parent->pid : 0;
    out[n].state = p->state;
    out[n].sz = p->sz;
    safestrcpy(out[n].name, p->name, sizeof out[n].name);
    n++;
  }
  release(&proc_lock);
  return n;
}

/* Copies the name of process pid (any state but unused) into name[16]; -1 if there is none. */
int procname(int pid, char *name) {
  int r = -1;
  acquire(&proc_lock);
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    if (p->state != UNUSED && p->pid == pid) { safestrcpy(name, p->name, 16); r = 0; break; }
  }
  release(&proc_lock);
  return r;
}

/* Counts the present, shared and dirty pages of [start, end) in pagetable. */
static void countpages(pagetable_t pt, uint start, uint end, struct procmap *m) {
  m->resident = m->shared = m->dirty = m->swapped = 0;
  for (uint a = start; a < end; a += PGSIZE) {
    pte_t *pte = walk(pt, a, 0);
    if (pte && ISSWAPPTE(*pte)) m->swapped++;
    if (!pte || !(*pte & PTE_V)) continue;
    m->resident++;
    /* Shared: the page has other holders (the page cache's reference not counted), or its
     * level-0 table does (on-demand fork). */
    if (kmapcount(PTE2PA(*pte)) > 1 || krefcount((void *)PGROUNDDOWN((uint)pte)) > 1) m->shared++;
    if (*pte & PTE_D) m->dirty++;
  }
}

static void mapentry(struct procmap *m, pagetable_t pt, uint start, uint end, uint perm, int kind) {
  memset(m, 0, sizeof *m);
  m->start = start;
  m->end = end;
  m->perm = perm;
  m->kind = kind;
  countpages(pt, start, end, m);
}

static void segentry(struct procmap *m, pagetable_t pt, struct segment *s) {
  mapentry(m, pt, s->start, s->end, s->perm, s->kind);
  m->mapshared = s->shared;
  if (s->file) {
    m->offset = s->pgoff * PGSIZE;
    safestrcpy(m->path, s->file->path, sizeof m->path);
  }
}

/* Fills up to max entries of pid's memory map, in address order; returns how many, or -1 if there
 * is no such process with memory. The heap is whatever lies between the ELF's last segment and
 * sz; mappings lie above it, the stack at the top. */
int procmaps(int pid, struct procmap *out, int max) {
  acquire(&proc_lock);
  struct proc *p;
  for (p = proc; p < &proc[NPROC]; p++) if (p->pid == pid && p->state != UNUSED && p->state != ZOMBIE) break;
  if (p == &proc[NPROC] || !p->pagetable) { release(&proc_lock); return -1; }
  int n = 0, stack = stackseg(p);
  uint base = heapbase(p);
  for (int i = 0; i < p->nseg && n < max; i++) {
    if (i == stack) continue;
    segentry(&out[n++], p->pagetable, &p->seg[i]);
  }
  if (p->sz > base && n < max) mapentry(&out[n++], p->pagetable, base, PGROUNDUP(p->sz), PROT_READ | PROT_WRITE, SEG_HEAP);
  if (stack >= 0 && n < max) segentry(&out[n++], p->pagetable, &p->seg[stack]);
  release(&proc_lock);
  /* In address order (mappings are kept in the order they were made). */
  for (int i = 1; i < n; i++) {
    struct procmap m = out[i];
    int j = i;
    for (; j > 0 && out[j - 1].start > m.start; j--) out[j] = out[j - 1];
    out[j] = m;
  }
  return n;
}
