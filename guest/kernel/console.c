// The console device: output to the UART; input from UART interrupts through a line discipline.
// Cooked mode (the default) edits a line at a time, with echo: backspace, ^U kills the line,
// ^W the word before the cursor, ^D ends input, ^P lists processes. Raw mode (ttymode, for the
// shell's own line editor) hands every byte to the reader at once, without echo (Return still
// becomes newline). In both, ^C kills
// the foreground process group (tcsetpgrp) when it has a live process.
//
// Flow control: the input buffer holds INPUT_BUF bytes. When it is full the UART driver stops
// taking bytes (they wait in the UART's FIFO, and the host holds the rest), and a reader that
// makes room starts it again, so input is never dropped. A line longer than the buffer reaches the
// reader in pieces of INPUT_BUF bytes.
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "tty.h"
#include "defs.h"

#define BACKSPACE 0x100
#define C(x) ((x) - '@') /* control-x */
#define INPUT_BUF 8192

/* Echo typed characters: off in batch mode (a command from bootargs), as for a non-terminal. */
static int echo = 1;

static struct {
  struct spinlock lock;
  char buf[INPUT_BUF];
  uint r, w, e; /* read, write (end of committed input), edit positions */
  int mode;     /* TTY_COOKED or TTY_RAW */
  int fgpgid;   /* the foreground process group that ^C kills; 0 for none */
} cons;

/* Writes one character; BACKSPACE erases the one before. */
void consputc(int c) {
  if (c == BACKSPACE) {
    uartputc_sync('\b'); uartputc_sync(' '); uartputc_sync('\b');
  } else {
    uartputc_sync(c);
  }
}

/* Control characters other than tab and newline echo as ^X (two columns), as Linux's ECHOCTL. */
static int isctl(int c) { return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f; }

static void echochar(int c) {
  if (!echo) return;
  if (isctl(c)) { consputc('^'); consputc(c == 0x7f ? '?' : c + '@'); }
  else consputc(c);
}

/* Erases the last character of the line being edited, on screen too. */
static void eraselast(void) {
  int c = cons.buf[(cons.e - 1) % INPUT_BUF];
  cons.e--;
  if (!echo) return;
  consputc(BACKSPACE);
  if (isctl(c)) consputc(BACKSPACE);
}

/* Writes n bytes from src through put, in chunks (a copyin per chunk, not per byte); -1 if src
 * is bad from the start (EFAULT), else the bytes written before a bad page. */
static int writeout(int user_src, uint src, int n, void (*put)(int)) {
  char chunk[64];
  int done = 0;
  while (done < n) {
    int m = n - done < (int)sizeof chunk ? n - done : (int)sizeof chunk;
    if (either_copyin(chunk, user_src, src + done, m) < 0) return done ? done : -1;
    for (int i = 0; i < m; i++) put(chunk[i]);
    done += m;
  }
  return done;
}

static int consolewrite(int user_src, uint src, int n) { return writeout(user_src, src, n, uartputc_sync); }

/* fd 2's device: the console, or the second UART when the host keeps stderr apart. */
static int stderrwrite(int user_src, uint src, int n) {
  return writeout(user_src, src, n, stderr_uart ? uart1putc_sync : uartputc_sync);
}

/* Reads up to n bytes; in cooked mode at most one line. Blocks until there is input (or ^D). */
static int consoleread(int user_dst, uint dst, int n) {
  int got = 0;
  acquire(&cons.lock);
  while (cons.r == cons.w) {
    if (killed(myproc())) { release(&cons.lock); return -1; }
    sleep(&cons.r, &cons.lock);
  }
  /* Copy a run of committed bytes, in at most two pieces (the buffer is a ring). */
  while (got < n && cons.r != cons.w) {
    uint start = cons.r % INPUT_BUF;
    uint len = 0;
    int eof = 0, eol = 0;
    while (got + (int)len < n && cons.r + len != cons.w && start + len < INPUT_BUF) {
      char c = cons.buf[start + len];
      if (c == C('D') && cons.mode == TTY_COOKED) { eof = 1; break; }
      len++;
      if (c == '\n' && cons.mode == TTY_COOKED) { eol = 1; break; }
    }
    if (len && either_copyout(user_dst, dst + got, &cons.buf[start], len) < 0) {
      if (got == 0) got = -1; /* a bad buffer: the input stays for the next read */
      break;
    }
    cons.r += len;
    got += len;
    if (eof) {
      /* End of file: a ^D ends this read; one with nothing before it is the end itself. */
      if (got == 0) cons.r++;
      break;
    }
    if (eol) break;
  }
  release(&cons.lock);
  uartrxresume(); /* there is room again: take what waits in the UART */
  return got;
}

/* Whether the input buffer has room for another byte. */
int consoleroom(void) { return cons.e - cons.r < INPUT_BUF; }

/* Makes what has been typed readable. */
static void commit(void) {
  cons.w = cons.e;
  wakeup(&cons.r);
}

/* ^C: kills the foreground group if it has a live process; otherwise a raw reader gets the
 * byte, and a cooked line is discarded. */
static void interrupt(void) {
  if (cons.fgpgid && killpgrp(cons.fgpgid) > 0) {
    cons.e = cons.w = cons.r; /* type-ahead goes with the job, as on Linux */
    if (echo) { consputc('^'); consputc('C'); consputc('\n'); }
    return;
  }
  if (cons.mode == TTY_RAW) {
    cons.buf[cons.e++ % INPUT_BUF] = C('C');
    commit();
    return;
  }
  cons.e = cons.w;
  if (echo) { consputc('^'); consputc('C'); consputc('\n'); }
}

/* A character from the UART interrupt (only when consoleroom()): edit the line, or commit it and
 * wake readers. Returns whether there is room for the next one. */
int consoleintr(int c) {
  acquire(&cons.lock);
  if (c == C('C')) {
    interrupt();
  } else if (cons.mode == TTY_RAW) {
    /* Return becomes newline here too (ICRNL), so a line typed ahead in raw mode reads the same
     * to a cooked reader later. */
    cons.buf[cons.e++ % INPUT_BUF] = (char)(c == '\r' ? '\n' : c);
    commit();
  } else {
    switch (c) {
      case C('P'): procdump(); break;
      case C('U'):
        while (cons.e != cons.w && cons.buf[(cons.e - 1) % INPUT_BUF] != '\n') eraselast();
        break;
      case C('W'):
        while (cons.e != cons.w && cons.buf[(cons.e - 1) % INPUT_BUF] == ' ') eraselast();
        while (cons.e != cons.w && cons.buf[(cons.e - 1) % INPUT_BUF] != ' ') eraselast();
        break;
      case C('H'): case '\x7f':
        if (cons.e != cons.w) eraselast();
        break;
      default:
        c = (c == '\r') ? '\n' : c;
        if (c != C('D')) echochar(c);
        cons.buf[cons.e++ % INPUT_BUF] = (char)c;
        /* A full buffer commits what it holds: a line longer than it is read in pieces. */
        if (c == '\n' || c == C('D') || cons.e - cons.r == INPUT_BUF) commit();
    }
  }
  int room = consoleroom();
  release(&cons.lock);
  return room;
}

/* ttymode(): sets the input mode (TTY_COOKED or TTY_RAW; -1 only asks); returns the old one,
 * or -1 in batch mode (xv32 exec), where the console stands for a pipe, not a terminal. */
int consolemode(int mode) {
  if (!echo) return -1;
  acquire(&cons.lock);
  int old = cons.mode;
  if (mode == TTY_COOKED || mode == TTY_RAW) {
    /* Leaving cooked mode, a half-typed line becomes input as it is. */
    if (mode == TTY_RAW && cons.e != cons.w) commit();
    cons.mode = mode;
  }
  release(&cons.lock);
  return old;
}

/* tcsetpgrp(): the process group ^C kills (0: none). Returns 0, or -1 in batch mode. */
int consolesetfg(int pgid) {
  if (!echo) return -1;
  acquire(&cons.lock);
  cons.fgpgid = pgid;
  release(&cons.lock);
  return 0;
}

void consoleinit(void) {
  initlock(&cons.lock, "cons");
  echo = bootargs[0] == 0;
  cons.mode = TTY_COOKED;
  uartinit();
  devsw[CONSOLE].read = consoleread;
  devsw[CONSOLE].write = consolewrite;
  devsw[STDERR_CONSOLE].read = consoleread;
  devsw[STDERR_CONSOLE].write = stderrwrite;
}
