// The first program: opens the console as fds 0-2, then runs the shell, again if it exits,
// reaping orphans meanwhile.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/file.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/xv32.h"

static char *argv[] = { "sh", 0 };
static char cmdline[BOOTARGS_MAX];

int main(void) {
  if (open("console", O_RDWR) < 0) {
    mknod("console", CONSOLE, 0);
    open("console", O_RDWR);
  }
  dup(0);
  /* fd 2 is the console too, through its own device: a host that keeps stderr apart (xv32
   * exec) gives that device a line of its own. */
  if (open("stderr", O_RDWR) < 0) {
    mknod("stderr", STDERR_CONSOLE, 0);
    if (open("stderr", O_RDWR) < 0) dup(0);
  }
  /* A command on the kernel command line (xv32 exec): run it with sh -c, then power off with
   * its exit status once every process it started has ended (orphans come to init), so a
   * parent that does not wait cannot cut its children's output short. */
  if (bootargs(cmdline, sizeof cmdline) > 0) {
    int pid = fork();
    if (pid == 0) {
      char *cargv[] = { "sh", "-c", cmdline, 0 };
      exec("sh", cargv);
      fprintf(2, "init: cannot run sh (missing or damaged)\n");
      exit(127);
    }
    int status = 0, st, wpid;
    while ((wpid = wait(&st)) >= 0) if (wpid == pid) status = st;
    shutdown(status & 0xff);
  }
  for (;;) {
    int pid = fork();
    if (pid < 0) { printf("init: fork failed\n"); exit(1); }
    if (pid == 0) {
      exec("sh", argv);
      printf("init: exec sh failed\n");
      exit(1);
    }
    for (;;) {
      int wpid = wait((int *)0);
      if (wpid == pid) {
        /* The shell exited, perhaps killed while its line editor had the console raw: give the
         * next one the console as it was at boot. */
        ttymode(0, TTY_COOKED);
        tcsetpgrp(0, 0);
        break;
      }
      if (wpid < 0) { printf("init: wait returned an error\n"); exit(1); }
    }
  }
}
