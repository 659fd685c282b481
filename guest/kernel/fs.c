// The file system: block allocation, inodes, directories and path names, on top of the log
// (log.c) and the buffer cache (bio.c). Locking: an inode's sleeplock guards its fields and
// content; itable.lock guards the in-memory table's ref counts and identities.
#include "types.h"
#include "param.h"
#include "stat.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"
#include "file.h"
#include "proc.h"
#include "defs.h"

struct superblock sb;

static void readsb(int dev, struct superblock *out) {
  struct buf *b = bread(dev, 1);
  memmove(out, b->data, sizeof *out);
  brelse(b);
}

/* One console line for damage found on disk, naming what (as ext4 reports its errors). */
void fserror(const char *what, uint n, const char *why) { printf("fs: %s %d: %s\n", what, n, why); }

/* The first data block: blocks a file or the log may name lie in [datastart, sb.size). */
static uint datastart;

/* Why the superblock cannot be believed (its areas must follow each other, as mkfs lays them
 * out, and fit on a disk of `blocks`), or 0. */
static const char *badsb(uint blocks) {
  if (sb.magic != FSMAGIC) return "not an xv32 file system (bad magic)";
  if (sb.size > blocks) return "larger than the disk";
  if (sb.logstart != 2 || sb.nlog < 2 || sb.nlog > LOGSIZE + 1) return "bad log area";
  if (sb.ninodes < ROOTINO + 1 || sb.ninodes > 65536) return "bad inode count";
  /* Each area inside the disk first, so the sums below cannot wrap around. */
  if (sb.inodestart >= sb.size || sb.bmapstart >= sb.size) return "an area past the end";
  if (sb.inodestart < sb.logstart + sb.nlog || sb.bmapstart < sb.inodestart + (sb.ninodes + IPB - 1) / IPB)
    return "areas overlap";
  if (sb.nblocks == 0 || sb.nblocks >= sb.size || sb.size - sb.nblocks < sb.bmapstart + (sb.size + BPB - 1) / BPB)
    return "bad data block count";
  return 0;
}

/* Mounts the file system; 0, or -1 (with a console line) if its superblock is not to be trusted. */
int fsinit(int dev) {
  readsb(dev, &sb);
  const char *why = badsb(virtio_disk_blocks());
  if (why) { fserror("superblock, block", 1, why); return -1; }
  datastart = sb.size - sb.nblocks;
  initlog(dev, &sb);
  return 0;
}

/* Whether block number b may hold a file's data or an indirect block. */
static int datablock(uint b) { return b >= datastart && b < sb.size; }

/* Whether b is a block the log may copy home: an inode, bitmap or data block. */
int homeblock(uint b) { return b >= sb.inodestart && b < sb.size; }

static void bzero(int dev, int bno) {
  struct buf *b = bread(dev, bno);
  memset(b->data, 0, BSIZE);
  log_write(b);
  brelse(b);
}

/* Every block below it is in use (a lower bound of the free ones): balloc starts there, so it
 * finds the first free block as a scan from 0 would, without scanning the full part of the
 * bitmap again for each block of a large file. balloc and bfree keep it, inside operations; the
 * host's live-disk editor may free blocks behind its back, so a disk that looks full is scanned
 * again from 0. */
static uint firstfree;

/* Allocates a zeroed data block, the first free one; returns its number, or 0 if the disk is full. */
static uint balloc(uint dev) {
  if (firstfree < datastart) firstfree = datastart; /* never a metadata block, whatever the bitmap says */
  for (int pass = 0; pass < 2; pass++) {
    for (uint base = firstfree - firstfree % BPB; base < sb.size; base += BPB) {
      struct buf *b = bread(dev, BBLOCK(base, sb));
      for (uint bi = base < firstfree ? firstfree - base : 0; bi < BPB && base + bi < sb.size; bi++) {
        if (bi % 8 == 0 && b->data[bi / 8] == 0xff) { bi += 7; continue; } /* a full byte */
        uint m = 1u << (bi % 8);
        if ((b->data[bi / 8] & m) == 0) {
          b->data[bi / 8] |= m;
          log_write(b);
          brelse(b);
          bzero(dev, base + bi);
          firstfree = base + bi + 1;
          return base + bi;
        }
      }
      brelse(b);
    }
    if (firstfree == datastart) break;
    firstfree = datastart;
  }
  return 0; /* the disk is full: the write that needed the block fails, quietly as on Unix */
}

static void bfree(int dev, uint bno) {
  if (!datablock(bno)) { fserror("block", bno, "freed, but outside the data area"); return; }
  struct buf *b = bread(dev, BBLOCK(bno, sb));
  uint bi = bno % BPB, m = 1u << (bi % 8);
  if ((b->data[bi / 8] & m) == 0) { brelse(b); fserror("block", bno, "freed, but the bitmap has it free"); return; }
  b->data[bi / 8] &= ~m;
  log_write(b);
  brelse(b);
  if (bno < firstfree) firstfree = bno;
}

static struct {
  struct spinlock lock;
  struct inode inode[NINODE];
} itable;

/* For the host's kernel model (kmodel.h): where the in-memory inodes are. */
const uint kmodel_itable_inodes = (uint)itable.inode;

void iinit(void) {
  initlock(&itable.lock, "itable");
  for (int i = 0; i < NINODE; i++) initsleeplock(&itable.inode[i].lock, "inode");
}



/* Allocates an inode of `type` on dev; returns it unlocked and referenced, or 0 if none is free. */
struct inode *ialloc(uint dev, short type) {
  for (uint inum = 1; inum < sb.ninodes; inum++) {
    struct buf *bp = bread(dev, IBLOCK(inum, sb));
    struct dinode *dip = (struct dinode *)bp->data + inum % IPB;
    if (dip->type == 0) {
      struct inode *ip = iget(dev, inum); /* first: with no slot, the disk stays as it was */
      if (!ip) { brelse(bp); return 0; }
      memset(dip, 0, sizeof *dip);
      dip->type = type;
      log_write(bp);
      brelse(bp);
      return ip;
    }
    brelse(bp);
  }
  return 0; /* no free inode on disk: the create fails */
}

/* Writes an in-memory inode's fields to disk. Caller holds ip->lock, inside an operation. A
 * damaged inode is left as it is on disk, for fsck. */
void iupdate(struct inode *ip) {
  if (ip->damaged) return;
  struct buf *bp = bread(ip->dev, IBLOCK(ip->inum, sb));
  struct dinode *dip = (struct dinode *)bp->data + ip->inum % IPB;
  dip->type = ip->type;
  dip->major = ip->major;
  dip->minor = ip->minor;
  dip->nlink = ip->nlink;
  dip->size = ip->size;
  memmove(dip->addrs, ip->addrs, sizeof ip->addrs);
  log_write(bp);
  brelse(bp);
}

/* The in-memory inode for (dev, inum), referenced but not locked or read; 0 if the table of
 * in-memory inodes is full (too many files in use at once: the caller's call fails). */
struct inode *iget(uint dev, uint inum) {
  acquire(&itable.lock);
  struct inode *empty = 0;
  for (struct inode *ip = itable.inode; ip < &itable.inode[NINODE]; ip++) {
    if (ip->ref > 0 && ip->dev == dev && ip->inum == inum) {
      ip->ref++;
      release(&itable.lock);
      return ip;
    }
    if (!empty && ip->ref == 0) empty = ip;
  }
  if (!empty) { release(&itable.lock); return 0; }
  empty->dev = dev;
  empty->inum = inum;
  empty->ref = 1;
  empty->valid = 0;
  release(&itable.lock);
  return empty;
}

struct inode *idup(struct inode *ip) {
  acquire(&itable.lock);
  ip->ref++;
  release(&itable.lock);
  return ip;
}

/* Why a dinode just read cannot be believed, or 0: its type, size and block numbers. */
static const char *baddinode(struct inode *ip) {
  if (ip->type != T_DIR && ip->type != T_FILE && ip->type != T_DEVICE) return ip->type ? "bad type" : "named, but free";
  if (ip->size > MAXFILE * BSIZE) return "size past the largest file";
  if (ip->type == T_DIR && ip->size % sizeof(struct dirent)) return "directory size not a whole number of entries";
  if (ip->type == T_DEVICE && (ip->major < 0 || ip->major >= NDEV)) return "bad device number";
  for (int i = 0; i < NDIRECT + 2; i++) if (ip->addrs[i] && !datablock(ip->addrs[i])) return "block number outside the data area";
  return 0;
}

/* Locks an inode, reading it from disk the first time. An inode that does not check out is
 * marked damaged (one console line): reads, writes and lookups through it fail. */
void ilock(struct inode *ip) {
  if (!ip || ip->ref < 1) panic("ilock");
  acquiresleep(&ip->lock);
  if (!ip->valid && (ip->inum == 0 || ip->inum >= sb.ninodes)) {
    ip->type = 0; ip->size = 0; ip->nlink = 0;
    memset(ip->addrs, 0, sizeof ip->addrs);
    ip->valid = 1;
    ip->damaged = 1;
    fserror("inode", ip->inum, "number outside the inode table");
  }
  if (!ip->valid) {
    struct buf *bp = bread(ip->dev, IBLOCK(ip->inum, sb));
    struct dinode *dip = (struct dinode *)bp->data + ip->inum % IPB;
    ip->type = dip->type;
    ip->major = dip->major;
    ip->minor = dip->minor;
    ip->nlink = dip->nlink;
    ip->size = dip->size;
    memmove(ip->addrs, dip->addrs, sizeof ip->addrs);
    brelse(bp);
    ip->valid = 1;
    const char *why = baddinode(ip);
    ip->damaged = why != 0;
    if (why) { fserror("inode", ip->inum, why); ip->type = 0; }
  }
}

void iunlock(struct inode *ip) {
  if (!ip || !holdingsleep(&ip->lock) || ip->ref < 1) panic("iunlock");
  releasesleep(&ip->lock);
}

/* Frees all of an inode's data blocks. Caller holds ip->lock, inside an operation. */
void itrunc(struct inode *ip) { itruncto(ip, 0); }

/*
 * Frees what the indirect block at addr maps from file block keep on. Its entries map file
 * blocks base, base + span, ...: with span 1 they are data blocks, with span NINDIRECT (the
 * double-indirect block) indirect blocks, trimmed in turn. Returns 1 if anything is left, so
 * the block stays; else the caller frees it.
 */
static int trimindirect(struct inode *ip, uint addr, uint base, uint span, uint keep) {
  struct buf *bp = bread(ip->dev, addr);
  uint *a = (uint *)bp->data;
  int left = 0, changed = 0;
  for (uint j = 0; j < NINDIRECT; j++) {
    if (!a[j]) continue;
    if (!datablock(a[j])) { fserror("inode", ip->inum, "indirect entry outside the data area, kept"); left = 1; continue; }
    uint first = base + j * span;
    if (first + span <= keep) { left = 1; continue; }
    if (span > 1 && trimindirect(ip, a[j], first, 1, keep)) { left = 1; continue; }
    bfree(ip->dev, a[j]);
    a[j] = 0;
    changed = 1;
  }
  if (changed && left) log_write(bp);
  brelse(bp);
  return left;
}

/*
 * Cuts or extends ip (locked, inside an operation) to size bytes. Cutting frees the blocks past
 * the end and zeroes the rest of the last one, so that growing again reads zeros; growing only
 * sets the size: the blocks in between are holes, read as zeros and allocated when written.
 */
void itruncto(struct inode *ip, uint size) {
  /* Equal sizes go the long way: a failed write may have left a block past the end to free. */
  if (size > ip->size) {
    ip->size = size;
    iupdate(ip);
    return;
  }
  uint keep = (size + BSIZE - 1) / BSIZE; /* blocks still holding data */
  for (uint i = keep; i < NDIRECT; i++) {
    if (ip->addrs[i]) { bfree(ip->dev, ip->addrs[i]); ip->addrs[i] = 0; }
  }
  if (ip->addrs[NDIRECT] && !trimindirect(ip, ip->addrs[NDIRECT], NDIRECT, 1, keep)) {
    bfree(ip->dev, ip->addrs[NDIRECT]);
    ip->addrs[NDIRECT] = 0;
  }
  if (ip->addrs[NDIRECT + 1] && !trimindirect(ip, ip->addrs[NDIRECT + 1], NDIRECT + NINDIRECT, NINDIRECT, keep)) {
    bfree(ip->dev, ip->addrs[NDIRECT + 1]);
    ip->addrs[NDIRECT + 1] = 0;
  }
  if (size % BSIZE) {
    uint addr = bmap_lookup(ip, size / BSIZE);
    if (addr) {
      struct buf *bp = bread(ip->dev, addr);
      memset(bp->data + size % BSIZE, 0, BSIZE - size % BSIZE);
      log_write(bp);
      brelse(bp);
    }
  }
  pcache_truncate(ip, size);
  ip->size = size;
  iupdate(ip);
}

/* Drops a reference; the last reference to an inode with no links frees it on disk.
 * Must be inside an operation (it may write). */
void iput(struct inode *ip) {
  acquire(&itable.lock);
  if (ip->ref == 1 && ip->valid && ip->nlink == 0 && !ip->damaged) {
    /* No other reference can appear: nobody links to it. */
    acquiresleep(&ip->lock);
    release(&itable.lock);
    itrunc(ip);
    ip->type = 0;
    iupdate(ip);
    ip->valid = 0;
    releasesleep(&ip->lock);
    acquire(&itable.lock);
  }
  ip->ref--;
  release(&itable.lock);
}

void iunlockput(struct inode *ip) {
  iunlock(ip);
  iput(ip);
}

/* Entry idx of the indirect block at addr: 0 for a hole, unless alloc allocates it (0 when
 * the disk is full). An entry outside the data area damages the inode and reads as 0. */
static uint indirectentry(struct inode *ip, uint addr, uint idx, int alloc) {
  struct buf *bp = bread(ip->dev, addr);
  uint *a = (uint *)bp->data;
  uint b = a[idx];
  if (b && !datablock(b)) {
    brelse(bp);
    if (!ip->damaged) fserror("inode", ip->inum, "indirect entry outside the data area");
    ip->damaged = 1;
    return 0;
  }
  if (b == 0 && alloc && (b = balloc(ip->dev)) != 0) {
    a[idx] = b;
    log_write(bp);
  }
  brelse(bp);
  return b;
}

/* The disk block holding block bn of the file: NDIRECT direct blocks, then NINDIRECT through
 * the indirect block addrs[NDIRECT], then NINDIRECT^2 through the double-indirect block
 * addrs[NDIRECT+1]. A missing block is a hole (0) unless alloc allocates it (0 if the disk is
 * full); reading never allocates, as it runs outside any operation. */
static uint blockat(struct inode *ip, uint bn, int alloc) {
  if (bn < NDIRECT) {
    if (ip->addrs[bn] == 0 && alloc) ip->addrs[bn] = balloc(ip->dev);
    return ip->addrs[bn];
  }
  bn -= NDIRECT;
  uint top = NDIRECT;
  if (bn >= NINDIRECT) {
    bn -= NINDIRECT;
    top = NDIRECT + 1;
    if (bn >= NDINDIRECT) return 0; /* past the largest file: writei refuses before this */
  }
  if (ip->addrs[top] == 0 && (!alloc || (ip->addrs[top] = balloc(ip->dev)) == 0)) return 0;
  uint addr = ip->addrs[top];
  if (top == NDIRECT + 1 && (addr = indirectentry(ip, addr, bn / NINDIRECT, alloc)) == 0) return 0;
  return indirectentry(ip, addr, bn % NINDIRECT, alloc);
}

static uint bmap(struct inode *ip, uint bn) { return blockat(ip, bn, 1); }

uint bmap_lookup(struct inode *ip, uint bn) { return blockat(ip, bn, 0); }

void stati(struct inode *ip, struct stat *st) {
  st->dev = ip->dev;
  st->ino = ip->inum;
  st->type = ip->type;
  st->nlink = ip->nlink;
  st->size = ip->size;
}

/* Reads through the disk blocks (directories, and a file page the cache could not take). */
static int readblocks(struct inode *ip, int user_dst, uint dst, uint off, uint n) {
  static uchar zeros[BSIZE];
  for (uint tot = 0; tot < n;) {
    uint m = BSIZE - off % BSIZE;
    if (m > n - tot) m = n - tot;
    uint addr = bmap_lookup(ip, off / BSIZE);
    if (ip->damaged) return -1;
    struct buf *bp = addr ? bread(ip->dev, addr) : 0;
    int r = either_copyout(user_dst, dst, bp ? bp->data + off % BSIZE : zeros, m);
    if (bp) brelse(bp);
    if (r < 0) return -1;
    tot += m; off += m; dst += m;
  }
  return (int)n;
}

/* Reads n bytes at off into dst (user or kernel address). Returns bytes read, or -1. A regular
 * file is read through the page cache, so read() sees what MAP_SHARED stores put there. */
int readi(struct inode *ip, int user_dst, uint dst, uint off, uint n) {
  if (ip->damaged) return -1;
  if (off > ip->size || off + n < off) return 0;
  if (off + n > ip->size) n = ip->size - off;
  if (ip->type != T_FILE) return readblocks(ip, user_dst, dst, off, n);
  for (uint tot = 0; tot < n;) {
    uint m = PGSIZE - off % PGSIZE;
    if (m > n - tot) m = n - tot;
    memflux_begin(); /* the copy's reference is no mapping's: the kernel model waits */
    uint pa = pcache_get(ip, off / PGSIZE);
    int r = pa ? either_copyout(user_dst, dst, (char *)pa + off % PGSIZE, m) : readblocks(ip, user_dst, dst, off, m);
    if (pa) kfree((void *)pa); /* the reference pcache_get gave for the copy */
    memflux_end();
    if (r < 0 || ip->damaged) return -1;
    tot += m; off += m; dst += m;
  }
  return (int)n;
}

/* Writes n bytes at off from src. Returns bytes written (fewer if the disk fills), or -1. */
int writei(struct inode *ip, int user_src, uint src, uint off, uint n) {
  if (ip->damaged || off > ip->size || off + n < off) return -1;
  if (off + n > MAXFILE * BSIZE) return -1;
  uint tot;
  for (tot = 0; tot < n;) {
    uint addr = bmap(ip, off / BSIZE);
    if (addr == 0 || ip->damaged) break;
    struct buf *bp = bread(ip->dev, addr);
    uint m = BSIZE - off % BSIZE;
    if (m > n - tot) m = n - tot;
    if (either_copyin(bp->data + off % BSIZE, user_src, src, m) < 0) { brelse(bp); break; }
    log_write(bp);
    if (ip->type == T_FILE) pcache_update(ip, off, (char *)bp->data + off % BSIZE, m);
    brelse(bp);
    tot += m; off += m; src += m;
  }
  if (off > ip->size) ip->size = off;
  iupdate(ip); /* bmap may have changed addrs even if size did not */
  return ip->damaged && tot == 0 ? -1 : (int)tot;
}

int namecmp(const char *s, const char *t) { return strncmp(s, t, DIRSIZ); }

/* Looks for name in directory dp (locked); returns its inode number (0 if absent, or if the
 * directory is damaged) and sets *poff. An entry naming an inode past the table is skipped. */
uint dirfind(struct inode *dp, const char *name, uint *poff) {
  if (dp->type != T_DIR) return 0;
  struct dirent de;
  for (uint off = 0; off < dp->size; off += sizeof de) {
    if (readi(dp, 0, (uint)&de, off, sizeof de) != sizeof de) return 0;
    if (de.inum == 0) continue;
    if (de.inum >= sb.ninodes) {
      if (namecmp(name, de.name) == 0) fserror("directory inode", dp->inum, "entry names an inode past the table");
      continue;
    }
    if (namecmp(name, de.name) == 0) {
      if (poff) *poff = off;
      return de.inum;
    }
  }
  return 0;
}

/* Looks for name in directory dp (locked); returns its inode (unlocked) and sets *poff; 0 if it
 * is absent or the inode table is full. */
struct inode *dirlookup(struct inode *dp, const char *name, uint *poff) {
  uint inum = dirfind(dp, name, poff);
  return inum ? iget(dp->dev, inum) : 0;
}

/* Adds (name, inum) to directory dp (locked). Returns 0, or -1 if it exists or the disk is full. */
int dirlink(struct inode *dp, const char *name, uint inum) {
  if (dp->damaged || dirfind(dp, name, 0)) return -1;
  struct dirent de;
  uint off;
  for (off = 0; off < dp->size; off += sizeof de) {
    if (readi(dp, 0, (uint)&de, off, sizeof de) != sizeof de) return -1;
    if (de.inum == 0) break;
  }
  strncpy(de.name, name, DIRSIZ);
  de.inum = (ushort)inum;
  if (writei(dp, 0, (uint)&de, off, sizeof de) != sizeof de) return -1;
  return 0;
}

/* Copies the next path element into name and returns the rest of the path, or 0 at the end:
 * skipelem("a/bb/c", name) = "bb/c" with name "a"; skipelem("///", name) = 0. */
static const char *skipelem(const char *path, char *name) {
  while (*path == '/') path++;
  if (*path == 0) return 0;
  const char *s = path;
  while (*path != '/' && *path != 0) path++;
  int len = (int)(path - s);
  if (len >= DIRSIZ) len = DIRSIZ;
  memmove(name, s, len);
  if (len < DIRSIZ) name[len] = 0;
  while (*path == '/') path++;
  return path;
}

/* Resolves path; with nameiparent set, returns the parent directory and leaves the last
 * element in name. Must be inside an operation (iput). */
static struct inode *namex(const char *path, int nameiparent, char *name) {
  struct inode *ip = *path == '/' ? iget(1, ROOTINO) : idup(myproc()->cwd);
  if (!ip) return 0;
  while ((path = skipelem(path, name)) != 0) {
    ilock(ip);
    if (ip->type != T_DIR) { iunlockput(ip); return 0; }
    if (nameiparent && *path == 0) { iunlock(ip); return ip; }
    struct inode *next = dirlookup(ip, name, 0);
    if (!next) { iunlockput(ip); return 0; }
    iunlockput(ip);
    ip = next;
  }
  if (nameiparent) { iput(ip); return 0; }
  return ip;
}

struct inode *namei(const char *path) {
  char name[DIRSIZ];
  return namex(path, 0, name);
}

struct inode *nameiparent(const char *path, char *name) { return namex(path, 1, name); }
