// The textbook fork example: after fork, parent and child have the same variable at the same
// address, with different values, because each has its own copy of memory (copied at once in
// copy mode, or page by page when first written in cow mode).
//   npx xv32 cc examples/fork.c && npx xv32 exec --add fork -- fork
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int x = 5;

int main(void) {
  pid_t pid = fork();
  if (pid < 0) { perror("fork"); return 1; }
  if (pid == 0) {
    x += 10;
    printf("child:  x = %d at %p\n", x, (void *)&x);
    return 0;
  }
  waitpid(pid, NULL, 0);
  printf("parent: x = %d at %p\n", x, (void *)&x);
  return 0;
}
