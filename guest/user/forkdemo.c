#include "kernel/types.h"
#include "user/user.h"
// forkdemo [SECONDS]: the textbook example. After fork, parent and child have x at the same
// virtual address, yet each sees only its own write. With SECONDS the child waits that long
// before its write and after it (for the browser page's memory view).
int x = 5;

int main(int argc, char **argv) {
  int pause = argc > 1 ? atoi(argv[1]) * 100 : 0; /* clock ticks of 10 ms */
  int pid = fork();
  if (pid < 0) { fprintf(2, "forkdemo: fork failed\n"); exit(1); }
  if (pid == 0) {
    if (pause) sleep(pause);
    x = 6;
    printf("child:  x = %d at %p\n", x, &x);
    if (pause) sleep(pause);
    exit(0);
  }
  wait(0);
  printf("parent: x = %d at %p\n", x, &x);
  exit(0);
}
