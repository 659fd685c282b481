// The memory and string functions the kernel needs.
#include "types.h"
#include "defs.h"

void *memset(void *dst, int c, uint n) {
  uchar *d = dst;
  uint i = 0;
  if (((uint)d & 3) == 0) {
    uint w = (uchar)c * 0x01010101u;
    for (; i + 4 <= n; i += 4) *(uint *)(d + i) = w; /* a word at a time when aligned */
  }
  for (; i < n; i++) d[i] = (uchar)c;
  return dst;
}

int memcmp(const void *a, const void *b, uint n) {
  const uchar *x = a, *y = b;
  for (uint i = 0; i < n; i++) if (x[i] != y[i]) return x[i] - y[i];
  return 0;
}

/* A word that may alias anything, for copying bytes a word at a time. */
typedef uint __attribute__((may_alias)) word_t;

void *memmove(void *dst, const void *src, uint n) {
  uchar *d = dst;
  const uchar *s = src;
  if (s < d && s + n > d) {
    while (n-- > 0) d[n] = s[n];
    return dst;
  }
  uint i = 0;
  if ((((uint)d | (uint)s) & 3) == 0) {
    /* Aligned, as the pages fork and copy-on-write copy are: four words an iteration. */
    for (; i + 16 <= n; i += 16) {
      word_t *dw = (word_t *)(d + i);
      const word_t *sw = (const word_t *)(s + i);
      word_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
      dw[0] = a; dw[1] = b; dw[2] = c; dw[3] = e;
    }
    for (; i + 4 <= n; i += 4) *(word_t *)(d + i) = *(const word_t *)(s + i);
  }
  for (; i < n; i++) d[i] = s[i];
  return dst;
}

void *memcpy(void *dst, const void *src, uint n) { return memmove(dst, src, n); }

int strncmp(const char *p, const char *q, uint n) {
  while (n > 0 && *p && *p == *q) { n--; p++; q++; }
  return n == 0 ? 0 : (uchar)*p - (uchar)*q;
}

/* Copies at most n-1 characters and always terminates (unlike the C library's strncpy). */
char *safestrcpy(char *s, const char *t, int n) {
  char *os = s;
  if (n <= 0) return os;
  while (--n > 0 && (*s++ = *t++) != 0) {}
  *s = 0;
  return os;
}

/* Copies at most n characters, padding with zeros (for fixed-size directory names). */
char *strncpy(char *s, const char *t, int n) {
  char *os = s;
  while (n > 0 && (*s++ = *t++) != 0) n--;
  while (n-- > 0) *s++ = 0;
  return os;
}

int strlen(const char *s) {
  int n = 0;
  while (s[n]) n++;
  return n;
}
