// The write-ahead log: a file-system operation's block writes are collected between begin_op
// and end_op; the last end_op commits them: to the log, then the log header (the commit
// point), then to their home locations, then the header is cleared. Recovery at boot replays
// a committed log, so an operation is on disk completely or not at all. A disk with a write
// cache may reorder writes, so commit flushes it between the steps (after the log blocks, after
// the header, after installing): the header never reaches stable storage before the blocks it
// names, nor is it cleared before they are home; and the next commit flushes the cleared header
// before it reuses the log (else a lost clear would replay an old header over new log blocks).
// log_force (fsync, sync) waits for the commit of every operation that has ended, so what it
// returns after is on stable storage.
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"
#include "riscv.h"
#include "proc.h"
#include "defs.h"

/* Block `start` of the log on disk: the count and home block numbers of the logged blocks. */
struct logheader {
  int n;
  int block[LOGSIZE];
};

static struct {
  struct spinlock lock;
  int start;
  int size;
  int outstanding;  /* operations between begin_op and end_op */
  int committing;
  int dev;
  struct logheader lh;
  uint txn;         /* the transaction operations are joining now (the next to commit) */
  uint done;        /* transactions committed and flushed: all up to txn - 1 when idle */
} log;

/* For the host's kernel model (kmodel.h): the words that say whether a file-system operation is
 * in progress (outstanding, committing, and blocks logged but not yet committed). */
const uint kmodel_log_busy[3] = { (uint)&log.outstanding, (uint)&log.committing, (uint)&log.lh.n };

/* Reads the header at recovery. One that cannot have been written by commit (a count past the
 * log, or a home block outside the inode, bitmap and data areas) is ignored with a console line:
 * replaying it would scatter log blocks over the disk. */
static void read_head(void) {
  struct buf *b = bread(log.dev, log.start);
  struct logheader *lh = (struct logheader *)b->data;
  int n = lh->n, ok = n >= 0 && n <= LOGSIZE && n < log.size;
  for (int i = 0; ok && i < n; i++) ok = homeblock((uint)lh->block[i]);
  log.lh.n = ok ? n : 0;
  for (int i = 0; i < log.lh.n; i++) log.lh.block[i] = lh->block[i];
  brelse(b);
  if (!ok) fserror("log header, block", (uint)log.start, "not a transaction: not replayed");
}

/* Writes the in-memory header to disk: with n > 0 this is the commit point. */
static void write_head(void) {
  struct buf *b = bread(log.dev, log.start);
  struct logheader *hb = (struct logheader *)b->data;
  hb->n = log.lh.n;
  for (int i = 0; i < log.lh.n; i++) hb->block[i] = log.lh.block[i];
  bwrite(b);
  brelse(b);
}

/* Copies the logged blocks to their home locations. */
static void install_trans(int recovering) {
  for (int t = 0; t < log.lh.n; t++) {
    struct buf *lbuf = bread(log.dev, log.start + t + 1);
    struct buf *dbuf = bread(log.dev, log.lh.block[t]);
    memmove(dbuf->data, lbuf->data, BSIZE);
    bwrite(dbuf);
    if (!recovering) bunpin(dbuf);
    brelse(lbuf);
    brelse(dbuf);
  }
}

void initlog(int dev, struct superblock *sb) {
  if (sizeof(struct logheader) >= BSIZE) panic("initlog: header too big");
  initlock(&log.lock, "log");
  log.start = sb->logstart;
  log.size = sb->nlog;
  log.dev = dev;
  log.done = (uint)-1; /* none yet: transaction 0 is the first */
  read_head();
  install_trans(1); /* a committed but uninstalled transaction from before a crash */
  virtio_disk_flush();
  log.lh.n = 0;
  write_head();
}

/* Starts a file-system operation, waiting if the log might not hold its writes. */
void begin_op(void) {
  acquire(&log.lock);
  for (;;) {
    if (log.committing || log.lh.n + (log.outstanding + 1) * MAXOPBLOCKS > LOGSIZE) {
      sleep(&log, &log.lock);
    } else {
      log.outstanding++;
      if (myproc()) myproc()->fslocks++;
      release(&log.lock);
      return;
    }
  }
}

static void commit(void) {
  if (log.lh.n == 0) return;
  virtio_disk_flush(); /* the last commit's (or recovery's) clear, before the log changes */
  for (int t = 0; t < log.lh.n; t++) {
    struct buf *to = bread(log.dev, log.start + t + 1);
    struct buf *from = bread(log.dev, log.lh.block[t]);
    memmove(to->data, from->data, BSIZE);
    bwrite(to);
    brelse(from);
    brelse(to);
  }
  virtio_disk_flush(); /* the logged copies are stable before the header names them */
  write_head();
  virtio_disk_flush(); /* the commit point is stable before any home block changes */
  install_trans(0);
  virtio_disk_flush(); /* home before the header lets go of them */
  log.lh.n = 0;
  write_head();
}

/* Ends an operation; the last one out commits. */
void end_op(void) {
  int do_commit = 0;
  acquire(&log.lock);
  log.outstanding--;
  if (myproc()) myproc()->fslocks--;
  if (log.committing) panic("end_op: committing");
  if (log.outstanding == 0) {
    do_commit = 1;
    log.committing = 1;
  } else {
    wakeup(&log); /* begin_op may be waiting for room */
  }
  release(&log.lock);
  if (do_commit) {
    commit();
    acquire(&log.lock);
    log.committing = 0;
    log.done = log.txn++;
    wakeup(&log);
    release(&log.lock);
  }
}

/* Returns once every operation that ended before the call is committed and flushed: with
 * other operations still open (group commit), that is when the last of them ends. */
void log_force(void) {
  acquire(&log.lock);
  /* Blocks logged (lh.n), or a commit under way: they belong to transaction txn. */
  if (log.lh.n > 0 || log.committing) {
    uint mine = log.txn;
    while ((int)(log.done - mine) < 0) sleep(&log, &log.lock);
  }
  release(&log.lock);
}

/* Records that buffer b (locked, modified) belongs to the current operation; replaces bwrite. */
void log_write(struct buf *b) {
  acquire(&log.lock);
  if (log.lh.n >= LOGSIZE || log.lh.n >= log.size - 1) panic("log_write: transaction too big");
  if (log.outstanding < 1) panic("log_write: outside an operation");
  int i;
  for (i = 0; i < log.lh.n; i++) if (log.lh.block[i] == (int)b->blockno) break;
  log.lh.block[i] = b->blockno;
  if (i == log.lh.n) { bpin(b); log.lh.n++; }
  release(&log.lock);
}
