// In the style of xv6's forktest: fork until the process table is full, then wait for every
// child; a wait too many must fail. Uses only xv6's user.h.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"

#define N 1000

int main(void) {
  int n;
  for (n = 0; n < N; n++) {
    int pid = fork();
    if (pid < 0) break;
    if (pid == 0) exit(0);
  }
  if (n == N) { printf("fork claimed to work %d times!\n", N); exit(1); }
  for (; n > 0; n--) {
    if (wait(0) < 0) { printf("wait stopped early\n"); exit(1); }
  }
  if (wait(0) != -1) { printf("wait got too many\n"); exit(1); }
  printf("fork test OK\n");
  exit(0);
}
