// The virtio-mmio (version 2) block device driver, for the file-system disk (VIRTIO0) and the
// swap disk (VIRTIO1, with --swap): one queue of NUM descriptors each; a request is three
// descriptors (header, data, status), a flush two (header, status), and the caller sleeps until
// the interrupt. VIRTIO_BLK_F_FLUSH is taken when offered: the device may then cache writes, and
// virtio_disk_flush returns once everything written before it is on stable storage (5.2.6).
// Register offsets and bits follow the virtio 1.1 spec (4.2.2 MMIO, 2.6 split queues, 5.2 block).
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"
#include "proc.h"
#include "defs.h"

#define VIRTIO_MMIO_MAGIC_VALUE 0x000
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_DRIVER_DESC_LOW 0x090
#define VIRTIO_MMIO_DRIVER_DESC_HIGH 0x094
#define VIRTIO_MMIO_DEVICE_DESC_LOW 0x0a0
#define VIRTIO_MMIO_DEVICE_DESC_HIGH 0x0a4
#define VIRTIO_MMIO_CONFIG 0x100      /* virtio_blk_config: capacity (u64, sectors) first */

#define VIRTIO_CONFIG_S_ACKNOWLEDGE 1
#define VIRTIO_CONFIG_S_DRIVER 2
#define VIRTIO_CONFIG_S_DRIVER_OK 4
#define VIRTIO_CONFIG_S_FEATURES_OK 8
#define VIRTIO_F_VERSION_1_BANK1 1   /* feature bit 32 */

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_F_FLUSH (1u << 9)

#define NUM 8
#define R(d, r) ((volatile uint *)((d)->base + (r)))

struct virtq_desc { uint64 addr; uint len; ushort flags; ushort next; };
struct virtq_avail { ushort flags; ushort idx; ushort ring[NUM]; ushort unused; };
struct virtq_used_elem { uint id; uint len; };
struct virtq_used { ushort flags; ushort idx; struct virtq_used_elem ring[NUM]; };
struct virtio_blk_req { uint type; uint reserved; uint64 sector; };

extern struct proc proc[NPROC];

static struct disk {
  struct virtq_desc desc[NUM] __attribute__((aligned(16)));
  struct virtq_avail avail __attribute__((aligned(2)));
  struct virtq_used used __attribute__((aligned(4)));
  char free[NUM];
  int descwaiters;             /* requests asleep for descriptors: freeing wakes them only if any */
  ushort used_idx;             /* how far we have looked in used.ring */
  /* Per request: the word its caller sleeps on until the device clears it, and the status. */
  struct { volatile int *busy; char status; } info[NUM];
  struct virtio_blk_req ops[NUM];
  struct spinlock lock;
  uint base;                   /* the device's registers */
  int flush;                   /* VIRTIO_BLK_F_FLUSH negotiated: writes may sit in a cache */
} disks[2];

/* Sets up device `n` at base; 0, or -1 if no virtio-mmio v2 block device answers there. */
static int diskinit(int n, uint base) {
  struct disk *d = &disks[n];
  initlock(&d->lock, "virtio_disk");
  d->base = base;
  if (*R(d, VIRTIO_MMIO_MAGIC_VALUE) != 0x74726976 || *R(d, VIRTIO_MMIO_VERSION) != 2 ||
      *R(d, VIRTIO_MMIO_DEVICE_ID) != 2) return -1;
  uint status = 0;
  *R(d, VIRTIO_MMIO_STATUS) = status;
  status |= VIRTIO_CONFIG_S_ACKNOWLEDGE;
  *R(d, VIRTIO_MMIO_STATUS) = status;
  status |= VIRTIO_CONFIG_S_DRIVER;
  *R(d, VIRTIO_MMIO_STATUS) = status;
  *R(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL) = 0;
  d->flush = (*R(d, VIRTIO_MMIO_DEVICE_FEATURES) & VIRTIO_BLK_F_FLUSH) != 0;
  *R(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL) = 0;
  *R(d, VIRTIO_MMIO_DRIVER_FEATURES) = d->flush ? VIRTIO_BLK_F_FLUSH : 0;
  *R(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL) = 1;
  *R(d, VIRTIO_MMIO_DRIVER_FEATURES) = VIRTIO_F_VERSION_1_BANK1;
  status |= VIRTIO_CONFIG_S_FEATURES_OK;
  *R(d, VIRTIO_MMIO_STATUS) = status;
  if (!(*R(d, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK)) panic("virtio disk: features refused");
  *R(d, VIRTIO_MMIO_QUEUE_SEL) = 0;
  if (*R(d, VIRTIO_MMIO_QUEUE_READY)) panic("virtio disk: queue already ready");
  if (*R(d, VIRTIO_MMIO_QUEUE_NUM_MAX) < NUM) panic("virtio disk: queue too short");
  *R(d, VIRTIO_MMIO_QUEUE_NUM) = NUM;
  *R(d, VIRTIO_MMIO_QUEUE_DESC_LOW) = (uint)d->desc;
  *R(d, VIRTIO_MMIO_QUEUE_DESC_HIGH) = 0;
  *R(d, VIRTIO_MMIO_DRIVER_DESC_LOW) = (uint)&d->avail;
  *R(d, VIRTIO_MMIO_DRIVER_DESC_HIGH) = 0;
  *R(d, VIRTIO_MMIO_DEVICE_DESC_LOW) = (uint)&d->used;
  *R(d, VIRTIO_MMIO_DEVICE_DESC_HIGH) = 0;
  *R(d, VIRTIO_MMIO_QUEUE_READY) = 1;
  for (int i = 0; i < NUM; i++) d->free[i] = 1;
  status |= VIRTIO_CONFIG_S_DRIVER_OK;
  *R(d, VIRTIO_MMIO_STATUS) = status;
  return 0;
}

void virtio_disk_init(void) {
  if (diskinit(0, VIRTIO0) < 0) panic("virtio_disk_init: no virtio-mmio v2 block device");
  if (swap_present && diskinit(1, VIRTIO1) < 0) panic("virtio_disk_init: the swap disk does not answer");
}

static int alloc_desc(struct disk *d) {
  for (int i = 0; i < NUM; i++) if (d->free[i]) { d->free[i] = 0; return i; }
  return -1;
}

static void free_desc(struct disk *d, int i) {
  if (i >= NUM || d->free[i]) panic("virtio disk: free_desc");
  d->desc[i].addr = 0;
  d->desc[i].len = 0;
  d->desc[i].flags = 0;
  d->desc[i].next = 0;
  d->free[i] = 1;
  if (d->descwaiters) wakeup(&d->free[0]);
}

static void free_chain(struct disk *d, int i) {
  for (;;) {
    int flag = d->desc[i].flags, next = d->desc[i].next;
    free_desc(d, i);
    if (!(flag & VRING_DESC_F_NEXT)) break;
    i = next;
  }
}

static int alloc3_desc(struct disk *d, int *idx) {
  for (int i = 0; i < 3; i++) {
    idx[i] = alloc_desc(d);
    if (idx[i] < 0) {
      for (int j = 0; j < i; j++) free_desc(d, idx[j]);
      return -1;
    }
  }
  return 0;
}

/* Sends request `type` (VIRTIO_BLK_T_IN, _OUT or _FLUSH) to disk n: len bytes at sector from or
 * to data (none for a flush); sleeps on *busy (set here, cleared by the interrupt) until the
 * device is done. */
static void request(int n, uint type, uint sector, void *data, uint len, volatile int *busy) {
  struct disk *d = &disks[n];
  acquire(&d->lock);
  int idx[3];
  while (alloc3_desc(d, idx) != 0) {
    d->descwaiters++;
    sleep(&d->free[0], &d->lock);
    d->descwaiters--;
  }
  struct virtio_blk_req *buf0 = &d->ops[idx[0]];
  buf0->type = type;
  buf0->reserved = 0;
  buf0->sector = sector;
  int status = type == VIRTIO_BLK_T_FLUSH ? 1 : 2; /* a flush carries no data descriptor */
  d->desc[idx[0]] = (struct virtq_desc){ (uint)buf0, sizeof *buf0, VRING_DESC_F_NEXT, (ushort)idx[1] };
  if (status == 2) {
    d->desc[idx[1]] = (struct virtq_desc){ (uint)data, len,
      (ushort)((type == VIRTIO_BLK_T_OUT ? 0 : VRING_DESC_F_WRITE) | VRING_DESC_F_NEXT), (ushort)idx[2] };
  } else {
    free_desc(d, idx[2]);
  }
  d->info[idx[0]].status = (char)0xff;
  d->desc[idx[status]] = (struct virtq_desc){ (uint)&d->info[idx[0]].status, 1, VRING_DESC_F_WRITE, 0 };
  *busy = 1;
  d->info[idx[0]].busy = busy;
  d->avail.ring[d->avail.idx % NUM] = (ushort)idx[0];
  __sync_synchronize();
  d->avail.idx++;
  __sync_synchronize();
  *R(d, VIRTIO_MMIO_QUEUE_NOTIFY) = 0;
  while (*busy == 1) sleep((void *)busy, &d->lock);
  d->info[idx[0]].busy = 0;
  free_chain(d, idx[0]);
  release(&d->lock);
}

/* Reads (write = 0) or writes block b->blockno of the file-system disk. */
void virtio_disk_rw(struct buf *b, int write) {
  request(0, write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, b->blockno * (BSIZE / 512), b->data, BSIZE, &b->disk);
}

/* Reads or writes page-sized slot `slot` of the swap disk at the kernel address pa. */
void virtio_swap_rw(uint slot, void *pa, int write) {
  static volatile int busy[NPROC]; /* one request in flight per process at most */
  struct proc *p = myproc();
  request(1, write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, slot * (PGSIZE / 512), pa, PGSIZE, &busy[p ? p - proc : 0]);
}

/* Waits until every write to the file-system disk that completed before the call is on stable
 * storage (nothing to do when the device did not offer a cache to flush). Only the log calls it
 * (commit and recovery), one at a time, so one busy word serves. */
void virtio_disk_flush(void) {
  static volatile int busy;
  if (disks[0].flush) request(0, VIRTIO_BLK_T_FLUSH, 0, 0, 0, &busy);
}

/* The file-system disk's size in BSIZE blocks. */
uint virtio_disk_blocks(void) { return (uint)(*R(&disks[0], VIRTIO_MMIO_CONFIG) / (BSIZE / 512)); }

/* The swap disk's size in pages. */
uint virtio_swap_pages(void) {
  if (!swap_present) return 0;
  return (uint)(*R(&disks[1], VIRTIO_MMIO_CONFIG) / (PGSIZE / 512));
}

void virtio_disk_intr(int n) {
  struct disk *d = &disks[n];
  acquire(&d->lock);
  *R(d, VIRTIO_MMIO_INTERRUPT_ACK) = *R(d, VIRTIO_MMIO_INTERRUPT_STATUS) & 3;
  __sync_synchronize();
  while (d->used_idx != d->used.idx) {
    __sync_synchronize();
    int id = (int)d->used.ring[d->used_idx % NUM].id;
    if (d->info[id].status != 0) panic("virtio disk: request failed");
    volatile int *busy = d->info[id].busy;
    *busy = 0;
    wakeup((void *)busy);
    d->used_idx++;
  }
  release(&d->lock);
}
