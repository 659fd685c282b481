// xv32's M-mode firmware: a minimal SBI implementation (SBI spec v1.0: base, TIME, SRST, and the
// legacy console and timer calls). It opens memory to S and U through PMP, delegates traps and
// S-level interrupts to S-mode, forwards the machine timer as the supervisor timer interrupt,
// and starts the kernel at KERNEL_BASE in S-mode.
#include <stdint.h>
#include "sbi.h"
#include "firmware.h"

#define KERNEL_BASE 0x80200000u
#define UART0 0x10000000u
#define UART_LSR 5
#define UART_LSR_DR 0x01
#define UART_LSR_THRE 0x20
#define SYSCON 0x00100000u
#define SYSCON_PASS 0x5555
#define SYSCON_FAIL 0x3333
#define SYSCON_RESET 0x7777
#define CLINT_MTIMECMP 0x02004000u

#define MSTATUS_MPP_MASK (3u << 11)
#define MSTATUS_MPP_S (1u << 11)
#define MIP_STIP (1u << 5)
#define MIE_MTIE (1u << 7)
#define CAUSE_INTERRUPT 0x80000000u
#define IRQ_M_TIMER 7
#define CAUSE_SUPERVISOR_ECALL 9

/* Exceptions the kernel handles itself: all but ecalls from S and M, and misaligned loads and
 * stores, which the firmware performs (they trap only with --misaligned trap), as OpenSBI does. */
#define DELEGATED_EXCEPTIONS ((1u << 0) | (1u << 1) | (1u << 2) | (1u << 3) | (1u << 5) | \
  (1u << 7) | (1u << 8) | (1u << 12) | (1u << 13) | (1u << 15))
#define DELEGATED_INTERRUPTS ((1u << 1) | (1u << 5) | (1u << 9)) /* SSI, STI, SEI */

enum { REG_A0 = 10, REG_A1 = 11, REG_A6 = 16, REG_A7 = 17 };

uint32_t fw_boot_args[2];


static void uart_putc(char c) {
  while (!(R8(UART0 + UART_LSR) & UART_LSR_THRE)) {}
  R8(UART0) = (uint8_t)c;
}

static void puts_(const char *s) {
  while (*s) uart_putc(*s++);
}

static void puthex(uint32_t v) {
  for (int sh = 28; sh >= 0; sh -= 4) uart_putc("0123456789abcdef"[(v >> sh) & 15]);
}

static __attribute__((noreturn)) void power_off(uint32_t code) {
  R32(SYSCON) = code == 0 ? SYSCON_PASS : (SYSCON_FAIL | (code << 16));
  for (;;) __asm__ volatile("wfi");
}

/* Arms the machine timer for the kernel: the next MTI becomes its STI. */
static void set_timer(uint32_t lo, uint32_t hi) {
  R32(CLINT_MTIMECMP + 4) = 0xffffffffu; /* no spurious match while the halves change */
  R32(CLINT_MTIMECMP) = lo;
  R32(CLINT_MTIMECMP + 4) = hi;
  csr_clear(mip, MIP_STIP);
  csr_set(mie, MIE_MTIE);
}

static int probe(uint32_t ext) {
  switch (ext) {
    case SBI_EXT_BASE: case SBI_EXT_TIME: case SBI_EXT_SRST:
    case SBI_EXT_LEGACY_SET_TIMER: case SBI_EXT_LEGACY_PUTCHAR: case SBI_EXT_LEGACY_GETCHAR:
    case SBI_EXT_LEGACY_SHUTDOWN:
      return 1;
  }
  return 0;
}

/* Serves an SBI call; a0 (error) and a1 (value) carry the result (legacy calls: a0 only). */
static void sbi_call(struct frame *f) {
  uint32_t ext = f->x[REG_A7], fid = f->x[REG_A6], a0 = f->x[REG_A0], a1 = f->x[REG_A1];
  int32_t err = SBI_SUCCESS;
  uint32_t value = 0;
  switch (ext) {
    case SBI_EXT_LEGACY_SET_TIMER: set_timer(a0, a1); f->x[REG_A0] = 0; return;
    case SBI_EXT_LEGACY_PUTCHAR: uart_putc((char)a0); f->x[REG_A0] = 0; return;
    case SBI_EXT_LEGACY_GETCHAR:
      f->x[REG_A0] = (R8(UART0 + UART_LSR) & UART_LSR_DR) ? R8(UART0) : (uint32_t)-1;
      return;
    case SBI_EXT_LEGACY_SHUTDOWN: power_off(0);
    case SBI_EXT_BASE:
      switch (fid) {
        case SBI_BASE_GET_SPEC_VERSION: value = SBI_SPEC_VERSION_1_0; break;
        case SBI_BASE_GET_IMPL_ID: value = SBI_IMPL_ID_XV32; break;
        case SBI_BASE_GET_IMPL_VERSION: value = 1; break;
        case SBI_BASE_PROBE_EXTENSION: value = (uint32_t)probe(a0); break;
        case SBI_BASE_GET_MVENDORID: value = csr_read(mvendorid); break;
        case SBI_BASE_GET_MARCHID: value = csr_read(marchid); break;
        case SBI_BASE_GET_MIMPID: value = csr_read(mimpid); break;
        default: err = SBI_ERR_NOT_SUPPORTED;
      }
      break;
    case SBI_EXT_TIME:
      if (fid == 0) set_timer(a0, a1); else err = SBI_ERR_NOT_SUPPORTED;
      break;
    case SBI_EXT_SRST:
      if (fid != 0) { err = SBI_ERR_NOT_SUPPORTED; break; }
      if (a0 == SBI_SRST_TYPE_SHUTDOWN) power_off(a1);
      if (a0 == SBI_SRST_TYPE_COLD_REBOOT || a0 == SBI_SRST_TYPE_WARM_REBOOT) {
        R32(SYSCON) = SYSCON_RESET;
        for (;;) {}
      }
      err = SBI_ERR_INVALID_PARAM;
      break;
    default:
      err = SBI_ERR_NOT_SUPPORTED;
  }
  f->x[REG_A0] = (uint32_t)err;
  f->x[REG_A1] = value;
}

void fw_trap(struct frame *f) {
  uint32_t cause = csr_read(mcause);
  if (cause == (CAUSE_INTERRUPT | IRQ_M_TIMER)) {
    /* Forward to S-mode and stop the machine timer until the kernel arms it again. */
    csr_set(mip, MIP_STIP);
    csr_clear(mie, MIE_MTIE);
    return;
  }
  if (cause == CAUSE_MISALIGNED_LOAD || cause == CAUSE_MISALIGNED_STORE) {
    uint32_t from = (csr_read(mstatus) & MSTATUS_MPP_MASK) >> 11;
    if (from != 3) { fw_misaligned(f, cause); return; } /* the firmware's own would be a bug */
  }
  if (cause == CAUSE_SUPERVISOR_ECALL) {
    sbi_call(f);
    csr_write(mepc, csr_read(mepc) + 4);
    return;
  }
  puts_("\nxv32 firmware: unexpected trap mcause=");
  puthex(cause);
  puts_(" mepc=");
  puthex(csr_read(mepc));
  puts_(" mtval=");
  puthex(csr_read(mtval));
  puts_("\n");
  power_off(1);
}

/* Sets up the machine and returns the kernel's entry point. */
uint32_t fw_main(uint32_t hartid, uint32_t dtb) {
  fw_boot_args[0] = hartid;
  fw_boot_args[1] = dtb;
  csr_write(pmpaddr0, 0xffffffffu);   /* one NAPOT entry over all memory: RWX for S and U */
  csr_write(pmpcfg0, 0x1f);
  csr_write(medeleg, DELEGATED_EXCEPTIONS);
  csr_write(mideleg, DELEGATED_INTERRUPTS);
  csr_write(mcounteren, 7);            /* cycle, time, instret readable from S (and U, if S allows) */
  csr_write(mie, 0);
  csr_write(satp, 0);
  csr_clear(mstatus, MSTATUS_MPP_MASK);
  csr_set(mstatus, MSTATUS_MPP_S);
  return KERNEL_BASE;
}
