#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// stackdemo [overflow]: the user stack grows down on demand, as Linux's does. Without an argument:
// a function with a 1 MiB local array, then a recursion 10,000 calls deep, each checked, and how
// many pages the stack grew by. With `overflow`: a recursion without end, which the kernel stops
// at the stack's limit (8 MiB, or --stack-max) with a message.

static int sumbig(void) {
  char big[1024 * 1024];
  for (int i = 0; i < (int)sizeof big; i++) big[i] = (char)(i * 7);
  int sum = 0;
  for (int i = 0; i < (int)sizeof big; i += 4096) sum += big[i] == (char)(i * 7);
  return sum; /* one per page that held what was written */
}

static int deep(int n) {
  volatile int frame[8];
  frame[0] = n;
  if (n == 0) return 0;
  return deep(n - 1) + (frame[0] == n);
}

static int bottomless(int n) {
  volatile char frame[256];
  frame[0] = (char)n;
  if (n == 0x7fffffff) return 0; /* never: keeps gcc from calling it infinite */
  return bottomless(n + 1) + frame[0];
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "overflow") == 0) exit(bottomless(1));
  if (argc > 1) { fprintf(2, "usage: stackdemo [overflow]\n"); exit(2); }
  struct memstat before, after;
  memstat(&before);
  int pages = sumbig(), calls = deep(10000);
  memstat(&after);
  if (pages != 256 || calls != 10000) { fprintf(2, "stackdemo: wrong: %d pages, %d calls\n", pages, calls); exit(1); }
  printf("stackdemo: a 1 MiB local array and a recursion 10000 deep ran; the stack grew by %d pages\n",
         after.stack_grown - before.stack_grown);
  exit(0);
}
