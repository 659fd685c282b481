// Boyer-Moore-Horspool search of eight patterns in 256 KiB of generated text, plus strlen and
// memcmp-style byte loops: the string work of a shell and its utilities.
#include "_rt.h"
#define LEN 262144
static char text[LEN + 1];
static const char *patterns[] = { "abc", "hello", "xyzzy", "kernel", "fork", "eaeae", "qq", "tlb" };

static uint32_t count_matches(const char *pat) {
  uint32_t m = 0;
  while (pat[m]) m++;
  uint32_t skip[256];
  for (int i = 0; i < 256; i++) skip[i] = m;
  for (uint32_t i = 0; i + 1 < m; i++) skip[(uint8_t)pat[i]] = m - 1 - i;
  uint32_t found = 0;
  for (uint32_t pos = 0; pos + m <= LEN;) {
    uint32_t k = m;
    while (k > 0 && text[pos + k - 1] == pat[k - 1]) k--;
    if (k == 0) found++;
    pos += skip[(uint8_t)text[pos + m - 1]];
  }
  return found;
}

int main(void) {
  uint32_t seed = 99;
  const char alphabet[] = "abcdefghijklmnopqrstuvwxyz eaeae";
  for (int i = 0; i < LEN; i++) text[i] = alphabet[(lcg(&seed) >> 16) % 32];
  text[LEN] = 0;
  uint32_t total = 0;
  for (int round = 0; round < 12 * SCALE; round++)
    for (unsigned p = 0; p < sizeof patterns / sizeof patterns[0]; p++) total += count_matches(patterns[p]);
  put_str("matches: ");
  put_dec(total);
  put_char('\n');
  return 0;
}
