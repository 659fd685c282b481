// Calls into the firmware (SBI v1.0 calling convention: a7 = extension, a6 = function,
// a0/a1 return error and value).
#include "types.h"
#include "defs.h"

#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_TIME 0x54494d45
#define SBI_EXT_SRST 0x53525354

static uint sbi_call(uint ext, uint fid, uint a0, uint a1) {
  register uint r0 __asm__("a0") = a0;
  register uint r1 __asm__("a1") = a1;
  register uint r6 __asm__("a6") = fid;
  register uint r7 __asm__("a7") = ext;
  __asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r6), "r"(r7) : "memory");
  return r0;
}

void sbi_set_timer(uint64 when) { sbi_call(SBI_EXT_TIME, 0, (uint)when, (uint)(when >> 32)); }
void sbi_putchar(int c) { sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (uint)c, 0); }

/* Powers the machine off; a nonzero `code` reaches the host as the exit status. */
void sbi_shutdown(uint code) {
  sbi_call(SBI_EXT_SRST, 0, 0 /* shutdown */, code);
  for (;;) {}
}
