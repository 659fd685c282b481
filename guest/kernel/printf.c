// Formatted output to the console for the kernel (%d %u %x %p %s %c %%), and panic.
#include <stdarg.h>
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "defs.h"

volatile int panicked;
static struct spinlock pr_lock;

static void printint(int xx, int base, int sign) {
  char buf[16];
  uint x = (sign && xx < 0) ? (uint)-xx : (uint)xx;
  int i = 0;
  do { buf[i++] = "0123456789abcdef"[x % base]; } while ((x /= base) != 0);
  if (sign && xx < 0) buf[i++] = '-';
  while (--i >= 0) consputc(buf[i]);
}

void printf(const char *fmt, ...) {
  va_list ap;
  int locking = !panicked && pr_lock.name;
  if (locking) acquire(&pr_lock);
  va_start(ap, fmt);
  for (int i = 0; fmt[i]; i++) {
    char c = fmt[i];
    if (c != '%') { consputc(c); continue; }
    c = fmt[++i];
    if (c == 0) break;
    switch (c) {
      case 'd': printint(va_arg(ap, int), 10, 1); break;
      case 'u': printint(va_arg(ap, int), 10, 0); break;
      case 'x': printint(va_arg(ap, int), 16, 0); break;
      case 'p': {
        uint v = va_arg(ap, uint);
        consputc('0'); consputc('x');
        for (int sh = 28; sh >= 0; sh -= 4) consputc("0123456789abcdef"[(v >> sh) & 15]);
        break;
      }
      case 's': {
        const char *s = va_arg(ap, const char *);
        for (s = s ? s : "(null)"; *s; s++) consputc(*s);
        break;
      }
      case 'c': consputc(va_arg(ap, int)); break;
      case '%': consputc('%'); break;
      default: consputc('%'); consputc(c); break;
    }
  }
  va_end(ap);
  if (locking) release(&pr_lock);
}

/* Stops the machine loudly: a broken kernel invariant. */
void panic(const char *s) {
  panicked = 1;
  printf("panic: %s\n", s);
  sbi_shutdown(101);
  for (;;) {}
}

void printfinit(void) { initlock(&pr_lock, "pr"); }
