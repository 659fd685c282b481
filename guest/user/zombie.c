#include "kernel/types.h"
#include "user/user.h"
// zombie [SECONDS]: a child that exits at once while its parent sleeps SECONDS (default 5)
// before it waits: run `zombie &` and then `ps`, and the child is listed as a zombie (state Z)
// until the parent reaps it.
int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 5;
  int pid = fork();
  if (pid < 0) { fprintf(2, "zombie: fork failed\n"); exit(1); }
  if (pid == 0) exit(0);
  printf("zombie: child %d has exited; it stays a zombie for %d s, until this parent waits\n", pid, seconds);
  sleep(seconds * 100);
  wait(0);
  exit(0);
}
