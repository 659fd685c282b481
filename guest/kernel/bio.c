// The buffer cache: NBUF copies of disk blocks, least recently used reused first. A buffer is
// locked (sleeplock) by whoever reads or writes it; bread returns it locked, brelse unlocks.
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "riscv.h"
#include "buf.h"
#include "defs.h"

static struct {
  struct spinlock lock;
  struct buf buf[NBUF];
  struct buf head; /* circular LRU list; head.next is the most recently used */
  int waiters;     /* bgets asleep for a free buffer: brelse wakes them only if any */
} bcache;

/* For the host's kernel model (kmodel.h): where the buffers are. */
const uint kmodel_bcache_bufs = (uint)bcache.buf;

void binit(void) {
  initlock(&bcache.lock, "bcache");
  bcache.head.prev = bcache.head.next = &bcache.head;
  for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++) {
    b->next = bcache.head.next;
    b->prev = &bcache.head;
    initsleeplock(&b->lock, "buffer");
    bcache.head.next->prev = b;
    bcache.head.next = b;
  }
}

/* The buffer for (dev, blockno), locked; reuses the least recently used free one if needed,
 * and waits for one if every buffer is in use (more processes in the disk than NBUF). */
static struct buf *bget(uint dev, uint blockno) {
  acquire(&bcache.lock);
  for (;;) {
    for (struct buf *b = bcache.head.next; b != &bcache.head; b = b->next) {
      if (b->dev == dev && b->blockno == blockno) {
        b->refcnt++;
        release(&bcache.lock);
        acquiresleep(&b->lock);
        return b;
      }
    }
    for (struct buf *b = bcache.head.prev; b != &bcache.head; b = b->prev) {
      if (b->refcnt == 0) {
        b->dev = dev;
        b->blockno = blockno;
        b->valid = 0;
        b->refcnt = 1;
        release(&bcache.lock);
        acquiresleep(&b->lock);
        return b;
      }
    }
    bcache.waiters++;
    sleep(&bcache, &bcache.lock); /* brelse wakes us; then look again, the block may be in */
    bcache.waiters--;
  }
}

/* A locked buffer holding block blockno of dev. */
struct buf *bread(uint dev, uint blockno) {
  struct buf *b = bget(dev, blockno);
  if (!b->valid) {
    virtio_disk_rw(b, 0);
    b->valid = 1;
  }
  return b;
}

/* Writes a locked buffer's data to disk. */
void bwrite(struct buf *b) {
  if (!holdingsleep(&b->lock)) panic("bwrite");
  virtio_disk_rw(b, 1);
}

/* Unlocks a buffer and makes it the most recently used. */
void brelse(struct buf *b) {
  if (!holdingsleep(&b->lock)) panic("brelse");
  releasesleep(&b->lock);
  acquire(&bcache.lock);
  b->refcnt--;
  int freed = b->refcnt == 0, wake = freed && bcache.waiters;
  if (freed) {
    b->next->prev = b->prev;
    b->prev->next = b->next;
    b->next = bcache.head.next;
    b->prev = &bcache.head;
    bcache.head.next->prev = b;
    bcache.head.next = b;
  }
  release(&bcache.lock);
  if (wake) wakeup(&bcache); /* a bget is waiting for a buffer */
}

/* Keeps a buffer in the cache (the log holds it until the commit). */
void bpin(struct buf *b) { acquire(&bcache.lock); b->refcnt++; release(&bcache.lock); }
void bunpin(struct buf *b) {
  acquire(&bcache.lock);
  int wake = --b->refcnt == 0 && bcache.waiters;
  release(&bcache.lock);
  if (wake) wakeup(&bcache);
}
