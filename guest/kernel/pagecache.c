// The page cache: pages of regular files keyed by (device, inode, page index), shared by read(),
// write(), mmap and exec. A cached page is an ordinary allocator page with one reference for the
// cache plus one per mapping; read() copies from it, write() writes through to the disk and into
// it, a MAP_SHARED mapping or a program's text maps the page itself. When the allocator runs out
// it asks the cache to give back pages nobody maps (a clock over the entries), so the cache is
// bounded by NPCACHE and by memory. Every operation on an inode's pages runs under its sleeplock;
// pcache.lock only keeps the table whole against reclaim from another context.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "buf.h"
#include "pagecache.h"
#include "defs.h"

struct pcache pcache;
uint pcache_reads, pcache_hits, pcache_drops; /* memstat: pages read from disk (not holes), found, reclaimed */

#define NHASH 512
static short hashhead[NHASH]; /* first entry of each chain, -1 if none */
static short hashnext[NPCACHE]; /* next in its chain, or in the free entries' */
static short freehead;         /* first free entry, -1 if none */
static uchar incache[MAX_RAM / PGSIZE]; /* whether a RAM page is a cache page: its extra reference */
/* 0 after a reclaim found every cached page mapped, until one no longer is (kfree tells): with
 * all of them mapped, as under swap, a kalloc does not scan all NPCACHE entries for each page
 * (that had cost 65,000 instructions a page swapped out). */
static int reclaimable = 1;

static uint hash(uint dev, uint inum, uint index) { return (inum * 31 + index + dev * 7) % NHASH; }

void pcacheinit(void) {
  initlock(&pcache.lock, "pcache");
  for (int i = 0; i < NHASH; i++) hashhead[i] = -1;
  for (int e = 0; e < NPCACHE; e++) hashnext[e] = e + 1 < NPCACHE ? e + 1 : -1;
  freehead = 0;
}

/* The entry for (dev, inum, index), or -1. pcache.lock held. */
static int find(uint dev, uint inum, uint index) {
  for (int e = hashhead[hash(dev, inum, index)]; e >= 0; e = hashnext[e]) {
    struct pcpage *pg = &pcache.pg[e];
    if (pg->pa && !pg->stale && pg->inum == inum && pg->index == index && pg->dev == dev) return e;
  }
  return -1;
}

/* Takes entry e out of the table; returns its page, whose cache reference the caller drops. */
static uint unlink(int e) {
  struct pcpage *pg = &pcache.pg[e];
  short *link = &hashhead[hash(pg->dev, pg->inum, pg->index)];
  while (*link != e) link = &hashnext[*link];
  *link = hashnext[e];
  hashnext[e] = freehead;
  freehead = (short)e;
  uint pa = pg->pa;
  pg->pa = 0;
  incache[RAMPAGE(pa)] = 0;
  pcache.npages--;
  return pa;
}

/*
 * Frees one cached page that nothing maps, going round the table from where the last reclaim
 * stopped (the clock). Called by kalloc when the free list is empty, without its lock. Returns
 * 1 if a page was freed. A page still mapped is never taken: the clock (reclaim.c) unmaps it
 * first.
 */
int pcache_reclaim(void) {
  if (!reclaimable) return 0;
  acquire(&pcache.lock);
  for (int n = 0; n < NPCACHE; n++) {
    int e = pcache.hand;
    pcache.hand = (pcache.hand + 1) % NPCACHE;
    if (!pcache.pg[e].pa || krefcount((void *)pcache.pg[e].pa) != 1) continue;
    uint pa = unlink(e);
    release(&pcache.lock);
    pcache_drops++;
    kfree((void *)pa);
    return 1;
  }
  reclaimable = 0;
  release(&pcache.lock);
  return 0;
}

/* A page's count fell to 1: if it is a cache page, nothing maps it now, and reclaim may take it. */
void pcache_unmapped(uint pa) { if (pcache_holds(pa)) reclaimable = 1; }

/* Reads page `index` of ip from the disk into the page at pa: bytes past the end of the file,
 * and holes, are zeros (the page came zeroed). Whether any block was read. */
static int fill(struct inode *ip, uint index, uint pa) {
  uint off = index * PGSIZE;
  int read = 0;
  for (uint b = 0; b < PGSIZE / BSIZE && off + b * BSIZE < ip->size; b++) {
    uint addr = bmap_lookup(ip, (off / BSIZE) + b);
    if (!addr) continue;
    struct buf *bp = bread(ip->dev, addr);
    uint n = ip->size - (off + b * BSIZE);
    memmove((char *)pa + b * BSIZE, bp->data, n < BSIZE ? n : BSIZE);
    brelse(bp);
    read = 1;
  }
  return read;
}

/*
 * Page `index` of regular file ip (locked), read from the disk on a miss, with one more
 * reference for the caller (a mapping's, or a read()'s while it copies). 0 if no page or table
 * entry could be had: the caller goes to the disk itself.
 */
uint pcache_get(struct inode *ip, uint index) {
  acquire(&pcache.lock);
  int e = find(ip->dev, ip->inum, index);
  if (e >= 0) {
    uint pa = pcache.pg[e].pa;
    kref((void *)pa);
    release(&pcache.lock);
    pcache_hits++;
    return pa;
  }
  release(&pcache.lock);
  memflux_begin();      /* while it is read, the page is nobody's */
  char *mem = kalloc(); /* outside pcache.lock: kalloc may call pcache_reclaim */
  if (!mem) { memflux_end(); return 0; }
  int fromdisk = fill(ip, index, (uint)mem);
  acquire(&pcache.lock);
  if (freehead < 0) {
    /* Full of entries: make room by taking one nobody maps, or go without the cache. */
    release(&pcache.lock);
    int room = pcache_reclaim();
    for (int r; !room && push_depth() == 0 && myproc() && (r = pageout()) != 0;) if (r == PAGEOUT_FILE) room = pcache_reclaim();
    if (!room) { kfree(mem); memflux_end(); return 0; }
    acquire(&pcache.lock);
    if (freehead < 0) { release(&pcache.lock); kfree(mem); memflux_end(); return 0; }
  }
  int slot = freehead;
  freehead = hashnext[slot];
  struct pcpage *pg = &pcache.pg[slot];
  pg->dev = ip->dev;
  pg->inum = ip->inum;
  pg->index = index;
  pg->pa = (uint)mem;
  pg->stale = 0;
  uint h = hash(ip->dev, ip->inum, index);
  hashnext[slot] = hashhead[h];
  hashhead[h] = slot;
  incache[RAMPAGE((uint)mem)] = 1;
  pcache.npages++;
  kref(mem); /* the cache's reference and the caller's */
  release(&pcache.lock);
  memflux_end();
  if (fromdisk) pcache_reads++;
  return (uint)mem;
}

/* write() wrote n bytes at off of ip (within one page): the cached page, if any, gets them too. */
void pcache_update(struct inode *ip, uint off, const char *src, uint n) {
  acquire(&pcache.lock);
  int e = find(ip->dev, ip->inum, off / PGSIZE);
  if (e >= 0) memmove((char *)pcache.pg[e].pa + off % PGSIZE, src, n);
  release(&pcache.lock);
}

/*
 * ip is being cut to size bytes: its cached pages past the end leave the cache (a page still
 * mapped stays with its mappings, no longer the file's), and the tail of the last page is
 * zeroed, so a file that grows again reads zeros there.
 */
void pcache_truncate(struct inode *ip, uint size) {
  uint first = (size + PGSIZE - 1) / PGSIZE;
  acquire(&pcache.lock);
  for (int e = 0; e < NPCACHE; e++) {
    struct pcpage *pg = &pcache.pg[e];
    if (!pg->pa || pg->inum != ip->inum || pg->dev != ip->dev) continue;
    if (pg->index >= first) {
      uint pa = unlink(e);
      release(&pcache.lock);
      kfree((void *)pa);
      acquire(&pcache.lock);
    } else if (size % PGSIZE && pg->index == size / PGSIZE) {
      memset((char *)pg->pa + size % PGSIZE, 0, PGSIZE - size % PGSIZE);
    }
  }
  release(&pcache.lock);
}

/* Whether every entry is taken (a new page needs one given back first). */
int pcache_full(void) { return freehead < 0; }

/* Whether the page at pa is a cache page (it then has one reference that no mapping holds). */
int pcache_holds(uint pa) { return pa >= RAMBASE && pa < RAMBASE + MAX_RAM && incache[RAMPAGE(pa)]; }

/* References to pa from mappings and other holders, the cache's own not counted. */
int kmapcount(uint pa) { return krefcount((void *)pa) - pcache_holds(pa); }
