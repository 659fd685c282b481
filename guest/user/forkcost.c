#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// forkcost MIB [write]: touches MIB MiB of heap, forks a child that exits at once (or first
// writes every page), and prints how many pages fork and copy-on-write copied meanwhile.
int main(int argc, char **argv) {
  if (argc < 2) { fprintf(2, "usage: forkcost MiB [write]\n"); exit(1); }
  int mib = atoi(argv[1]), writes = argc > 2 && strcmp(argv[2], "write") == 0;
  char *heap = sbrk(mib * 1024 * 1024);
  if (heap == (char *)-1) { fprintf(2, "forkcost: out of memory\n"); exit(1); }
  for (int i = 0; i < mib * 1024 * 1024; i += 4096) heap[i] = 1;
  struct memstat before, after;
  memstat(&before);
  int pid = fork();
  if (pid < 0) { fprintf(2, "forkcost: fork failed\n"); exit(1); }
  if (pid == 0) {
    if (writes) for (int i = 0; i < mib * 1024 * 1024; i += 4096) heap[i] = 2;
    exit(0);
  }
  wait(0);
  memstat(&after);
  printf("%s fork of %d MiB: fork copied %d pages, cow faults %d, cow copied %d\n",
         after.fork_mode == FORK_COPY ? "copy" : after.fork_mode == FORK_ODF ? "odf" : "cow", mib, after.fork_copied - before.fork_copied,
         after.cow_faults - before.cow_faults, after.cow_copied - before.cow_copied);
  exit(0);
}
