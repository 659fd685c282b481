// xv32's extensions for standard C programs (libc/include/xv32.h), over the system calls.
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
#include "xv32.h"

int __xv32_forkmode(int), __xv32_sbrkmode(int), __xv32_memstat(struct memstat *);
int __xv32_spawn(const char *, char *const *), __xv32_procmaps(int, struct procmap *, int);

int forkmode(int mode) { return __xv32_forkmode(mode); }
int sbrkmode(int mode) { return __xv32_sbrkmode(mode); }
int memstat(struct memstat *m) { return __xv32_memstat(m); }
int spawn(const char *path, char *const argv[]) { return __xv32_spawn(path, argv); }
int procmaps(int pid, struct procmap *m, int max) { return __xv32_procmaps(pid, m, max); }

int pmap_self(void) {
  char pid[12];
  snprintf(pid, sizeof pid, "%d", getpid());
  fflush(stdout); /* pmap writes to the same fd: what is buffered must come first */
  pid_t child = fork();
  if (child < 0) return -1;
  if (child == 0) {
    char *argv[] = { "pmap", "-x", pid, NULL };
    execv("/pmap", argv);
    _exit(127);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WEXITSTATUS(status);
}
