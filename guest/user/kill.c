#include "kernel/types.h"
#include "user/user.h"
// kill PID...: kills processes.
int main(int argc, char **argv) {
  if (argc < 2) { fprintf(2, "usage: kill pid ...\n"); exit(1); }
  for (int i = 1; i < argc; i++) {
    if (kill(atoi(argv[i])) < 0) { fprintf(2, "kill: cannot kill %s (no such process, or init)\n", argv[i]); exit(1); }
  }
  exit(0);
}
