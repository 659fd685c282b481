#include "kernel/types.h"
#include "user/user.h"
// kill PID...: kills processes.
int main(int argc, char **argv) {
  if (argc < 2) { fprintf(2, "usage: kill pid ...\n"); exit(1); }
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    while (*s >= '0' && *s <= '9') s++;
    if (s == argv[i] || *s) { fprintf(2, "kill: %s is not a process id\n", argv[i]); exit(1); }
    if (kill(atoi(argv[i])) < 0) { fprintf(2, "kill: cannot kill %s (no such process, or init)\n", argv[i]); exit(1); }
  }
  exit(0);
}
