// The few output routines the benchmark programs need (UART at QEMU virt's address).
#ifndef BENCH_RT_H
#define BENCH_RT_H
#include <stdint.h>
/* Work multiplier: 1 for the test suite, larger for `xv32 bench` so QEMU's time is measurable. */
#ifndef SCALE
#define SCALE 1
#endif
void put_char(char c);
void put_str(const char *s);
void put_dec(uint32_t v);
void put_hex(uint32_t v);
/* A small deterministic generator, so every run computes the same thing. */
static inline uint32_t lcg(uint32_t *state) {
  *state = *state * 1664525u + 1013904223u;
  return *state;
}
#endif
