#include "_rt.h"
#define UART0_THR ((volatile uint8_t *)0x10000000)
#define UART0_LSR ((volatile uint8_t *)0x10000005)
#define LSR_THRE 0x20

/* Waits for the transmitter: a busy 16550 drops what is written over it. Weak, so that the
 * same programs built to run under xv32's kernel (_rt_user.c) print through write() instead. */
__attribute__((weak)) void put_char(char c) {
  while (!(*UART0_LSR & LSR_THRE)) {}
  *UART0_THR = (uint8_t)c;
}

void put_str(const char *s) {
  while (*s) put_char(*s++);
}

void put_dec(uint32_t v) {
  char buf[11];
  int i = 0;
  do { buf[i++] = (char)('0' + v % 10); v /= 10; } while (v);
  while (i) put_char(buf[--i]);
}

void put_hex(uint32_t v) {
  for (int sh = 28; sh >= 0; sh -= 4) put_char("0123456789abcdef"[(v >> sh) & 15]);
}
