// The PLIC: the UART and the disk interrupt the S-mode context of hart 0.
#include "types.h"
#include "memlayout.h"
#include "defs.h"

#define R32(a) (*(volatile uint *)(a))

void plicinit(void) {
  R32(PLIC_PRIORITY(UART0_IRQ)) = 1;
  R32(PLIC_PRIORITY(VIRTIO0_IRQ)) = 1;
  R32(PLIC_PRIORITY(VIRTIO1_IRQ)) = 1;
  R32(PLIC_SENABLE) = (1u << UART0_IRQ) | (1u << VIRTIO0_IRQ) | (1u << VIRTIO1_IRQ);
  R32(PLIC_STHRESHOLD) = 0;
}

int plic_claim(void) { return (int)R32(PLIC_SCLAIM); }
void plic_complete(int irq) { R32(PLIC_SCLAIM) = (uint)irq; }
