// exec: replaces the calling process's memory with a program from an ELF file. The new image
// is built in a fresh page table and only swapped in when complete, so a failing exec (bad ELF,
// too many arguments, no memory) returns -1 to an intact caller.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "elf.h"
#include "kmodel.h"
#include "defs.h"
extern struct spinlock proc_lock;

/* Loads [va, va+sz) of a segment from ip at offset. va must be page-aligned. */
static int loadseg(pagetable_t pt, uint va, struct inode *ip, uint offset, uint sz) {
  for (uint i = 0; i < sz; i += PGSIZE) {
    uint pa = walkaddr(pt, va + i);
    if (pa == 0) panic("loadseg: page not mapped");
    uint n = sz - i < PGSIZE ? sz - i : PGSIZE;
    if (readi(ip, 0, pa, offset + i, n) != (int)n) return -1;
  }
  return 0;
}

/*
 * Maps a read-only segment's pages straight from the page cache: every process running the
 * program shares them, as they would share a library's text. [va, va+sz) at file offset `offset`,
 * both page-aligned. 0, or -1 (the caller loads a private copy instead).
 */
static int mapcached(pagetable_t pt, uint va, struct inode *ip, uint offset, uint sz, uint perm) {
  for (uint i = 0; i < sz; i += PGSIZE) {
    uint pa = pcache_get(ip, (offset + i) / PGSIZE);
    if (!pa) return -1;
    if (mappages(pt, va + i, PGSIZE, pa, perm | PTE_R | PTE_U) != 0) { kfree((void *)pa); return -1; }
  }
  return 0;
}

static uint flags2perm(uint flags) {
  uint perm = 0;
  if (flags & ELF_PROG_FLAG_EXEC) perm |= PTE_X;
  if (flags & ELF_PROG_FLAG_WRITE) perm |= PTE_W;
  return perm;
}

int exec(char *path, char **argv) {
  struct proc *p = myproc();
  struct elfhdr elf;
  struct proghdr ph;
  pagetable_t pagetable = 0;
  uint sz = 0;
  struct segment seg[NSEG];
  int nseg = 0;
  memset(seg, 0, sizeof seg);
  begin_op();
  struct inode *ip = namei(path);
  if (!ip) { end_op(); return -1; }
  ilock(ip);
  if (readi(ip, 0, (uint)&elf, 0, sizeof elf) != sizeof elf) goto bad;
  /* A 32-bit little-endian RISC-V executable of the current ELF version, and nothing else: a
   * header that says 64-bit (or big-endian, or a shared object) is refused, not half-believed. */
  if (elf.magic != ELF_MAGIC || elf.ident[EI_CLASS] != ELFCLASS32 || elf.ident[EI_DATA] != ELFDATA2LSB ||
      elf.ident[EI_VERSION] != EV_CURRENT || elf.version != EV_CURRENT || elf.type != ET_EXEC ||
      elf.machine != EM_RISCV || elf.phentsize != sizeof ph || elf.phnum == 0 || elf.phnum > ELF_MAX_PHNUM ||
      elf.phoff + elf.phnum * sizeof ph < elf.phoff) goto bad;
  if ((pagetable = uvmcreate()) == 0) goto bad;
  int entryok = 0; /* the entry point lies in an executable segment */
  for (uint i = 0, off = elf.phoff; i < elf.phnum; i++, off += sizeof ph) {
    if (readi(ip, 0, (uint)&ph, off, sizeof ph) != sizeof ph) goto bad;
    if (ph.type != ELF_PROG_LOAD) continue;
    if (ph.memsz < ph.filesz || ph.vaddr + ph.memsz < ph.vaddr || ph.vaddr % PGSIZE != 0) goto bad;
    if (ph.off + ph.filesz < ph.off || ph.off + ph.filesz > ip->size) goto bad;
    if ((ph.flags & ELF_PROG_FLAG_EXEC) && elf.entry >= ph.vaddr && elf.entry < ph.vaddr + ph.memsz) entryok = 1;
    if (ph.vaddr + ph.memsz > heaplimit() || ph.vaddr < sz) goto bad;
    /* Text (read-only, no bss, file offset congruent to its address) comes from the page cache;
     * anything else is loaded into pages of its own. */
    int cached = !(ph.flags & ELF_PROG_FLAG_WRITE) && ph.off % PGSIZE == 0 && ph.memsz == ph.filesz && ph.filesz > 0;
    if (cached && mapcached(pagetable, ph.vaddr, ip, ph.off, ph.filesz, flags2perm(ph.flags)) == 0) {
      sz = ph.vaddr + ph.memsz;
    } else {
      if (cached) uvmunmap(pagetable, ph.vaddr, (PGROUNDUP(ph.vaddr + ph.filesz) - ph.vaddr) / PGSIZE, 1);
      uint sz1 = uvmalloc(pagetable, sz, ph.vaddr + ph.memsz, flags2perm(ph.flags));
      if (sz1 == 0) goto bad;
      sz = sz1;
      if (loadseg(pagetable, ph.vaddr, ip, ph.off, ph.filesz) < 0) goto bad;
    }
    /* The text segment; or a data segment, its zero-filled tail being the bss. */
    uint perm = PROT_READ | ((ph.flags & ELF_PROG_FLAG_WRITE) ? PROT_WRITE : 0) | ((ph.flags & ELF_PROG_FLAG_EXEC) ? PROT_EXEC : 0);
    uint fileend = PGROUNDUP(ph.vaddr + ph.filesz), memend = PGROUNDUP(ph.vaddr + ph.memsz);
    if (nseg + 2 > NSEG - 2) goto bad;
    if (!(ph.flags & ELF_PROG_FLAG_WRITE)) {
      seg[nseg].start = ph.vaddr; seg[nseg].end = memend; seg[nseg].perm = perm; seg[nseg++].kind = SEG_TEXT;
    } else {
      if (fileend > ph.vaddr) { seg[nseg].start = ph.vaddr; seg[nseg].end = fileend; seg[nseg].perm = perm; seg[nseg++].kind = SEG_DATA; }
      if (memend > fileend) { seg[nseg].start = fileend; seg[nseg].end = memend; seg[nseg].perm = perm; seg[nseg++].kind = SEG_BSS; }
    }
  }
  if (!entryok) goto bad;
  iunlockput(ip);
  end_op();
  ip = 0;

  /* The heap starts after the last segment. The stack is at the top of user space, as Linux's:
   * a page now, growing down on demand (lazyfault) to stack_max, with a guard gap below. */
  sz = PGROUNDUP(sz);
  uint stackbase = USTACKTOP - USERSTACK * PGSIZE, sp = USTACKTOP;
  if (uvmalloc(pagetable, stackbase, USTACKTOP, PTE_W) == 0) goto bad;
  seg[nseg].start = stackbase; seg[nseg].end = USTACKTOP; seg[nseg].perm = PROT_READ | PROT_WRITE; seg[nseg++].kind = SEG_STACK;

  /* Argument strings, then argv[] (argc pointers and a 0), 16-byte aligned (RISC-V ABI). */
  uint ustack[MAXARG + 1];
  uint argc;
  for (argc = 0; argv[argc]; argc++) {
    if (argc >= MAXARG) goto bad;
    sp -= strlen(argv[argc]) + 1;
    sp -= sp % 16;
    if (sp < stackbase) goto bad;
    if (copyout(pagetable, sp, argv[argc], strlen(argv[argc]) + 1) < 0) goto bad;
    ustack[argc] = sp;
  }
  ustack[argc] = 0;
  sp -= (argc + 1) * sizeof(uint);
  sp -= sp % 16;
  if (sp < stackbase) goto bad;
  if (copyout(pagetable, sp, (char *)ustack, (argc + 1) * sizeof(uint)) < 0) goto bad;
  p->trapframe->a1 = sp; /* main(argc, argv) */

  const char *last = path, *s;
  for (s = path; *s; s++) if (*s == '/') last = s + 1;
  safestrcpy(p->name, last, sizeof p->name);

  acquire(&proc_lock);
  int borrowed = p->vfork_parent != 0;
  pagetable_t oldpagetable = p->pagetable;
  release(&proc_lock);
  /* The old image's shared file mappings are written back and let go (not a vfork child's: the
   * segments it sees are its parent's). */
  if (!borrowed) mmap_release(p, oldpagetable);
  acquire(&proc_lock);
  vfork_release(p); /* a vfork child gives the parent's page table back; it is not ours to free */
  release(&proc_lock);
  p->pagetable = pagetable;
  p->sz = sz;
  p->stack_bottom = stackbase;
  memmove(p->seg, seg, sizeof seg);
  p->nseg = nseg;
  p->trapframe->epc = elf.entry;
  p->trapframe->sp = sp;
  csr_write(satp, MAKE_SATP(pagetable));
  sfence_vma();
  if (!borrowed) uvmfree(oldpagetable);
  kmodel_event(KMODEL_EXEC, p->pid);
  return (int)argc; /* in a0: argc */

bad:
  if (pagetable) uvmfree(pagetable);
  if (ip) { iunlockput(ip); end_op(); }
  return -1;
}
