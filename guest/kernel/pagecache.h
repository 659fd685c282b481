// The page cache's table (pagecache.c), which the host's kernel model reads (kmodel.c).
#ifndef XV32_PAGECACHE_H
#define XV32_PAGECACHE_H
#define NPCACHE 8192 /* cached pages at most: 32 MiB of file data */

struct pcpage {
  uint dev, inum;  /* the file */
  uint index;      /* which page of it: bytes [index * PGSIZE, (index + 1) * PGSIZE) */
  uint pa;         /* the page, 0 for a free entry */
  uint stale;      /* the host changed the file on disk: no longer found, reclaimed when unmapped */
};

struct pcache {
  struct spinlock lock;
  uint hand;       /* where reclaim's clock goes on from */
  uint npages;     /* entries in use */
  struct pcpage pg[NPCACHE];
};
extern struct pcache pcache;
#endif
