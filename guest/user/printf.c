// printf and fprintf to a file descriptor: %d %u %x %p %s %c and %%, with a field width and the
// '-' (left-justify) and '0' (zero-pad) flags. %ld, %lu, %lx (and %lld ...) take a uint64, as
// xv6's printf does: xv6 programs print uint64 values with them (on RV32 a long is 32 bits, but
// xv6's code is written for RV64, where it is 64).
// A call's output is gathered and written at once, so lines from different processes don't mix.
#include <stdarg.h>
#include "kernel/types.h"
#include "user/user.h"

struct out { int fd, n; char buf[128]; };

static void putc_(struct out *o, char c) {
  if (o->n == sizeof o->buf) { write(o->fd, o->buf, o->n); o->n = 0; }
  o->buf[o->n++] = c;
}

/* Writes s (len bytes) padded to width: on the left unless left, with '0' if zero. */
static void field(struct out *o, const char *s, int len, int width, int left, int zero) {
  int pad = width > len ? width - len : 0;
  if (zero && !left && pad && (*s == '-')) { putc_(o, '-'); s++; len--; }
  if (!left) while (pad-- > 0) putc_(o, zero ? '0' : ' ');
  for (int i = 0; i < len; i++) putc_(o, s[i]);
  if (left) while (pad-- > 0) putc_(o, ' ');
}

static int fmtint(char *out, uint64 x, int base, int neg) {
  char buf[24];
  int i = 0, n = 0;
  do { buf[i++] = "0123456789abcdef"[x % base]; } while ((x /= base) != 0);
  if (neg) out[n++] = '-';
  while (--i >= 0) out[n++] = buf[i];
  return n;
}

static void vprintf(int fd, const char *fmt, va_list ap) {
  struct out o = { fd, 0, {0} };
  char num[24];
  for (int i = 0; fmt[i]; i++) {
    char c = fmt[i];
    if (c != '%') { putc_(&o, c); continue; }
    int left = 0, zero = 0, width = 0;
    for (c = fmt[++i]; c == '-' || c == '0'; c = fmt[++i]) { if (c == '-') left = 1; else zero = 1; }
    for (; c >= '0' && c <= '9'; c = fmt[++i]) width = width * 10 + (c - '0');
    int wide = 0;
    while (c == 'l') { wide = 1; c = fmt[++i]; }
    if (wide && (c == 'd' || c == 'u' || c == 'x')) {
      uint64 v = va_arg(ap, uint64);
      int neg = c == 'd' && (long long)v < 0;
      field(&o, num, fmtint(num, neg ? -v : v, c == 'x' ? 16 : 10, neg), width, left, zero);
      continue;
    }
    switch (c) {
      case 0: goto done;
      case 'd': { int v = va_arg(ap, int); field(&o, num, fmtint(num, v < 0 ? -(uint)v : (uint)v, 10, v < 0), width, left, zero); break; }
      case 'u': field(&o, num, fmtint(num, va_arg(ap, uint), 10, 0), width, left, zero); break;
      case 'x': field(&o, num, fmtint(num, va_arg(ap, uint), 16, 0), width, left, zero); break;
      case 'p': {
        uint v = va_arg(ap, uint);
        putc_(&o, '0'); putc_(&o, 'x');
        for (int sh = 28; sh >= 0; sh -= 4) putc_(&o, "0123456789abcdef"[(v >> sh) & 15]);
        break;
      }
      case 's': {
        const char *s = va_arg(ap, const char *);
        if (!s) s = "(null)";
        field(&o, s, strlen(s), width, left, 0);
        break;
      }
      case 'c': { char ch = (char)va_arg(ap, int); field(&o, &ch, 1, width, left, 0); break; }
      case '%': putc_(&o, '%'); break;
      default: putc_(&o, '%'); putc_(&o, c);
    }
  }
done:
  if (o.n) write(fd, o.buf, o.n);
}

void fprintf(int fd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fd, fmt, ap);
  va_end(ap);
}

void printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(1, fmt, ap);
  va_end(ap);
}
