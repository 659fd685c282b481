// The console device: output to the UART; input from UART interrupts, edited a line at a time
// (backspace, ^U kills the line, ^D ends input, ^P lists processes) and read by line.
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "defs.h"

#define BACKSPACE 0x100
#define C(x) ((x) - '@') /* control-x */
#define INPUT_BUF 128

/* Echo typed characters: off in batch mode (a command from bootargs), as for a non-terminal. */
static int echo = 1;

static struct {
  struct spinlock lock;
  char buf[INPUT_BUF];
  uint r, w, e; /* read, write (end of committed lines), edit positions */
} cons;

/* Writes one character; BACKSPACE erases the one before. */
void consputc(int c) {
  if (c == BACKSPACE) {
    uartputc_sync('\b'); uartputc_sync(' '); uartputc_sync('\b');
  } else {
    uartputc_sync(c);
  }
}

static int consolewrite(int user_src, uint src, int n) {
  int i;
  for (i = 0; i < n; i++) {
    char c;
    if (either_copyin(&c, user_src, src + i, 1) < 0) break;
    uartputc_sync(c);
  }
  return i;
}

/* Reads up to n bytes, at most one line; blocks until a line (or ^D) is typed. */
static int consoleread(int user_dst, uint dst, int n) {
  int target = n;
  acquire(&cons.lock);
  while (n > 0) {
    while (cons.r == cons.w) {
      if (killed(myproc())) { release(&cons.lock); return -1; }
      sleep(&cons.r, &cons.lock);
    }
    int c = cons.buf[cons.r++ % INPUT_BUF];
    if (c == C('D')) {
      /* End of file: a ^D after some input ends that read; leave it for the next one. */
      if (n < target) cons.r--;
      break;
    }
    char cbuf = (char)c;
    if (either_copyout(user_dst, dst, &cbuf, 1) < 0) break;
    dst++;
    n--;
    if (c == '\n') break;
  }
  release(&cons.lock);
  return target - n;
}

/* A character from the UART interrupt: edit the line, or commit it and wake readers. */
void consoleintr(int c) {
  acquire(&cons.lock);
  switch (c) {
    case C('P'): procdump(); break;
    case C('U'):
      while (cons.e != cons.w && cons.buf[(cons.e - 1) % INPUT_BUF] != '\n') { cons.e--; if (echo) consputc(BACKSPACE); }
      break;
    case C('H'): case '\x7f':
      if (cons.e != cons.w) { cons.e--; if (echo) consputc(BACKSPACE); }
      break;
    default:
      if (c != 0 && cons.e - cons.r < INPUT_BUF) {
        c = (c == '\r') ? '\n' : c;
        if (echo && c != C('D')) consputc(c);
        cons.buf[cons.e++ % INPUT_BUF] = (char)c;
        if (c == '\n' || c == C('D') || cons.e - cons.r == INPUT_BUF) {
          cons.w = cons.e;
          wakeup(&cons.r);
        }
      }
  }
  release(&cons.lock);
}

void consoleinit(void) {
  initlock(&cons.lock, "cons");
  echo = bootargs[0] == 0;
  uartinit();
  devsw[CONSOLE].read = consoleread;
  devsw[CONSOLE].write = consolewrite;
}
