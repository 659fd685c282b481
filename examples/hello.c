// The bare-metal demo that `npm start` runs until the xv32 kernel boots: it greets, reads the
// hart's identity from CSRs, and counts the instructions a small computation takes.
#include "../bench/programs/_rt.h"

static uint32_t csr_misa(void) { uint32_t v; __asm__ volatile("csrr %0, misa" : "=r"(v)); return v; }
static uint32_t instret(void) { uint32_t v; __asm__ volatile("csrr %0, minstret" : "=r"(v)); return v; }

int main(void) {
  put_str("Hello from xv32: a RISC-V RV32 computer written in TypeScript.\n");
  uint32_t misa = csr_misa();
  put_str("This hart is RV32");
  for (int i = 0; i < 26; i++) if (misa & (1u << i)) put_char((char)('A' + i));
  put_str(" (misa = 0x");
  put_hex(misa);
  put_str("), running bare metal in M-mode.\n");
  uint32_t before = instret(), primes = 0;
  for (uint32_t n = 2; n < 1000; n++) {
    uint32_t d = 2;
    while (d * d <= n && n % d != 0) d++;
    if (d * d > n) primes++;
  }
  uint32_t after = instret();
  put_str("There are ");
  put_dec(primes);
  put_str(" primes below 1000");
  put_str(", computed in ");
  put_dec(after - before);
  put_str(" instructions.\n");
  return 0;
}
