// An S-mode client of xv32's firmware (loaded where the kernel goes): probes the SBI base
// extension, prints through the legacy console call, takes a supervisor timer interrupt armed
// with the TIME extension, and powers off through SRST with a status.
#include <stdint.h>

struct sbiret { long error; long value; };
static struct sbiret sbi(long ext, long fid, long a0, long a1) {
  register long r0 __asm__("a0") = a0, r1 __asm__("a1") = a1;
  register long r6 __asm__("a6") = fid, r7 __asm__("a7") = ext;
  __asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r6), "r"(r7) : "memory");
  return (struct sbiret){ r0, r1 };
}
static void putc_(char c) { sbi(0x01, 0, c, 0); }
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void puthex(uint32_t v) { for (int s = 28; s >= 0; s -= 4) putc_("0123456789abcdef"[(v >> s) & 15]); }
static void line(const char *what, long v) { puts_(what); puthex((uint32_t)v); putc_('\n'); }

static volatile int timer_irqs;
void s_trap(void) {
  uint32_t cause;
  __asm__ volatile("csrr %0, scause" : "=r"(cause));
  if (cause == 0x80000005u) {
    timer_irqs++;
    sbi(0x54494d45, 0, -1, -1); /* TIME set_timer to "never": clears the pending STI */
    return;
  }
  line("unexpected scause ", cause);
  sbi(0x53525354, 0, 0, 99);
}
void s_vector(void);
__asm__(".align 2\ns_vector:\naddi sp, sp, -64\nsw ra, 0(sp)\nsw a0, 4(sp)\nsw a1, 8(sp)\nsw a2, 12(sp)\n"
        "sw a3, 16(sp)\nsw a4, 20(sp)\nsw a5, 24(sp)\nsw a6, 28(sp)\nsw a7, 32(sp)\nsw t0, 36(sp)\n"
        "sw t1, 40(sp)\nsw t2, 44(sp)\nsw t3, 48(sp)\nsw t4, 52(sp)\nsw t5, 56(sp)\nsw t6, 60(sp)\n"
        "call s_trap\nlw ra, 0(sp)\nlw a0, 4(sp)\nlw a1, 8(sp)\nlw a2, 12(sp)\nlw a3, 16(sp)\n"
        "lw a4, 20(sp)\nlw a5, 24(sp)\nlw a6, 28(sp)\nlw a7, 32(sp)\nlw t0, 36(sp)\nlw t1, 40(sp)\n"
        "lw t2, 44(sp)\nlw t3, 48(sp)\nlw t4, 52(sp)\nlw t5, 56(sp)\nlw t6, 60(sp)\naddi sp, sp, 64\nsret\n");

int main(uint32_t hartid) {
  uint32_t sstatus;
  __asm__ volatile("csrr %0, sstatus" : "=r"(sstatus));
  line("hart ", hartid);
  line("in S-mode, sstatus.SPP ", (sstatus >> 8) & 1);
  struct sbiret r = sbi(0x10, 0, 0, 0);
  line("spec version ", r.value);
  line("impl id ", sbi(0x10, 1, 0, 0).value);
  line("probe TIME ", sbi(0x10, 3, 0x54494d45, 0).value);
  line("probe SRST ", sbi(0x10, 3, 0x53525354, 0).value);
  line("probe an unknown extension ", sbi(0x10, 3, 0x12345678, 0).value);
  line("unknown extension error ", sbi(0x12345678, 0, 0, 0).error);
  /* The timer: arm it 1000 ticks ahead, then wait with interrupts on. */
  __asm__ volatile("csrw stvec, %0" :: "r"(s_vector));
  __asm__ volatile("csrs sie, %0" :: "r"(1u << 5));
  uint32_t now;
  __asm__ volatile("csrr %0, time" : "=r"(now));
  line("set_timer error ", sbi(0x54494d45, 0, now + 1000, 0).error);
  __asm__ volatile("csrs sstatus, 2");
  while (timer_irqs == 0) __asm__ volatile("wfi");
  line("timer interrupts ", timer_irqs);
  puts_("shutting down with status 3\n");
  sbi(0x53525354, 0, 0 /* shutdown */, 3);
  puts_("still running!\n");
  return 1;
}

__asm__(".pushsection .text.entry\n.globl _start\n_start:\nla sp, stack_top\ncall main\n1: j 1b\n.popsection\n"
        ".pushsection .bss\n.align 4\n.space 4096\nstack_top:\n.popsection\n");
