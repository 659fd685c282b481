#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// swapfork MIB: a fork of a process whose memory does not fit in RAM (run it with --swap): the
// parent fills MIB MiB, a word a page, forks, and then the child writes every third page (0, 3,
// ...), the parent the next ones (1, 4, ...), and neither the rest, and both check every page.
// Each side must see its own stores and the other pages as they were at the fork, however often
// they went to swap and back; a page neither writes, brought back by one side, can be shared
// again by the other.
static uint word(uint page, uint who) { return page * 2654435761u + who; }

static int check(uint *mem, uint pages, uint mine, uint first) {
  for (uint p = 0; p < pages; p++) {
    uint want = word(p, p % 3 == first ? mine : 0);
    if (mem[p * 1024] != want) {
      fprintf(2, "swapfork: page %d holds %x, not %x\n", p, mem[p * 1024], want);
      return 1;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2 || atoi(argv[1]) <= 0) { fprintf(2, "usage: swapfork MIB\n"); exit(2); }
  uint pages = (uint)atoi(argv[1]) * 256;
  uint *mem = (uint *)sbrk(pages * 4096);
  if (mem == (uint *)-1) { fprintf(2, "swapfork: cannot allocate %s MiB\n", argv[1]); exit(1); }
  for (uint p = 0; p < pages; p++) mem[p * 1024] = word(p, 0);
  int pid = fork();
  if (pid < 0) { fprintf(2, "swapfork: fork failed\n"); exit(1); }
  uint first = pid == 0 ? 0 : 1, mine = pid == 0 ? 1 : 2;
  for (uint p = first; p < pages; p += 3) mem[p * 1024] = word(p, mine);
  int bad = check(mem, pages, mine, first);
  if (pid == 0) exit(bad);
  int status;
  wait(&status);
  if (bad || status != 0) { printf("swapfork: FAILED (parent %d, child status %d)\n", bad, status); exit(1); }
  struct memstat ms;
  memstat(&ms);
  printf("swapfork: ok %d pages on each side; swap written out %d, read back %d, shared again %d\n", pages, ms.swap_outs, ms.swap_ins, ms.swap_reshared);
  exit(0);
}
