// printf and fprintf to a file descriptor: %d %u %x %p %s %c %l (as %d) and %%.
#include <stdarg.h>
#include "kernel/types.h"
#include "user/user.h"

static void putc_(int fd, char c) { write(fd, &c, 1); }

static void printint(int fd, int xx, int base, int sgn) {
  char buf[16];
  uint x = (sgn && xx < 0) ? (uint)-xx : (uint)xx;
  int i = 0;
  do { buf[i++] = "0123456789ABCDEF"[x % base]; } while ((x /= base) != 0);
  if (sgn && xx < 0) buf[i++] = '-';
  while (--i >= 0) putc_(fd, buf[i]);
}

static void vprintf(int fd, const char *fmt, va_list ap) {
  for (int i = 0; fmt[i]; i++) {
    char c = fmt[i];
    if (c != '%') { putc_(fd, c); continue; }
    c = fmt[++i];
    while (c == 'l') c = fmt[++i]; /* %ld, %lu, %lx: longs are ints here */
    switch (c) {
      case 0: return;
      case 'd': printint(fd, va_arg(ap, int), 10, 1); break;
      case 'u': printint(fd, va_arg(ap, int), 10, 0); break;
      case 'x': printint(fd, va_arg(ap, int), 16, 0); break;
      case 'p': {
        uint v = va_arg(ap, uint);
        putc_(fd, '0'); putc_(fd, 'x');
        for (int sh = 28; sh >= 0; sh -= 4) putc_(fd, "0123456789abcdef"[(v >> sh) & 15]);
        break;
      }
      case 's': {
        const char *s = va_arg(ap, const char *);
        for (s = s ? s : "(null)"; *s; s++) putc_(fd, *s);
        break;
      }
      case 'c': putc_(fd, (char)va_arg(ap, int)); break;
      case '%': putc_(fd, '%'); break;
      default: putc_(fd, '%'); putc_(fd, c);
    }
  }
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
