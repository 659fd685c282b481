#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// forkmode [copy|cow]: shows or sets how fork gives a child its memory (for every later fork).
int main(int argc, char **argv) {
  if (argc > 2 || (argc == 2 && strcmp(argv[1], "copy") != 0 && strcmp(argv[1], "cow") != 0)) {
    fprintf(2, "usage: forkmode [copy|cow]\n");
    exit(1);
  }
  if (argc == 2) forkmode(strcmp(argv[1], "copy") == 0 ? FORK_COPY : FORK_COW);
  struct memstat ms;
  memstat(&ms);
  printf("fork mode: %s\n", ms.fork_mode == FORK_COPY ? "copy" : "cow");
  exit(0);
}
