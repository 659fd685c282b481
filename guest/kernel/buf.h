#ifndef XV32_BUF_H
#define XV32_BUF_H
#include "sleeplock.h"
#include "fs.h"
struct buf {
  int valid;     /* holds the block's data */
  int disk;      /* owned by the disk driver until the request completes */
  uint dev;
  uint blockno;
  struct sleeplock lock;
  uint refcnt;
  struct buf *prev, *next; /* LRU list: most recently used first */
  uchar data[BSIZE];
};
#endif
