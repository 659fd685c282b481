#include "kernel/types.h"
#include "user/user.h"
// forkdemo: the textbook example. After fork, parent and child have x at the same virtual
// address, yet each sees only its own write.
int x = 5;

int main(void) {
  int pid = fork();
  if (pid < 0) { fprintf(2, "forkdemo: fork failed\n"); exit(1); }
  if (pid == 0) {
    x = 6;
    printf("child:  x = %d at %p\n", x, &x);
    exit(0);
  }
  wait(0);
  printf("parent: x = %d at %p\n", x, &x);
  exit(0);
}
