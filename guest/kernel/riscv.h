// RV32 and Sv32 hardware facts for the kernel: CSR accessors, status bits, PTE layout.
#ifndef XV32_RISCV_H
#define XV32_RISCV_H
#include "types.h"

#define csr_read(name) ({ uint32 v_; __asm__ volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csr_write(name, v) __asm__ volatile("csrw " #name ", %0" :: "r"((uint32)(v)))
#define csr_set(name, v) __asm__ volatile("csrs " #name ", %0" :: "r"((uint32)(v)))
#define csr_clear(name, v) __asm__ volatile("csrc " #name ", %0" :: "r"((uint32)(v)))

#define SSTATUS_SIE (1u << 1)
#define SSTATUS_SPIE (1u << 5)
#define SSTATUS_SPP (1u << 8)
#define SSTATUS_SUM (1u << 18)
#define SIE_SSIE (1u << 1)
#define SIE_STIE (1u << 5)
#define SIE_SEIE (1u << 9)
#define SCOUNTEREN_CY (1u << 0)  /* priv spec 4.1.5: counters U-mode may read */
#define SCOUNTEREN_TM (1u << 1)
#define SCOUNTEREN_IR (1u << 2)
#define SCAUSE_INTERRUPT 0x80000000u
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9

// Exception codes (priv spec table 3.6).
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_USER_ECALL 8
#define EXC_INST_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15

static inline void intr_on(void) { csr_set(sstatus, SSTATUS_SIE); }
static inline void intr_off(void) { csr_clear(sstatus, SSTATUS_SIE); }
static inline int intr_get(void) { return (csr_read(sstatus) & SSTATUS_SIE) != 0; }
extern uint32 tlb_flushes; /* counted for memstat: a TLB flush is part of what fork costs */
static inline void sfence_vma(void) {
  __asm__ volatile("sfence.vma zero, zero");
  __atomic_fetch_add(&tlb_flushes, 1, __ATOMIC_RELAXED);
}
static inline uint32 rdtime(void) { return csr_read(time); }
/* Instructions retired (the firmware lets S-mode read instret: mcounteren.IR). */
static inline uint64 rdinstret64(void) {
  uint32 hi, lo, hi2;
  do { hi = csr_read(instreth); lo = csr_read(instret); hi2 = csr_read(instreth); } while (hi != hi2);
  return ((uint64)hi << 32) | lo;
}
static inline uint64 rdtime64(void) {
  uint32 hi, lo, hi2;
  do { hi = csr_read(timeh); lo = csr_read(time); hi2 = csr_read(timeh); } while (hi != hi2);
  return ((uint64)hi << 32) | lo;
}

// The stack pointer, as xv6's r_sp() reads it (usertests use it to find their stack).
static inline uint32 r_sp(void) {
  uint32 x;
  __asm__ volatile("mv %0, sp" : "=r"(x));
  return x;
}

// Sv32 (priv spec 4.3).
// One above the highest user virtual address: xv6's name for it. Sv32 user space is the lower
// 2 GiB (the kernel owns the upper half; memlayout.h's USERTOP).
#define MAXVA 0x80000000u
#define PGSIZE 4096
#define PGSHIFT 12
#define PGROUNDUP(a) (((a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(PGSIZE - 1))
#define SUPERPAGE (4u * 1024 * 1024)
#define SATP_SV32 (1u << 31)
#define MAKE_SATP(pt) (SATP_SV32 | ((uint32)(pt) >> 12))

#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_U (1u << 4)
#define PTE_G (1u << 5)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)
#define PTE_COW (1u << 8) /* RSW bit: a page shared by copy-on-write fork, writable once copied */
#define PTE_SHARED (1u << 9) /* RSW bit: a MAP_SHARED page: fork shares it, no store ever copies it */
#define PTE_FLAGS(pte) ((pte) & 0x3ff)
#define PA2PTE(pa) (((uint32)(pa) >> 12) << 10)
#define PTE2PA(pte) (((pte) >> 10) << 12)
// The index of va in the table of `level` (1 = root, 0 = leaf tables): 10 bits each.
#define PX(level, va) ((((uint32)(va)) >> (12 + 10 * (level))) & 0x3ff)
#endif
