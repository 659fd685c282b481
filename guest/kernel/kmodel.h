// What the host's kernel model (kernel-model/ in the repository) reads of this kernel: a table of
// addresses and structure offsets, and a probe it watches to check memory at process events.
#ifndef XV32_KMODEL_H
#define XV32_KMODEL_H

#define KMODEL_MAGIC 0x32337678u  /* "xv32" */
#define KMODEL_VERSION 5

/* Process events, written to kmodel_probe.event (the host watches that word). */
#define KMODEL_FORK 1   /* pid: the new child, complete */
#define KMODEL_VFORK 2  /* pid: the new child, borrowing its parent's page table */
#define KMODEL_EXEC 3   /* pid: the process, running its new image */
#define KMODEL_EXIT 4   /* pid: the process, files closed, its memory still mapped (freed next) */
#define KMODEL_REAP 5   /* pid: the zombie its parent just reaped: slot, stack, trapframe freed */
#define KMODEL_SYNC 6   /* pid: the process whose sync() just wrote every dirty shared page back */

/*
 * Every field is a 32-bit word, in this order; kernel-model/layout.ts reads them by name in the
 * same order. Addresses are physical (the kernel maps RAM at its physical address).
 */
struct kmodel_layout {
  uint magic, version;
  /* Memory. */
  uint rambase, usertop, kernel_end, phystop_addr, kernel_pagetable_addr, pte_cow;
  /* The page allocator (struct kmem, kalloc.h). */
  uint kmem_addr, kmem_freelist, kmem_nfree, kmem_refcount;
  /* The process table (struct proc, proc.h). */
  uint proc_addr, nproc, proc_size;
  uint proc_state, proc_pid, proc_parent, proc_kstack, proc_sz, proc_stack_bottom;
  uint proc_vfork_parent, proc_seg, proc_nseg, proc_spawn_path, proc_spawn_argv;
  uint proc_pagetable, proc_trapframe, proc_name, proc_name_size;
  uint nseg, seg_size, maxarg;
  uint state_unused, state_zombie;
  /* The open-file table (struct ftable, file.h): pipes hold a page each. */
  uint file_addr, nfile, file_size, file_type, file_ref, file_pipe, fd_pipe;
  /* Modes and counters. */
  uint fork_mode_addr, sbrk_mode_addr, pagetable_pages_addr;
  /* The buffer cache and the inode table (struct buf, buf.h; struct inode, file.h), found through
   * the symbols kmodel_bcache_bufs and kmodel_itable_inodes, and the log's busy words
   * (kmodel_log_busy): what a host editing the live disk must check and invalidate. */
  uint nbuf, buf_size, buf_valid, buf_blockno, buf_refcnt, buf_locked;
  uint ninode, inode_size, inode_inum, inode_ref, inode_valid, inode_locked;
  /* The page cache (struct pcache, pagecache.h): each entry's page has one reference for the
   * cache; a host editing a file marks its entries stale. MAP_SHARED pages carry pte_shared. */
  uint pcache_addr, npcache, pcpage_size, pcpage_inum, pcpage_pa, pcpage_stale, pte_shared;
  uint file_path, file_path_size; /* struct file: the path a mapped file was opened by */
  uint file_ip, pcpage_index;     /* struct file: its inode; struct pcpage: the page of the file */
  /* Swap (struct swapstate, swap.h): slots, each slot's PTE references and the pages whose
   * content it holds; frameslot gives each page of RAM its slot + 1 (0: none). */
  uint swap_addr, swap_nslots, swap_ref, swap_cached, frameslot_addr;
};

/* Alone in its page, so that watching it slows no other store. */
struct kmodel_probe {
  uint event;  /* KMODEL_*, written last */
  uint pid;
  uint seq;    /* events so far */
  uint pad[PGSIZE / 4 - 3];
};
#endif
