// stdin, stdout and stderr for picolibc's stdio, on fds 0-2 through read/write/lseek/close.
// As POSIX has it: stdout is line-buffered on a terminal and fully buffered otherwise, stderr is
// unbuffered; what is buffered is written at exit.
#include <stdio.h>
#include <stdio-bufio.h>
#include <stdlib.h>
#include <unistd.h>

static char inbuf[512], outbuf[1024];
static struct __file_bufio in = FDEV_SETUP_BUFIO(0, inbuf, sizeof inbuf, read, write, lseek, close, __SRD, 0);
static struct __file_bufio out = FDEV_SETUP_BUFIO(1, outbuf, sizeof outbuf, read, write, lseek, close, __SWR, 0);
static struct __file_bufio err = FDEV_SETUP_BUFIO(2, 0, 0, read, write, lseek, close, __SWR, 0);

FILE *const stdin = &in.xfile.cfile.file;
FILE *const stdout = &out.xfile.cfile.file;
FILE *const stderr = &err.xfile.cfile.file;

static void flush_at_exit(void) {
  fflush(stdout);
}

/* Called by crt0 before main. */
void __xv32_libc_init(void) {
  if (isatty(1)) out.bflags |= __BLBF;
  setvbuf(stderr, 0, _IONBF, 0);
  atexit(flush_at_exit);
}
