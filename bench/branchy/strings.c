// String copies and compares: strlen, strcpy, strcmp and an insertion sort of short strings by
// comparison, written out as C libraries do (a byte at a time).
#include "../programs/_rt.h"
#define COUNT 160
#define WIDTH 16
static char words[COUNT][WIDTH];
static char *order[COUNT];
static char scratch[WIDTH * 2];

static uint32_t my_strlen(const char *s) { const char *p = s; while (*p) p++; return (uint32_t)(p - s); }
static char *my_strcpy(char *d, const char *s) { char *r = d; while ((*d++ = *s++) != 0) {} return r; }
static int my_strcmp(const char *a, const char *b) {
  while (*a && *a == *b) { a++; b++; }
  return (unsigned char)*a - (unsigned char)*b;
}

int main(void) {
  uint32_t seed = 13, sum = 0;
  for (int round = 0; round < 90 * SCALE; round++) {
    for (int i = 0; i < COUNT; i++) {
      int len = 3 + (int)(lcg(&seed) % (WIDTH - 4));
      for (int k = 0; k < len; k++) words[i][k] = (char)('a' + (lcg(&seed) >> 28));
      words[i][len] = 0;
      order[i] = words[i];
    }
    for (int i = 1; i < COUNT; i++) {
      char *w = order[i];
      int j = i - 1;
      while (j >= 0 && my_strcmp(order[j], w) > 0) { order[j + 1] = order[j]; j--; }
      order[j + 1] = w;
    }
    for (int i = 0; i < COUNT; i++) {
      my_strcpy(scratch, order[i]);
      sum = sum * 17 + my_strlen(scratch) + (uint32_t)scratch[0];
    }
  }
  put_str("strings: ");
  put_hex(sum);
  put_char('\n');
  return 0;
}
