// Misaligned loads and stores from S and U mode, performed here in M-mode as OpenSBI does, for
// a machine that traps on them (xv32 --misaligned trap, as the reference model does): the
// instruction at mepc is read and decoded, the address (mtval) translated byte by byte through
// the page table S-mode set up (Sv32, priv spec 4.3.2, with its permission checks and A/D
// updates), and the bytes moved with physical accesses. A page fault met on the way, and an
// atomic that is misaligned (which must not be split), go to S-mode as the hart would have
// delivered them (the trap is redirected: scause, stval, sepc, SPP, SPIE, stvec).
#include <stdint.h>
#include "firmware.h"

#define MSTATUS_SIE (1u << 1)
#define MSTATUS_SPIE (1u << 5)
#define MSTATUS_SPP (1u << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP_MASK (3u << MSTATUS_MPP_SHIFT)
#define MSTATUS_SUM (1u << 18)
#define MSTATUS_MXR (1u << 19)
#define PRV_U 0
#define PRV_S 1

#define SATP_MODE_SV32 (1u << 31)
#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_U (1u << 4)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)

#define CAUSE_FETCH_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT 13
#define CAUSE_STORE_PAGE_FAULT 15

enum access { ACCESS_LOAD, ACCESS_STORE, ACCESS_FETCH };

static const uint32_t page_fault[] = { CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT, CAUSE_FETCH_PAGE_FAULT };

/* The trap goes to S-mode as if the hart had delivered it there (priv spec 3.1.6.1, 4.1.1). */
static void redirect(uint32_t cause, uint32_t tval) {
  uint32_t ms = csr_read(mstatus);
  uint32_t from = (ms & MSTATUS_MPP_MASK) >> MSTATUS_MPP_SHIFT;
  csr_write(scause, cause);
  csr_write(stval, tval);
  csr_write(sepc, csr_read(mepc));
  ms &= ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_MPP_MASK);
  if (from == PRV_S) ms |= MSTATUS_SPP;
  if (csr_read(mstatus) & MSTATUS_SIE) ms |= MSTATUS_SPIE;
  ms |= PRV_S << MSTATUS_MPP_SHIFT;
  csr_write(mstatus, ms);
  csr_write(mepc, csr_read(stvec) & ~3u); /* exceptions go to the base, vectored or not */
}

/* The physical address of va for an access from mode `from`, as the hart's walk finds it
 * (setting A, and D for a store); 0 and *fault set if the walk faults. */
static uint32_t translate(uint32_t va, enum access acc, uint32_t from, int *fault) {
  uint32_t satp = csr_read(satp);
  if (!(satp & SATP_MODE_SV32)) return va;
  uint32_t ms = csr_read(mstatus);
  uint32_t a = (satp & 0x3fffff) << 12;
  for (int level = 1; level >= 0; level--) {
    uint32_t pte_addr = a + ((va >> (12 + 10 * level)) & 0x3ff) * 4;
    uint32_t pte = R32(pte_addr);
    if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W))) break;
    if (!(pte & (PTE_R | PTE_X))) { a = (pte >> 10) << 12; continue; } /* a pointer to the next level */
    int ok = acc == ACCESS_FETCH ? (pte & PTE_X) != 0
      : acc == ACCESS_STORE ? (pte & PTE_W) != 0
      : (pte & PTE_R) || ((ms & MSTATUS_MXR) && (pte & PTE_X));
    if (from == PRV_U ? !(pte & PTE_U) : (pte & PTE_U) && (acc == ACCESS_FETCH || !(ms & MSTATUS_SUM))) ok = 0;
    if (level == 1 && ((pte >> 10) & 0x3ff)) ok = 0; /* a misaligned megapage */
    if (!ok) break;
    uint32_t want = PTE_A | (acc == ACCESS_STORE ? PTE_D : 0);
    if ((pte & want) != want) R32(pte_addr) = pte | want;
    uint32_t mask = level ? 0x3fffff : 0xfff;
    return (((pte >> 10) << 12) & ~mask) | (va & mask);
  }
  *fault = 1;
  return 0;
}

/* The 16-bit parcel at va (instructions are 2-aligned), or 0 after redirecting a fault. */
static uint32_t fetch16(uint32_t va, uint32_t from, int *fault) {
  uint32_t pa = translate(va, ACCESS_FETCH, from, fault);
  if (*fault) { redirect(CAUSE_FETCH_PAGE_FAULT, va); return 0; }
  return *(volatile uint16_t *)pa;
}

void fw_misaligned(struct frame *f, uint32_t cause) {
  uint32_t from = (csr_read(mstatus) & MSTATUS_MPP_MASK) >> MSTATUS_MPP_SHIFT;
  uint32_t epc = csr_read(mepc), addr = csr_read(mtval);
  int fault = 0;
  uint32_t insn = fetch16(epc, from, &fault);
  if (fault) return;
  uint32_t len = 2;
  if ((insn & 3) == 3) {
    insn |= fetch16(epc + 2, from, &fault) << 16;
    if (fault) return;
    len = 4;
  }
  /* The load or store: its size, signedness and register (rs2 for a store, rd for a load). */
  int store, size, sign = 0;
  uint32_t reg;
  uint32_t op = insn & 0x7f, f3 = (insn >> 12) & 7;
  if (len == 4 && op == 0x03 && (f3 == 1 || f3 == 2 || f3 == 5)) {         /* lh, lw, lhu */
    store = 0; size = f3 == 2 ? 4 : 2; sign = f3 == 1; reg = (insn >> 7) & 31;
  } else if (len == 4 && op == 0x23 && (f3 == 1 || f3 == 2)) {              /* sh, sw */
    store = 1; size = f3 == 2 ? 4 : 2; reg = (insn >> 20) & 31;
  } else if (len == 2 && (insn & 0xe003) == 0x4000) {                       /* c.lw */
    store = 0; size = 4; reg = 8 + ((insn >> 2) & 7);
  } else if (len == 2 && (insn & 0xe003) == 0xc000) {                       /* c.sw */
    store = 1; size = 4; reg = 8 + ((insn >> 2) & 7);
  } else if (len == 2 && (insn & 0xe003) == 0x4002) {                       /* c.lwsp */
    store = 0; size = 4; reg = (insn >> 7) & 31;
  } else if (len == 2 && (insn & 0xe003) == 0xc002) {                       /* c.swsp */
    store = 1; size = 4; reg = (insn >> 2) & 31;
  } else {
    redirect(cause, addr); /* an atomic (lr, sc, amo): S-mode is told, as the hart said */
    return;
  }
  /* Every byte translated before any moves, so a fault leaves memory and registers as they were. */
  uint32_t pa[4];
  for (int i = 0; i < size; i++) {
    pa[i] = translate(addr + i, store ? ACCESS_STORE : ACCESS_LOAD, from, &fault);
    if (fault) { redirect(page_fault[store], addr + i); return; }
  }
  if (store) {
    uint32_t v = reg ? f->x[reg] : 0;
    for (int i = 0; i < size; i++) R8(pa[i]) = (uint8_t)(v >> (8 * i));
  } else {
    uint32_t v = 0;
    for (int i = 0; i < size; i++) v |= (uint32_t)R8(pa[i]) << (8 * i);
    if (sign && size == 2) v = (uint32_t)(int32_t)(int16_t)v;
    if (reg) f->x[reg] = v;
  }
  csr_write(mepc, epc + len);
}
