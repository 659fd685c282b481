// A bare-metal driver test for the devices a kernel needs, run on xv32 and QEMU alike: the
// virtio-mmio v2 block device (initialised by the steps of virtio 1.1 section 3.1.1, one split
// queue), completion by interrupt through the PLIC (M-mode context), and UART receive
// interrupts. It prints what it reads so the two machines can be compared byte for byte.
#include "../../../bench/programs/_rt.h"

#define R32(a) (*(volatile uint32_t *)(a))
#define R8(a) (*(volatile uint8_t *)(a))
#define VIRTIO0 0x10001000u
#define PLIC 0x0c000000u
#define PLIC_ENABLE_M (PLIC + 0x2000)
#define PLIC_THRESHOLD_M (PLIC + 0x200000)
#define PLIC_CLAIM_M (PLIC + 0x200004)
#define UART0 0x10000000u
#define VIRTIO0_IRQ 1
#define UART0_IRQ 10
#define QUEUE_NUM 8

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
struct avail { uint16_t flags, idx, ring[QUEUE_NUM], unused; };
struct used_elem { uint32_t id, len; };
struct used { uint16_t flags, idx; struct used_elem ring[QUEUE_NUM]; };
struct blk_req { uint32_t type, reserved; uint64_t sector; };

static struct desc descs[QUEUE_NUM] __attribute__((aligned(16)));
static struct avail avail __attribute__((aligned(2)));
static struct used used __attribute__((aligned(4)));
static struct blk_req req;
static uint8_t data[1024], status_byte;
static volatile int irqs_virtio, irqs_uart, received;
static char rxbuf[64];

static inline void csrs_mie(uint32_t v) { __asm__ volatile("csrs mie, %0" :: "r"(v)); }
static inline void csrs_mstatus(uint32_t v) { __asm__ volatile("csrs mstatus, %0" :: "r"(v)); }
static inline void csrc_mstatus(uint32_t v) { __asm__ volatile("csrc mstatus, %0" :: "r"(v)); }

void trap_entry(void);
__asm__(".align 2\ntrap_entry:\n"
        "addi sp, sp, -64\nsw ra, 0(sp)\nsw a0, 4(sp)\nsw a1, 8(sp)\nsw a2, 12(sp)\nsw a3, 16(sp)\n"
        "sw a4, 20(sp)\nsw a5, 24(sp)\nsw t0, 28(sp)\nsw t1, 32(sp)\nsw t2, 36(sp)\nsw a6, 40(sp)\n"
        "sw a7, 44(sp)\nsw t3, 48(sp)\nsw t4, 52(sp)\nsw t5, 56(sp)\nsw t6, 60(sp)\n"
        "call trap_handler\n"
        "lw ra, 0(sp)\nlw a0, 4(sp)\nlw a1, 8(sp)\nlw a2, 12(sp)\nlw a3, 16(sp)\nlw a4, 20(sp)\n"
        "lw a5, 24(sp)\nlw t0, 28(sp)\nlw t1, 32(sp)\nlw t2, 36(sp)\nlw a6, 40(sp)\nlw a7, 44(sp)\n"
        "lw t3, 48(sp)\nlw t4, 52(sp)\nlw t5, 56(sp)\nlw t6, 60(sp)\naddi sp, sp, 64\nmret\n");

void trap_handler(void) {
  uint32_t cause;
  __asm__ volatile("csrr %0, mcause" : "=r"(cause));
  if (cause != 0x8000000bu) { put_str("unexpected trap\n"); for (;;) {} }
  uint32_t irq = R32(PLIC_CLAIM_M);
  if (irq == VIRTIO0_IRQ) {
    irqs_virtio++;
    R32(VIRTIO0 + 0x064) = R32(VIRTIO0 + 0x060); // InterruptACK
  } else if (irq == UART0_IRQ) {
    irqs_uart++;
    while (R8(UART0 + 5) & 1) {
      char c = (char)R8(UART0);
      if (received < (int)sizeof rxbuf - 1) rxbuf[received++] = c;
    }
  }
  if (irq) R32(PLIC_CLAIM_M) = irq; // complete
}

/* Sleeps until *counter moves past `before`. The check runs with interrupts off, so an interrupt
 * cannot slip in between it and wfi (wfi wakes on a pending interrupt even with MIE clear). */
static void wait_for(volatile int *counter, int before) {
  csrc_mstatus(8);
  while (*counter == before) {
    __asm__ volatile("wfi");
    csrs_mstatus(8);
    csrc_mstatus(8);
  }
  csrs_mstatus(8);
}

/* Sends one request (type, sector, len bytes of data) and waits for its interrupt. */
static int blk_rw(uint32_t type, uint32_t sector, uint32_t len) {
  req.type = type;
  req.reserved = 0;
  req.sector = sector;
  status_byte = 0xff;
  descs[0] = (struct desc){ (uint32_t)&req, sizeof req, 1, 1 };
  descs[1] = (struct desc){ (uint32_t)data, len, (uint16_t)(1 | (type == 0 ? 2 : 0)), 2 };
  descs[2] = (struct desc){ (uint32_t)&status_byte, 1, 2, 0 };
  avail.ring[avail.idx % QUEUE_NUM] = 0;
  __sync_synchronize();
  avail.idx++;
  __sync_synchronize();
  int before = irqs_virtio;
  R32(VIRTIO0 + 0x050) = 0; // QueueNotify
  wait_for(&irqs_virtio, before);
  return status_byte;
}

int main(void) {
  __asm__ volatile("csrw mtvec, %0" :: "r"(trap_entry));
  put_str("virtio: magic ");
  put_hex(R32(VIRTIO0 + 0x000));
  put_str(" version ");
  put_dec(R32(VIRTIO0 + 0x004));
  put_str(" device ");
  put_dec(R32(VIRTIO0 + 0x008));
  put_str(" capacity ");
  put_dec(R32(VIRTIO0 + 0x100));
  put_str(" sectors\n");
  // Device initialisation (virtio 1.1, 3.1.1).
  R32(VIRTIO0 + 0x070) = 0;
  R32(VIRTIO0 + 0x070) = 1;            // ACKNOWLEDGE
  R32(VIRTIO0 + 0x070) = 1 | 2;        // DRIVER
  R32(VIRTIO0 + 0x024) = 1;            // driver features, bank 1: VERSION_1
  R32(VIRTIO0 + 0x020) = 1;
  R32(VIRTIO0 + 0x024) = 0;
  R32(VIRTIO0 + 0x020) = 0;
  R32(VIRTIO0 + 0x070) = 1 | 2 | 8;    // FEATURES_OK
  if (!(R32(VIRTIO0 + 0x070) & 8)) { put_str("features refused\n"); return 1; }
  R32(VIRTIO0 + 0x030) = 0;
  if (R32(VIRTIO0 + 0x034) < QUEUE_NUM) { put_str("queue too small\n"); return 1; }
  R32(VIRTIO0 + 0x038) = QUEUE_NUM;
  R32(VIRTIO0 + 0x080) = (uint32_t)descs;
  R32(VIRTIO0 + 0x084) = 0;
  R32(VIRTIO0 + 0x090) = (uint32_t)&avail;
  R32(VIRTIO0 + 0x094) = 0;
  R32(VIRTIO0 + 0x0a0) = (uint32_t)&used;
  R32(VIRTIO0 + 0x0a4) = 0;
  R32(VIRTIO0 + 0x044) = 1;            // QueueReady
  R32(VIRTIO0 + 0x070) = 1 | 2 | 8 | 4; // DRIVER_OK
  // PLIC: both sources at priority 1, enabled for the M context, threshold 0.
  R32(PLIC + 4 * VIRTIO0_IRQ) = 1;
  R32(PLIC + 4 * UART0_IRQ) = 1;
  R32(PLIC_ENABLE_M) = (1u << VIRTIO0_IRQ) | (1u << UART0_IRQ);
  R32(PLIC_THRESHOLD_M) = 0;
  R8(UART0 + 1) = 1;                   // UART: received-data interrupt
  csrs_mie(1u << 11);                  // MEIE
  csrs_mstatus(8);                     // MIE

  int st = blk_rw(0, 0, 512);
  put_str("read sector 0: status ");
  put_dec((uint32_t)st);
  put_str(" data ");
  put_str((const char *)data);
  put_char('\n');
  for (int i = 0; i < 1024; i++) data[i] = (uint8_t)(i * 7 + 1);
  st = blk_rw(1, 2, 1024);
  put_str("wrote sectors 2-3: status ");
  put_dec((uint32_t)st);
  put_char('\n');
  for (int i = 0; i < 1024; i++) data[i] = 0;
  st = blk_rw(0, 2, 1024);
  uint32_t sum = 0;
  for (int i = 0; i < 1024; i++) sum = sum * 31u + data[i];
  put_str("read back: status ");
  put_dec((uint32_t)st);
  put_str(" checksum ");
  put_hex(sum);
  put_char('\n');
  st = blk_rw(0, 128, 512); // the disk has 128 sectors
  put_str("read past the end: status ");
  put_dec((uint32_t)st);
  put_char('\n');
  put_str("used.idx ");
  put_dec(used.idx);
  put_str(", virtio interrupts ");
  put_dec((uint32_t)irqs_virtio);
  put_char('\n');
  // UART input arrives by interrupt: wait for a full line.
  while (received == 0 || rxbuf[received - 1] != '\n') wait_for(&received, received);
  csrc_mstatus(8);
  rxbuf[received] = 0;
  put_str("received: ");
  put_str(rxbuf);
  return 0;
}
