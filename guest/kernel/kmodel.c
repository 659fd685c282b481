// The kernel model's view into this kernel (kmodel.h), and "memory in flux": while any process is
// part-way through changing memory bookkeeping (a page allocated but not yet mapped, a pipe's page
// no longer in a file but not yet freed, exec's half-built image), the probe waits, so the host
// only ever checks a settled state. Sections that may sleep or be preempted are marked with
// memflux_begin/end; the ones under proc_lock (fork, wait) cannot be interrupted at all.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "ftable.h"
#include "proc.h"
#include "memstat.h"
#include "kalloc.h"
#include "kmodel.h"
#include "defs.h"
#include "buf.h"
#include "pagecache.h"
#include "swap.h"

extern char end[];
extern pagetable_t kernel_pagetable;
extern struct proc proc[NPROC];

#define OFF(type, field) ((uint) & ((type *)0)->field)

const struct kmodel_layout kmodel_layout = {
  .magic = KMODEL_MAGIC, .version = KMODEL_VERSION,
  .rambase = RAMBASE, .usertop = USERTOP, .kernel_end = (uint)end, .phystop_addr = (uint)&phystop,
  .kernel_pagetable_addr = (uint)&kernel_pagetable, .pte_cow = PTE_COW,
  .kmem_addr = (uint)&kmem, .kmem_freelist = OFF(struct kmem, freelist), .kmem_nfree = OFF(struct kmem, nfree),
  .kmem_refcount = OFF(struct kmem, refcount),
  .proc_addr = (uint)proc, .nproc = NPROC, .proc_size = sizeof(struct proc),
  .proc_state = OFF(struct proc, state), .proc_pid = OFF(struct proc, pid), .proc_parent = OFF(struct proc, parent),
  .proc_kstack = OFF(struct proc, kstack), .proc_sz = OFF(struct proc, sz),
  .proc_stack_bottom = OFF(struct proc, stack_bottom), .proc_vfork_parent = OFF(struct proc, vfork_parent),
  .proc_seg = OFF(struct proc, seg), .proc_nseg = OFF(struct proc, nseg),
  .proc_spawn_path = OFF(struct proc, spawn_path), .proc_spawn_argv = OFF(struct proc, spawn_argv),
  .proc_pagetable = OFF(struct proc, pagetable), .proc_trapframe = OFF(struct proc, trapframe),
  .proc_name = OFF(struct proc, name), .proc_name_size = sizeof(((struct proc *)0)->name),
  .nseg = NSEG, .seg_size = sizeof(((struct proc *)0)->seg[0]), .maxarg = MAXARG,
  .state_unused = UNUSED, .state_zombie = ZOMBIE,
  .file_addr = (uint)ftable.file, .nfile = NFILE, .file_size = sizeof(struct file),
  .file_type = OFF(struct file, type), .file_ref = OFF(struct file, ref), .file_pipe = OFF(struct file, pipe),
  .fd_pipe = FD_PIPE,
  .fork_mode_addr = (uint)&fork_mode, .sbrk_mode_addr = (uint)&sbrk_mode,
  .pagetable_pages_addr = (uint)&pagetable_pages,
  .nbuf = NBUF, .buf_size = sizeof(struct buf), .buf_valid = OFF(struct buf, valid),
  .buf_blockno = OFF(struct buf, blockno), .buf_refcnt = OFF(struct buf, refcnt), .buf_locked = OFF(struct buf, lock.locked),
  .ninode = NINODE, .inode_size = sizeof(struct inode), .inode_inum = OFF(struct inode, inum),
  .inode_ref = OFF(struct inode, ref), .inode_valid = OFF(struct inode, valid), .inode_locked = OFF(struct inode, lock.locked),
  .pcache_addr = (uint)pcache.pg, .npcache = NPCACHE, .pcpage_size = sizeof(struct pcpage),
  .pcpage_inum = OFF(struct pcpage, inum), .pcpage_pa = OFF(struct pcpage, pa), .pcpage_stale = OFF(struct pcpage, stale),
  .pte_shared = PTE_SHARED,
  .file_path = OFF(struct file, path), .file_path_size = sizeof(((struct file *)0)->path),
  .file_ip = OFF(struct file, ip), .pcpage_index = OFF(struct pcpage, index),
  .swap_addr = (uint)&swapstate, .swap_nslots = OFF(struct swapstate, nslots), .swap_ref = OFF(struct swapstate, ref),
  .swap_cached = OFF(struct swapstate, cached), .frameslot_addr = (uint)frameslot,
};

/* volatile: the host reads pid and seq when event is stored, so the stores keep their order. */
volatile struct kmodel_probe kmodel_probe __attribute__((aligned(PGSIZE)));

/* Events that came while memory was in flux, delivered in order once it settles. */
#define NPENDING (2 * NPROC) /* a fork and an exit per process: enough that none is dropped */
static uint flux;               /* memory sections in progress, in all processes */
static struct { uint event, pid; } pending[NPENDING];
static uint npending;

static void probe(uint event, uint pid) {
  kmodel_probe.pid = pid;
  kmodel_probe.seq++;
  kmodel_probe.event = event; /* the host checks as this store lands */
}

/* Reports a process event to the host, now if memory is settled, else when it next is. */
void kmodel_event(int event, int pid) {
  push_off();
  if (flux == 0) {
    probe(event, pid);
  } else {
    if (npending == NPENDING) npending--; /* keep the latest; the check still runs */
    pending[npending].event = event;
    pending[npending].pid = pid;
    npending++;
  }
  pop_off();
}

void memflux_begin(void) {
  push_off();
  flux++;
  pop_off();
}

void memflux_end(void) {
  push_off();
  if (flux == 0) panic("memflux_end");
  if (--flux == 0) {
    for (uint i = 0; i < npending; i++) probe(pending[i].event, pending[i].pid);
    npending = 0;
  }
  pop_off();
}
