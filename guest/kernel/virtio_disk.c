// The virtio-mmio (version 2) block device driver: one queue of NUM descriptors; each request
// is three descriptors (header, data, status); the caller sleeps until the interrupt.
// Register offsets and bits follow the virtio 1.1 spec (4.2.2 MMIO, 2.6 split queues, 5.2 block).
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"
#include "defs.h"

#define VIRTIO_MMIO_MAGIC_VALUE 0x000
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
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

#define VIRTIO_CONFIG_S_ACKNOWLEDGE 1
#define VIRTIO_CONFIG_S_DRIVER 2
#define VIRTIO_CONFIG_S_DRIVER_OK 4
#define VIRTIO_CONFIG_S_FEATURES_OK 8
#define VIRTIO_F_VERSION_1_BANK1 1   /* feature bit 32 */

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1

#define NUM 8
#define R(r) ((volatile uint *)(VIRTIO0 + (r)))

struct virtq_desc { uint64 addr; uint len; ushort flags; ushort next; };
struct virtq_avail { ushort flags; ushort idx; ushort ring[NUM]; ushort unused; };
struct virtq_used_elem { uint id; uint len; };
struct virtq_used { ushort flags; ushort idx; struct virtq_used_elem ring[NUM]; };
struct virtio_blk_req { uint type; uint reserved; uint64 sector; };

static struct disk {
  struct virtq_desc desc[NUM] __attribute__((aligned(16)));
  struct virtq_avail avail __attribute__((aligned(2)));
  struct virtq_used used __attribute__((aligned(4)));
  char free[NUM];
  ushort used_idx;             /* how far we have looked in used.ring */
  struct { struct buf *b; char status; } info[NUM];
  struct virtio_blk_req ops[NUM];
  struct spinlock lock;
} disk;

void virtio_disk_init(void) {
  initlock(&disk.lock, "virtio_disk");
  if (*R(VIRTIO_MMIO_MAGIC_VALUE) != 0x74726976 || *R(VIRTIO_MMIO_VERSION) != 2 ||
      *R(VIRTIO_MMIO_DEVICE_ID) != 2) panic("virtio_disk_init: no virtio-mmio v2 block device");
  uint status = 0;
  *R(VIRTIO_MMIO_STATUS) = status;
  status |= VIRTIO_CONFIG_S_ACKNOWLEDGE;
  *R(VIRTIO_MMIO_STATUS) = status;
  status |= VIRTIO_CONFIG_S_DRIVER;
  *R(VIRTIO_MMIO_STATUS) = status;
  *R(VIRTIO_MMIO_DRIVER_FEATURES_SEL) = 0;
  *R(VIRTIO_MMIO_DRIVER_FEATURES) = 0;
  *R(VIRTIO_MMIO_DRIVER_FEATURES_SEL) = 1;
  *R(VIRTIO_MMIO_DRIVER_FEATURES) = VIRTIO_F_VERSION_1_BANK1;
  status |= VIRTIO_CONFIG_S_FEATURES_OK;
  *R(VIRTIO_MMIO_STATUS) = status;
  if (!(*R(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK)) panic("virtio disk: features refused");
  *R(VIRTIO_MMIO_QUEUE_SEL) = 0;
  if (*R(VIRTIO_MMIO_QUEUE_READY)) panic("virtio disk: queue already ready");
  if (*R(VIRTIO_MMIO_QUEUE_NUM_MAX) < NUM) panic("virtio disk: queue too short");
  *R(VIRTIO_MMIO_QUEUE_NUM) = NUM;
  *R(VIRTIO_MMIO_QUEUE_DESC_LOW) = (uint)disk.desc;
  *R(VIRTIO_MMIO_QUEUE_DESC_HIGH) = 0;
  *R(VIRTIO_MMIO_DRIVER_DESC_LOW) = (uint)&disk.avail;
  *R(VIRTIO_MMIO_DRIVER_DESC_HIGH) = 0;
  *R(VIRTIO_MMIO_DEVICE_DESC_LOW) = (uint)&disk.used;
  *R(VIRTIO_MMIO_DEVICE_DESC_HIGH) = 0;
  *R(VIRTIO_MMIO_QUEUE_READY) = 1;
  for (int i = 0; i < NUM; i++) disk.free[i] = 1;
  status |= VIRTIO_CONFIG_S_DRIVER_OK;
  *R(VIRTIO_MMIO_STATUS) = status;
}

static int alloc_desc(void) {
  for (int i = 0; i < NUM; i++) if (disk.free[i]) { disk.free[i] = 0; return i; }
  return -1;
}

static void free_desc(int i) {
  if (i >= NUM || disk.free[i]) panic("virtio disk: free_desc");
  disk.desc[i].addr = 0;
  disk.desc[i].len = 0;
  disk.desc[i].flags = 0;
  disk.desc[i].next = 0;
  disk.free[i] = 1;
  wakeup(&disk.free[0]);
}

static void free_chain(int i) {
  for (;;) {
    int flag = disk.desc[i].flags, next = disk.desc[i].next;
    free_desc(i);
    if (!(flag & VRING_DESC_F_NEXT)) break;
    i = next;
  }
}

static int alloc3_desc(int *idx) {
  for (int i = 0; i < 3; i++) {
    idx[i] = alloc_desc();
    if (idx[i] < 0) {
      for (int j = 0; j < i; j++) free_desc(idx[j]);
      return -1;
    }
  }
  return 0;
}

/* Reads (write = 0) or writes block b->blockno; sleeps until the device is done. */
void virtio_disk_rw(struct buf *b, int write) {
  uint sector = b->blockno * (BSIZE / 512);
  acquire(&disk.lock);
  int idx[3];
  while (alloc3_desc(idx) != 0) sleep(&disk.free[0], &disk.lock);
  struct virtio_blk_req *buf0 = &disk.ops[idx[0]];
  buf0->type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
  buf0->reserved = 0;
  buf0->sector = sector;
  disk.desc[idx[0]] = (struct virtq_desc){ (uint)buf0, sizeof *buf0, VRING_DESC_F_NEXT, (ushort)idx[1] };
  disk.desc[idx[1]] = (struct virtq_desc){ (uint)b->data, BSIZE,
    (ushort)((write ? 0 : VRING_DESC_F_WRITE) | VRING_DESC_F_NEXT), (ushort)idx[2] };
  disk.info[idx[0]].status = (char)0xff;
  disk.desc[idx[2]] = (struct virtq_desc){ (uint)&disk.info[idx[0]].status, 1, VRING_DESC_F_WRITE, 0 };
  b->disk = 1;
  disk.info[idx[0]].b = b;
  disk.avail.ring[disk.avail.idx % NUM] = (ushort)idx[0];
  __sync_synchronize();
  disk.avail.idx++;
  __sync_synchronize();
  *R(VIRTIO_MMIO_QUEUE_NOTIFY) = 0;
  while (b->disk == 1) sleep(b, &disk.lock);
  disk.info[idx[0]].b = 0;
  free_chain(idx[0]);
  release(&disk.lock);
}

void virtio_disk_intr(void) {
  acquire(&disk.lock);
  *R(VIRTIO_MMIO_INTERRUPT_ACK) = *R(VIRTIO_MMIO_INTERRUPT_STATUS) & 3;
  __sync_synchronize();
  while (disk.used_idx != disk.used.idx) {
    __sync_synchronize();
    int id = (int)disk.used.ring[disk.used_idx % NUM].id;
    if (disk.info[id].status != 0) panic("virtio disk: request failed");
    struct buf *b = disk.info[id].b;
    b->disk = 0;
    wakeup(b);
    disk.used_idx++;
  }
  release(&disk.lock);
}
