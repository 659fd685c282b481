// Reclaim: when kalloc finds no free page and the page cache none that nobody maps, pageout()
// frees one through a clock over the user leaf PTEs of every process, giving each page a second
// chance through its A bit. The first page found with A clear that may go is let go:
//  - a page of a file mapping (the page cache's): its PTE is cleared, and the next touch maps the
//    cache's page again, or reads it from the file if the cache gave it back meanwhile. A dirty
//    MAP_SHARED page (D set) is written to its file first, which needs the file's lock and a log
//    operation, so it is only chosen when the process asking holds neither (fslocks == 0);
//  - with swap, a private anonymous page is written to a swap slot (swap.c).
// Program text mapped by exec has no segment to refill it from, so it stays. sync() writes every
// dirty MAP_SHARED page with the same care. When memory and swap are both full, the OOM killer.
// swapstate.lock keeps the process tables still (interrupts off, one hart) while a walk holds a
// pointer into one.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "proc.h"
#include "swap.h"
#include "defs.h"

extern struct proc proc[NPROC];

uint file_drops; /* memstat: file pages let go by the clock (clean, or written back first) */

/* Whether the process asking may write a page to its file: it holds no sleeplock (an inode's
 * or a buffer's) and is inside no log operation, so the write-back cannot wait on itself. */
static int canwriteback(void) {
  struct proc *p = myproc();
  return p && p->fslocks == 0 && push_depth() == 0;
}

/* A page the clock chose: its PTE, and for a file page the process and the mapping. */
struct victim { pte_t *pte; struct proc *p; int mm; uint va; };

/* Whether v, the PTE of va in p, is a file mapping's page the clock may let go; its mapping's
 * index, or -1. */
static int droppable(struct proc *p, uint va, pte_t v, int writeok) {
  if ((v & (PTE_V | PTE_U)) != (PTE_V | PTE_U) || !pcache_holds(PTE2PA(v))) return -1;
  int mm = mmapseg(p, va);
  if (mm < 0 || !p->seg[mm].file) return -1; /* text exec mapped: nothing to refill it from */
  if ((v & PTE_D) && p->seg[mm].shared && !writeok) return -1;
  return mm;
}

/*
 * Finds the next victim with the clock: the hand moves over process slots, their user level-0
 * tables and the entries in them, clearing A bits as it passes. Returns 1 with *out set, or 0
 * after two rounds found none. A page table shared by on-demand fork is visited from each space
 * (a swapped-out PTE there is every sharer's, and counts once, as the page it replaces did); a
 * vfork child is not (its table is its parent's, visited there). swapstate.lock held.
 */
static int clockhand(int anon, int writeok, struct victim *out) {
  struct swaphand *h = &swapstate.hand;
  uint steps = 2 * NPROC * (PX(1, USERTOP - 1) + 1);
  int flush = 0, found = 0;
  for (; steps > 0 && !found; steps--) {
    struct proc *p = &proc[h->proc];
    pte_t *table = 0;
    if (p->state != UNUSED && p->state != ZOMBIE && p->pagetable && !p->vfork_parent && h->table <= PX(1, USERTOP - 1))
      table = usertable(p->pagetable, h->table);
    for (; table && h->entry < 1024; h->entry++) {
      pte_t v = table[h->entry];
      uint va = (h->table << 22) | (h->entry << 12);
      int mm = droppable(p, va, v, writeok);
      if (mm < 0 && !(anon && swappable(v))) continue;
      if (v & PTE_A) { table[h->entry] = v & ~PTE_A; flush = 1; continue; } /* a second chance */
      *out = (struct victim){ &table[h->entry], p, mm, va };
      h->entry++;
      found = 1;
      break;
    }
    if (found) break;
    h->entry = 0;
    if (++h->table > PX(1, USERTOP - 1)) { h->table = 0; h->proc = (h->proc + 1) % NPROC; }
  }
  if (flush) sfence_vma(); /* the cleared A bits must be set again by the next access */
  return found;
}

/*
 * Writes the dirty page pa, page va of p's shared mapping mm, to its file with the page held
 * (the PTE may go meanwhile), D cleared first (a store during the write dirties it again) and
 * set again if the write fails, if p still maps va to pa. Called with swapstate.lock held, which
 * it releases (the write sleeps); returns 0 or -1.
 */
static int writeheld(struct proc *p, int mm, uint va, pte_t *pte) {
  struct segment *s = &p->seg[mm];
  uint pa = PTE2PA(*pte), off = mapoffset(s, va);
  int pid = p->pid;
  pagetable_t pt = p->pagetable;
  struct inode *ip = idup(s->file->ip);
  *pte &= ~PTE_D;
  kref((void *)pa);
  release(&swapstate.lock);
  sfence_vma();
  int r = writeheldpage(ip, pa, off);
  if (r < 0) {
    acquire(&swapstate.lock);
    if (p->pid == pid && p->pagetable == pt && p->state != ZOMBIE) redirty(pt, va, pa);
    release(&swapstate.lock);
  }
  begin_op();
  iput(ip);
  end_op();
  return r;
}

/* Lets the clock's file page go: written back first if dirty and shared, then its PTE cleared
 * (if it still maps the page) and its reference dropped; the cache gives the page back once no
 * one else maps it. swapstate.lock held, released here. 1 if the PTE went or its page was
 * written back; 0 if the write failed (the disk is full). */
static int dropfilepage(struct victim *v) {
  uint pa = PTE2PA(*v->pte);
  if ((*v->pte & PTE_D) && v->p->seg[v->mm].shared) {
    int pid = v->p->pid;
    pagetable_t pt = v->p->pagetable;
    if (writeheld(v->p, v->mm, v->va, v->pte) < 0) return 0;
    acquire(&swapstate.lock);
    /* The write slept: drop the PTE only if it still maps the page, and is clean. If not, the
     * write was still progress (the page is clean in the cache), so the caller goes on. */
    if (v->p->pid != pid || v->p->pagetable != pt || v->p->state == ZOMBIE || !(v->pte = walk(pt, v->va, 0)) ||
        (*v->pte & (PTE_V | PTE_D)) != PTE_V || PTE2PA(*v->pte) != pa) { release(&swapstate.lock); return 1; }
  }
  *v->pte = 0;
  release(&swapstate.lock);
  sfence_vma();
  memflux_begin(); /* until it is given back, the page is the cache's only */
  kfree((void *)pa);
  memflux_end();
  __atomic_fetch_add(&file_drops, 1, __ATOMIC_RELAXED);
  return 1;
}

/*
 * Frees a page's worth of memory: lets a file page go, or with swap writes an anonymous page out.
 * Returns PAGEOUT_FILE or PAGEOUT_SWAP if a PTE gave up its page (a file page is then the
 * cache's to give back, once no one else maps it), 0 if the clock found none. The caller holds
 * no spinlock and may sleep.
 */
int pageout(void) {
  int writeok = canwriteback(); /* before the lock, which it counts */
  acquire(&swapstate.lock);
  struct victim v;
  if (!clockhand(swapstate.nslots > 0, writeok, &v)) { release(&swapstate.lock); return 0; }
  if (v.mm >= 0) return dropfilepage(&v) ? PAGEOUT_FILE : 0;
  return swapwrite(v.pte) ? PAGEOUT_SWAP : 0;
}

/* One step of making room: the cache gives back a page no one maps, or the clock lets one go
 * (after a file page, the cache is asked again). 0 if neither could. */
static int reclaimstep(void) {
  if (pcache_reclaim()) return 1;
  int r = pageout();
  if (r == PAGEOUT_FILE) pcache_reclaim();
  return r != 0;
}

/*
 * Makes sure n pages are free, letting pages go if need be, before the caller takes a lock under
 * which kalloc cannot (fork and vfork allocate under proc_lock; a file fault under the file's
 * lock, where dirty pages cannot be written back). Best effort.
 */
void kreserve(uint n) {
  if (push_depth() > 0 || !myproc()) return;
  while (kfreecount() < n && reclaimstep()) {}
}

/*
 * Before a file fault takes the file's lock, under which dirty pages cannot be written back: a
 * free page and a free cache entry, letting pages go while writing back is still allowed (a
 * mapping being filled with stores, as mcp's destination is, would otherwise fill the cache
 * with dirty pages that nothing may write).
 */
void faultreserve(void) {
  if (!canwriteback()) return;
  while ((kfreecount() < 2 || pcache_full()) && reclaimstep()) {}
}

/*
 * sync(): writes every dirty MAP_SHARED page of every process to its file, in one pass of a
 * cursor over the processes' shared mappings (a page stored to again meanwhile is dirty again,
 * for the next sync). 0, or -1 if a page could not be written (the disk is full): it stays dirty.
 */
int syncpages(void) {
  int r = 0;
  for (int i = 0; i < NPROC; i++) {
    struct proc *p = &proc[i];
    for (int mm = 0; mm < NSEG; mm++) {
      for (uint va = 0;;) {
        acquire(&swapstate.lock);
        if (p->state == UNUSED || p->state == ZOMBIE || !p->pagetable || p->vfork_parent || mm >= p->nseg ||
            p->seg[mm].kind != SEG_MMAP || !p->seg[mm].file || !p->seg[mm].shared) { release(&swapstate.lock); break; }
        struct segment *s = &p->seg[mm];
        if (va < s->start) va = s->start;
        pte_t *pte = 0;
        for (; va < s->end; va += PGSIZE) {
          pte = walk(p->pagetable, va, 0);
          if (pte && (*pte & (PTE_V | PTE_D)) == (PTE_V | PTE_D)) break;
        }
        if (va >= s->end) { release(&swapstate.lock); break; }
        if (writeheld(p, mm, va, pte) < 0) r = -1;
        va += PGSIZE;
      }
    }
  }
  return r;
}

/*
 * Memory and swap are both full: kill the process with the most resident pages (init excepted),
 * as Linux's OOM killer does, with a message. It dies at its next return to user mode.
 */
void oomkill(void) {
  struct proc *victim = 0;
  uint most = 0;
  for (struct proc *p = proc; p < &proc[NPROC]; p++) {
    if (p->state == UNUSED || p->state == ZOMBIE || !p->pagetable || p->vfork_parent || p->pid == 1 || p->killed) continue;
    uint n = 0;
    for (uint i = 0; i <= PX(1, USERTOP - 1); i++) {
      pte_t *t = usertable(p->pagetable, i);
      for (int j = 0; t && j < 1024; j++) if (t[j] & PTE_V) n++;
    }
    if (n > most) { most = n; victim = p; }
  }
  if (!victim) return;
  printf("out of memory and swap: killed pid %d (%s), %d KiB resident\n", victim->pid, victim->name, most * 4);
  kill(victim->pid);
  __atomic_fetch_add(&swapstate.oomkills, 1, __ATOMIC_RELAXED);
}
