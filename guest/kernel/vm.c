// Sv32 page tables: the kernel map (shared by every page table) and user address spaces.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "memstat.h"
#include "procmaps.h"
#include "swap.h"
#include "defs.h"

extern char etext[];
pagetable_t kernel_pagetable;
uint pagetable_pages; /* pages holding page tables (roots and level-0 tables), the kernel's too;
                       * changed atomically: walk() may run preemptibly (sbrk) */

/* Root entries of the kernel map: RAM at its physical address and the device windows. */
#define KROOT_FIRST (RAMBASE >> 22)
#define KROOT_LAST ((RAMBASE + MAX_RAM - 1) >> 22)

static void map_superpage(pagetable_t root, uint va, uint pa, uint perm) {
  root[PX(1, va)] = PA2PTE(pa) | perm | PTE_V | PTE_A | PTE_D | PTE_G;
}

/* Builds the kernel page table and turns on paging. */
void kvminit(void) {
  kernel_pagetable = kalloc();
  if (!kernel_pagetable) panic("kvminit");
  __atomic_fetch_add(&pagetable_pages, 1, __ATOMIC_RELAXED);
  for (uint va = RAMBASE; va < PHYSTOP; va += SUPERPAGE) map_superpage(kernel_pagetable, va, va, PTE_R | PTE_W | PTE_X);
  map_superpage(kernel_pagetable, PLIC, PLIC_PA, PTE_R | PTE_W);
  map_superpage(kernel_pagetable, UART0, UART0_PA, PTE_R | PTE_W);
  csr_write(satp, MAKE_SATP(kernel_pagetable));
  sfence_vma();
}

/* Stores a user page-table entry, counted for memstat (what fork costs in PTEs). */
static inline void setpte(pte_t *pte, pte_t v) {
  *pte = v;
  __atomic_fetch_add(&ptes_written, 1, __ATOMIC_RELAXED);
}

/*
 * On-demand fork (FORK_ODF): a fork shares the parent's level-0 tables with the child (one more
 * reference to each table page) instead of filling tables of its own, after clearing W in every
 * writable user leaf (which gains PTE_COW, as in cow mode). Sv32's non-leaf PTEs have no
 * permission bits, so the leaves are what catch a write. Anything that will change a PTE in a
 * shared table first calls unshare(): walk() for a new mapping, the COW fault (which the
 * kernel's own writes into user memory go through too), uvmunmap; uvmfree only drops its
 * reference. vfork shares the whole root and is unaffected.
 */

/* Gives pagetable its own copy of the level-0 table for va if it shares it. 0, or -1 if no page. */
int unshare(pagetable_t pagetable, uint va) {
  pte_t *root = &pagetable[PX(1, va)];
  if (!(*root & PTE_V)) return 0;
  pte_t *old = (pte_t *)PTE2PA(*root);
  if (krefcount(old) == 1) return 0; /* its own already */
  pte_t *copy = kalloc();
  if (!copy) return -1;
  /* kalloc may have slept (swapping out) while the other sharer exited: ours alone now. */
  if (krefcount(old) == 1) { kfree(copy); return 0; }
  __atomic_fetch_add(&pagetable_pages, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add(&pt_allocated, 1, __ATOMIC_RELAXED);
  for (uint j = 0; j < 1024; j++) {
    if (ISSWAPPTE(old[j])) { swapdup(old[j]); setpte(&copy[j], old[j]); continue; } /* one more PTE for its slot */
    if (!(old[j] & PTE_V)) continue;
    kref((void *)PTE2PA(old[j])); /* the page now has one more table mapping it */
    /* A dirty shared file page stays dirty in the table the others keep, so it is written back
     * once, by them; the copy starts clean. */
    setpte(&copy[j], old[j] & PTE_SHARED ? old[j] & ~PTE_D : old[j]);
  }
  setpte(root, PA2PTE(copy) | PTE_V);
  kfree(old); /* one sharer fewer; the other still has it */
  sfence_vma();
  return 0;
}

/*
 * Returns the address of the level-0 PTE for va in pagetable, creating the level-0 table if
 * `alloc`; 0 if it does not exist or cannot be allocated. Only for user addresses.
 */
pte_t *walk(pagetable_t pagetable, uint va, int alloc) {
  if (va >= USERTOP) panic("walk: kernel address");
  pte_t *pte = &pagetable[PX(1, va)];
  pagetable_t table;
  if (*pte & PTE_V) {
    if (*pte & (PTE_R | PTE_W | PTE_X)) panic("walk: user superpage");
    /* A walk that will add a mapping needs this address space's own table (on-demand fork). */
    if (alloc && unshare(pagetable, va) < 0) return 0;
    table = (pagetable_t)PTE2PA(*pte);
  } else {
    if (!alloc || (table = kalloc()) == 0) return 0;
    __atomic_fetch_add(&pagetable_pages, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&pt_allocated, 1, __ATOMIC_RELAXED);
    setpte(pte, PA2PTE(table) | PTE_V);
  }
  return &table[PX(0, va)];
}

/* The physical address a user va maps to, if it is a valid user page; 0 otherwise. */
uint walkaddr(pagetable_t pagetable, uint va) {
  if (va >= USERTOP) return 0;
  pte_t *pte = walk(pagetable, va, 0);
  if (!pte || !(*pte & PTE_V) || !(*pte & PTE_U)) return 0;
  return PTE2PA(*pte);
}

/* Maps [va, va+size) to pa with perm. Returns 0, or -1 if a page table could not be allocated. */
int mappages(pagetable_t pagetable, uint va, uint size, uint pa, uint perm) {
  if (size == 0) panic("mappages: size");
  uint a = PGROUNDDOWN(va), last = PGROUNDDOWN(va + size - 1);
  for (;;) {
    pte_t *pte = walk(pagetable, a, 1);
    if (!pte) return -1;
    if (*pte & PTE_V) panic("mappages: remap");
    setpte(pte, PA2PTE(pa) | perm | PTE_V);
    if (a == last) break;
    a += PGSIZE;
    pa += PGSIZE;
  }
  return 0;
}

/* Removes npages of mappings from va, freeing the pages if do_free. Pages of a lazy heap that
 * were never touched have no mapping and are skipped. */
int uvmunmap(pagetable_t pagetable, uint va, uint npages, int do_free) {
  if (va % PGSIZE) panic("uvmunmap: not aligned");
  /* First the tables this address space shares (on-demand fork), so that a failure changes
   * nothing: the other sharers keep their mappings. */
  for (uint a = va; a < va + npages * PGSIZE; a = (a & ~(SUPERPAGE - 1)) + SUPERPAGE) {
    if (unshare(pagetable, a) < 0) return -1;
  }
  for (uint a = va; a < va + npages * PGSIZE; a += PGSIZE) {
    pte_t *pte = walk(pagetable, a, 0);
    if (pte && ISSWAPPTE(*pte)) { swapdrop(*pte); setpte(pte, 0); continue; } /* swapped out: its slot */
    if (!pte || !(*pte & PTE_V)) continue;
    if (do_free) kfree((void *)PTE2PA(*pte));
    setpte(pte, 0);
  }
  return 0;
}

/* A new user page table: no user mappings, the kernel's root entries. 0 if out of memory. */
pagetable_t uvmcreate(void) {
  pagetable_t pt = kalloc();
  if (!pt) return 0;
  __atomic_fetch_add(&pagetable_pages, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add(&pt_allocated, 1, __ATOMIC_RELAXED);
  for (uint i = KROOT_FIRST; i <= KROOT_LAST; i++) pt[i] = kernel_pagetable[i];
  pt[PX(1, PLIC)] = kernel_pagetable[PX(1, PLIC)];
  pt[PX(1, UART0)] = kernel_pagetable[PX(1, UART0)];
  return pt;
}

/* Grows user memory from oldsz to newsz with zeroed pages (perm plus R and U). Returns the new
 * size, or 0 if out of memory (having freed what it allocated). */
uint uvmalloc(pagetable_t pagetable, uint oldsz, uint newsz, uint perm) {
  if (newsz < oldsz) return oldsz;
  if (newsz > USERTOP) return 0;
  for (uint a = PGROUNDUP(oldsz); a < newsz; a += PGSIZE) {
    char *mem = kalloc();
    if (!mem) { uvmdealloc(pagetable, a, oldsz); return 0; }
    if (mappages(pagetable, a, PGSIZE, (uint)mem, PTE_R | PTE_U | perm) != 0) {
      kfree(mem);
      uvmdealloc(pagetable, a, oldsz);
      return 0;
    }
  }
  return newsz;
}

/* Shrinks user memory from oldsz to newsz, freeing pages. Returns the new size (oldsz if a
 * shared page table could not be copied for lack of memory). */
uint uvmdealloc(pagetable_t pagetable, uint oldsz, uint newsz) {
  if (newsz >= oldsz) return oldsz;
  if (PGROUNDUP(newsz) < PGROUNDUP(oldsz)) {
    uint npages = (PGROUNDUP(oldsz) - PGROUNDUP(newsz)) / PGSIZE;
    if (uvmunmap(pagetable, PGROUNDUP(newsz), npages, 1) < 0) return oldsz;
  }
  return newsz;
}

/* Frees every user page of an address space's own level-0 tables (not shared ones). */
static void freeleaves(pagetable_t pagetable) {
  for (uint i = 0; i < KROOT_FIRST; i++) {
    pte_t pte = pagetable[i];
    if (!(pte & PTE_V) || i == PX(1, PLIC) || i == PX(1, UART0)) continue;
    pagetable_t table = (pagetable_t)PTE2PA(pte);
    for (int j = 0; j < 1024; j++) {
      if (ISSWAPPTE(table[j])) { swapdrop(table[j]); setpte(&table[j], 0); continue; }
      if (!(table[j] & PTE_V)) continue;
      kfree((void *)PTE2PA(table[j]));
      setpte(&table[j], 0);
    }
  }
}

/* Frees all user memory (heap, stack at the top, wherever it is) and the page table itself; the
 * kernel entries are shared. */
void uvmfree(pagetable_t pagetable) {
  /* A level-0 table shared with another address space (on-demand fork): drop our reference and
   * leave its pages to the other sharer. */
  for (uint i = 0; i < KROOT_FIRST; i++) {
    pte_t pte = pagetable[i];
    if (!(pte & PTE_V) || i == PX(1, PLIC) || i == PX(1, UART0)) continue;
    if (krefcount((void *)PTE2PA(pte)) == 1) continue;
    kfree((void *)PTE2PA(pte));
    setpte(&pagetable[i], 0);
  }
  freeleaves(pagetable);
  for (uint i = 0; i < KROOT_FIRST; i++) {
    pte_t pte = pagetable[i];
    if (!(pte & PTE_V) || i == PX(1, PLIC) || i == PX(1, UART0)) continue;
    pagetable_t table = (pagetable_t)PTE2PA(pte);
    for (int j = 0; j < 1024; j++) if (table[j] & PTE_V) panic("uvmfree: leaf left");
    kfree(table);
    __atomic_fetch_sub(&pagetable_pages, 1, __ATOMIC_RELAXED);
  }
  kfree(pagetable);
  __atomic_fetch_sub(&pagetable_pages, 1, __ATOMIC_RELAXED);
}

int fork_mode = FORK_COW;
int sbrk_mode = SBRK_EAGER;
uint fork_copied, cow_faults, cow_copied, lazy_faults; /* counted atomically, as pagetable_pages */
uint stack_grown;                                      /* stack pages allocated on first touch, ever */
uint mmap_faults;                                      /* mmap pages allocated on first touch, ever */
uint stack_max = STACK_MAX_DEFAULT;                    /* how far below USTACKTOP the stack may grow */
uint ptes_written, pt_allocated;                      /* likewise */
uint32 tlb_flushes;

static int lazyalloc(pagetable_t, uint);
static int cowcopy(pagetable_t, uint);

/*
 * A page of the current process that comes on first touch was touched (by the program, or by the
 * kernel copying to or from it): a lazily grown heap page, or a stack page (the stack grows down
 * on demand). Allocate it, zeroed. Returns 0; -1 if va is in neither or already mapped;
 * LAZY_NO_MEMORY if no page is free.
 */
int lazyfault(pagetable_t pagetable, uint va) {
  memflux_begin(); /* between kalloc and the mapping, the page is nobody's */
  int r = lazyalloc(pagetable, va);
  memflux_end();
  return r;
}

/*
 * Whether va may grow (or fill in) the stack of p: anywhere from the limit (stack_max below
 * USTACKTOP) up. There is no check against sp, as Linux has none since 4.20: compilers store
 * into a large frame before they lower sp to it. Returns the stack segment's index, or -1.
 */
static int stackgrowth(struct proc *p, uint va) {
  int s = stackseg(p);
  if (s < 0 || va >= USTACKTOP || va < USTACKTOP - stack_max) return -1;
  return s;
}

/* Whether a fault at va that nothing could satisfy is p running out of stack: a touch in the
 * guard gap below the stack's limit. */
int stackoverflow(struct proc *p, uint va) {
  uint limit = USTACKTOP - stack_max;
  return stackseg(p) >= 0 && va < limit && va >= limit - STACK_GUARD_GAP;
}

static int lazyalloc(pagetable_t pagetable, uint va) {
  struct proc *p = myproc();
  if (!p || pagetable != p->pagetable || va >= USERTOP) return -1;
  pte_t *swapped = walk(pagetable, PGROUNDDOWN(va), 0);
  if (swapped && ISSWAPPTE(*swapped)) return swapin(pagetable, va); /* back from the swap disk */
  int stack = -1, mm = -1;
  uint perm = PTE_W;
  if (va >= p->sz || va < heapbase(p)) {
    if ((mm = mmapseg(p, va)) >= 0) {
      /* An mmap page: its segment's permissions (W needs R in Sv32); PROT_NONE has no pages. */
      uint prot = p->seg[mm].perm;
      if (prot == 0) return -1;
      if (p->seg[mm].file) return filefault(p, mm, va);
      perm = (prot & PROT_WRITE ? PTE_W : 0) | (prot & PROT_EXEC ? PTE_X : 0) | (p->seg[mm].shared ? PTE_SHARED : 0);
    } else if ((stack = stackgrowth(p, va)) < 0) {
      return -1;
    }
  }
  pte_t *pte = walk(pagetable, PGROUNDDOWN(va), 0);
  if (pte && (*pte & PTE_V)) return -1; /* present: a real fault */
  char *mem = kalloc();
  if (!mem) return LAZY_NO_MEMORY;
  if (mappages(pagetable, PGROUNDDOWN(va), PGSIZE, (uint)mem, PTE_R | PTE_U | perm) != 0) { kfree(mem); return LAZY_NO_MEMORY; }
  if (mm >= 0) {
    __atomic_fetch_add(&mmap_faults, 1, __ATOMIC_RELAXED);
  } else if (stack < 0) {
    __atomic_fetch_add(&lazy_faults, 1, __ATOMIC_RELAXED);
  } else {
    __atomic_fetch_add(&stack_grown, 1, __ATOMIC_RELAXED);
    if (PGROUNDDOWN(va) < p->seg[stack].start) {
      p->seg[stack].start = p->stack_bottom = PGROUNDDOWN(va);
      /* A vfork child grows the stack of the address space it borrows: the parent's map. */
      struct proc *owner = p->vfork_parent;
      int os = owner ? stackseg(owner) : -1;
      if (os >= 0 && p->stack_bottom < owner->seg[os].start) owner->seg[os].start = owner->stack_bottom = p->stack_bottom;
    }
  }
  return 0;
}

/*
 * Gives the child the parent's user memory. In copy mode every page is copied; in cow mode the
 * pages are shared, and each writable one loses W in both and gains PTE_COW, so the first store
 * from either side faults and gets its own copy (cowfault). Returns 0, or -1 if out of memory,
 * in which case the child has nothing mapped (parent pages left COW are harmless: their next
 * store finds them unshared and makes them writable again).
 */
/* uvmcopy for on-demand fork: the child's root points at the parent's level-0 tables. */
static void uvmshare(pagetable_t old, pagetable_t new) {
  for (uint i = 0; i <= PX(1, USERTOP - 1); i++) {
    if (!(old[i] & PTE_V)) continue;
    pte_t *tab = (pte_t *)PTE2PA(old[i]);
    /* The whole cost of this fork is this scan, so it is kept tight: one test per entry, a
     * writable leaf turned copy-on-write with one xor (W and the COW mark are never both set),
     * and the PTEs written counted once per table (as setpte would count them one by one). */
    uint written = 0;
    for (uint j = 0; j < 1024; j++) {
      pte_t v = tab[j];
      if ((v & (PTE_V | PTE_U | PTE_W)) == (PTE_V | PTE_U | PTE_W)) { tab[j] = v ^ (PTE_W | PTE_COW); written++; }
    }
    __atomic_fetch_add(&ptes_written, written, __ATOMIC_RELAXED);
    kref(tab);
    setpte(&new[i], old[i]);
  }
  sfence_vma(); /* the parent's pages just lost W */
}

/* Pages a fork of the address space may allocate: the child's root, its level-0 tables (not in
 * odf mode), and in copy mode each present page that is copied; plus a trapframe and a kernel
 * stack. fork reserves them (kreserve) before proc_lock, where no page can be swapped out. */
uint forkneed(pagetable_t pt) {
  uint n = 3;
  for (uint i = 0; i <= PX(1, USERTOP - 1); i++) {
    pte_t *t = usertable(pt, i);
    if (!t) continue;
    if (fork_mode != FORK_ODF) n++;
    if (fork_mode != FORK_COPY) continue;
    for (int j = 0; j < 1024; j++) if ((t[j] & PTE_V) && (t[j] & (PTE_W | PTE_COW)) && !(t[j] & PTE_SHARED)) n++;
  }
  return n;
}

/* The child's level-0 table for the i-th 4 MiB (made on first need), or 0 if out of memory. */
static inline pte_t *childtable(pagetable_t new, uint i) { return walk(new, i << 22, 1); }

/* The level-0 table of user root entry i of pt, or 0 if there is none (or it is a device
 * window's: the kernel maps those high). */
pte_t *usertable(pagetable_t pt, uint i) {
  if (!(pt[i] & PTE_V) || i == PX(1, PLIC) || i == PX(1, UART0)) return 0;
  return (pte_t *)PTE2PA(pt[i]);
}

/* fork with swap: the child's PTEs for pages swapped out refer to the same slots (each side
 * reads its own copy back). A pass of its own, so that a fork without swap pays nothing. */
static int copyswapped(pagetable_t old, pagetable_t new) {
  for (uint i = 0; i <= PX(1, USERTOP - 1); i++) {
    pte_t *otab = usertable(old, i), *ntab = 0;
    for (uint j = 0; otab && j < 1024; j++) {
      if (!ISSWAPPTE(otab[j])) continue;
      if (!ntab && !(ntab = childtable(new, i))) return -1;
      swapdup(otab[j]);
      setpte(&ntab[j], otab[j]);
    }
  }
  return 0;
}

int uvmcopy(pagetable_t old, pagetable_t new) {
  if (fork_mode == FORK_ODF) { uvmshare(old, new); return 0; }
  int cow = fork_mode == FORK_COW;
  /* Table by table rather than walk() per page: a fork is mostly PTE writes, so each saved step
   * shows in what it costs (xv32 bench fork). */
  for (uint i = 0; i <= PX(1, USERTOP - 1); i++) {
    if (!(old[i] & PTE_V)) continue;
    pte_t *otab = (pte_t *)PTE2PA(old[i]), *ntab = 0;
    for (uint j = 0; j < 1024; j++) {
      pte_t *pte = &otab[j];
      if (!(*pte & PTE_V)) continue; /* an untouched lazy heap page, or swapped out (below) */
      if (!ntab && !(ntab = childtable(new, i))) goto fail;
      uint pa = PTE2PA(*pte);
      if (*pte & PTE_SHARED) {
        /* MAP_SHARED: the same page on both sides, writable as it was, in every mode. */
        kref((void *)pa);
      } else if (cow) {
        /* User pages that are or were writable become COW; others (text, read-only maps) just shared. */
        if ((*pte & PTE_U) && (*pte & (PTE_W | PTE_COW))) setpte(pte, (*pte & ~PTE_W) | PTE_COW);
        kref((void *)pa);
      } else if (!(*pte & (PTE_W | PTE_COW))) {
        /* Copy mode shares what no one may write (text, read-only maps), as the Unix before
         * copy-on-write did; only writable pages are copied. */
        kref((void *)pa);
      } else {
        char *mem = kalloc();
        if (!mem) goto fail;
        memmove(mem, (char *)pa, PGSIZE);
        pa = (uint)mem;
        __atomic_fetch_add(&fork_copied, 1, __ATOMIC_RELAXED);
      }
      setpte(&ntab[j], PA2PTE(pa) | (PTE_FLAGS(*pte) & ~(PTE_A | PTE_D)));
    }
  }
  if (swapstate.nslots && copyswapped(old, new) < 0) goto fail;
  if (cow) sfence_vma(); /* the parent's pages just lost W */
  return 0;
fail:
  /* Whatever the child got goes (shared pages just lose the child's reference). */
  freeleaves(new);
  if (cow) sfence_vma();
  return -1;
}

/*
 * A store to user page va hit a copy-on-write page: give this address space its own writable
 * copy, or, if it is the last holder, make the page writable in place. Returns 0; COW_NOT_COW
 * if va is not a COW page (a real fault); COW_NO_MEMORY if no page is free for the copy.
 */
int cowfault(pagetable_t pagetable, uint va) {
  memflux_begin(); /* the copy is nobody's until mapped, the original over-counted until freed */
  int r = cowcopy(pagetable, va);
  memflux_end();
  return r;
}

static int cowcopy(pagetable_t pagetable, uint va) {
  if (va >= USERTOP) return COW_NOT_COW;
  pte_t *pte = walk(pagetable, PGROUNDDOWN(va), 0);
  if (!pte || !(*pte & PTE_V) || !(*pte & PTE_U) || !(*pte & PTE_COW)) return COW_NOT_COW;
  if (unshare(pagetable, va) < 0) return COW_NO_MEMORY;
  pte = walk(pagetable, PGROUNDDOWN(va), 0); /* in this address space's own table now */
  __atomic_fetch_add(&cow_faults, 1, __ATOMIC_RELAXED);
  uint pa = PTE2PA(*pte);
  /* The last holder, or a MAP_SHARED page whose table on-demand fork shared: writable in place
   * (and a page read back from swap loses its clean copy there). */
  if (krefcount((void *)pa) == 1 || (*pte & PTE_SHARED)) {
    swapforget(pa);
    setpte(pte, (*pte | PTE_W) & ~PTE_COW);
  } else {
    /* Held while kalloc may sleep swapping out: a page with two holders is never taken. */
    kref((void *)pa);
    char *mem = kalloc();
    kfree((void *)pa);
    if (!mem) return COW_NO_MEMORY;
    pte = walk(pagetable, PGROUNDDOWN(va), 0);
    if (!pte || PTE2PA(*pte) != pa || !(*pte & PTE_V)) { kfree(mem); return COW_NOT_COW; }
    if (krefcount((void *)pa) == 1) { /* the other holder went while we slept: ours alone now */
      kfree(mem);
      swapforget(pa);
      setpte(pte, (*pte | PTE_W) & ~PTE_COW);
      sfence_vma();
      return 0;
    }
    memmove(mem, (char *)pa, PGSIZE);
    setpte(pte, PA2PTE(mem) | ((PTE_FLAGS(*pte) | PTE_W) & ~(PTE_COW | PTE_A | PTE_D)));
    kfree((void *)pa);
    __atomic_fetch_add(&cow_copied, 1, __ATOMIC_RELAXED);
  }
  sfence_vma();
  return 0;
}

/* The kernel address of user byte va if the page is user-writable (for copyout), else 0. */
/*
 * mprotect's page-table half: the present pages of [start, end) get prot's permissions. A page
 * that may be written but is shared (another holder, or a copy-on-write mark already) gets the
 * COW mark instead of W, so the first store copies it; PROT_NONE keeps the page but drops U, so
 * any user access faults. Shared level-0 tables (odf) are unshared first. -1 if out of memory.
 */
int uvmprotect(pagetable_t pagetable, uint start, uint end, int prot) {
  for (uint a = start; a < end; a = (a & ~(SUPERPAGE - 1)) + SUPERPAGE) if (unshare(pagetable, a) < 0) return -1;
  for (uint a = start; a < end; a += PGSIZE) {
    pte_t *pte = walk(pagetable, a, 0);
    if (!pte || !*pte) continue;
    int swapped = ISSWAPPTE(*pte);
    pte_t v = *pte & ~(PTE_U | PTE_W | PTE_X | PTE_COW);
    if (prot) v |= PTE_U;
    if (prot & PROT_EXEC) v |= PTE_X;
    /* A swapped-out page comes back copy-on-write anyway; W straight away loses a swap copy. */
    if ((prot & PROT_WRITE) && !swapped) {
      int cow = !(*pte & PTE_SHARED) && ((*pte & PTE_COW) || krefcount((void *)PTE2PA(*pte)) > 1);
      if (!cow) swapforget(PTE2PA(*pte));
      v |= cow ? PTE_COW : PTE_W;
    } else if (prot & PROT_WRITE) {
      v |= PTE_COW;
    }
    setpte(pte, v);
  }
  sfence_vma();
  return 0;
}

static char *user_writable(pagetable_t pt, uint va) {
  if (va >= USERTOP) return 0;
  pte_t *pte = walk(pt, va, 0);
  if (!pte || (*pte & (PTE_V | PTE_U | PTE_W)) != (PTE_V | PTE_U | PTE_W)) return 0;
  /* The kernel's store dirties the page as a user store would: a shared file page must be
   * written back (the D bit is what msync and exit look at). */
  if (!(*pte & PTE_D)) *pte |= PTE_A | PTE_D;
  return (char *)(PTE2PA(*pte) + (va % PGSIZE));
}

/* Copies len bytes from kernel src to user dstva. Returns 0, or -1 on a bad user address. */
int copyout(pagetable_t pagetable, uint dstva, const char *src, uint len) {
  while (len > 0) {
    char *dst = user_writable(pagetable, dstva);
    /* The kernel writing into a shared page must copy it first, as a user store would, and a
     * lazy heap page must exist first; a page back from swap comes copy-on-write: both. */
    for (int tries = 0; !dst && tries < 2; tries++) {
      if (cowfault(pagetable, dstva) != 0 && lazyfault(pagetable, dstva) != 0) break;
      dst = user_writable(pagetable, dstva);
    }
    if (!dst) return -1;
    uint n = PGSIZE - dstva % PGSIZE;
    if (n > len) n = len;
    memmove(dst, src, n);
    len -= n; src += n; dstva += n;
  }
  return 0;
}

/* Copies len bytes from user srcva to kernel dst. Returns 0, or -1 on a bad user address. */
int copyin(pagetable_t pagetable, char *dst, uint srcva, uint len) {
  while (len > 0) {
    uint pa = walkaddr(pagetable, PGROUNDDOWN(srcva));
    if (!pa && lazyfault(pagetable, srcva) == 0) pa = walkaddr(pagetable, PGROUNDDOWN(srcva));
    if (!pa) return -1;
    uint n = PGSIZE - srcva % PGSIZE;
    if (n > len) n = len;
    memmove(dst, (char *)(pa + srcva % PGSIZE), n);
    len -= n; dst += n; srcva += n;
  }
  return 0;
}

/* Copies a NUL-terminated string of at most max bytes (with the NUL) from user srcva.
 * Returns 0, or -1 on a bad address or a string too long. */
int copyinstr(pagetable_t pagetable, char *dst, uint srcva, uint max) {
  while (max > 0) {
    uint pa = walkaddr(pagetable, PGROUNDDOWN(srcva));
    if (!pa && lazyfault(pagetable, srcva) == 0) pa = walkaddr(pagetable, PGROUNDDOWN(srcva));
    if (!pa) return -1;
    uint n = PGSIZE - srcva % PGSIZE;
    if (n > max) n = max;
    char *p = (char *)(pa + srcva % PGSIZE);
    for (uint i = 0; i < n; i++) {
      *dst = p[i];
      if (p[i] == 0) return 0;
      dst++;
    }
    max -= n; srcva += n;
  }
  return -1;
}
