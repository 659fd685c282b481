// Reading the instruction counter (the instret CSR, which user mode may read) around fork:
// how many instructions the parent retires across one fork, in copy and in cow mode.
//   npx xv32 cc examples/instret.c && npx xv32 exec --add instret -- instret
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
#include <xv32.h>

static unsigned long long rdinstret(void) {
  unsigned int hi, lo, hi2;
  do {
    __asm__ volatile("rdinstreth %0" : "=r"(hi));
    __asm__ volatile("rdinstret %0" : "=r"(lo));
    __asm__ volatile("rdinstreth %0" : "=r"(hi2));
  } while (hi != hi2);
  return ((unsigned long long)hi << 32) | lo;
}

int main(void) {
  char *heap = malloc(1024 * 1024);
  for (int i = 0; i < 1024 * 1024; i += 4096) heap[i] = 1;
  for (int mode = FORK_COPY; mode <= FORK_COW; mode++) {
    forkmode(mode);
    unsigned long long t0 = rdinstret();
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    unsigned long long t1 = rdinstret();
    waitpid(pid, NULL, 0);
    printf("%s fork of a 1 MiB heap: %llu instructions in the parent's fork()\n",
           mode == FORK_COPY ? "copy" : "cow ", t1 - t0);
  }
  return 0;
}
