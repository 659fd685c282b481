// The first program: opens the console as fds 0-2, then runs the shell, again if it exits,
// reaping orphans meanwhile.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/file.h"
#include "kernel/fcntl.h"
#include "user/user.h"

static char *argv[] = { "sh", 0 };

int main(void) {
  if (open("console", O_RDWR) < 0) {
    mknod("console", CONSOLE, 0);
    open("console", O_RDWR);
  }
  dup(0);
  dup(0);
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
      if (wpid == pid) break;      /* the shell exited: start another */
      if (wpid < 0) { printf("init: wait returned an error\n"); exit(1); }
    }
  }
}
