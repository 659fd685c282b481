// Sieve of Eratosthenes up to 2,000,000, five times: byte stores and strided loops.
#include "_rt.h"
#define N 2000000
static uint8_t composite[N + 1];

int main(void) {
  uint32_t count = 0;
  for (int round = 0; round < 5 * SCALE; round++) {
    for (uint32_t i = 0; i <= N; i++) composite[i] = 0;
    count = 0;
    for (uint32_t i = 2; i <= N; i++) {
      if (composite[i]) continue;
      count++;
      for (uint32_t j = i * 2; j <= N; j += i) composite[j] = 1;
    }
  }
  put_str("primes up to 2000000: ");
  put_dec(count);
  put_char('\n');
  return count == 148933 ? 0 : 1;
}
