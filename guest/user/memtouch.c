#include "kernel/types.h"
#include "user/user.h"
// memtouch MIB [STRIDE]: allocates MIB MiB, writes a pattern into every page (one word each
// STRIDE bytes, default 4096: a word a page), reads it all back, and prints `memtouch: ok N
// pages`; a wrong word is reported with its address and the status is 1. Out of memory is
// status 1 with a message.
int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) { fprintf(2, "usage: memtouch MIB [STRIDE]\n"); exit(2); }
  int mib = atoi(argv[1]), stride = argc > 2 ? atoi(argv[2]) : 4096;
  if (mib <= 0 || stride < 4 || stride % 4) { fprintf(2, "memtouch: MIB must be positive and STRIDE a multiple of 4\n"); exit(2); }
  uint bytes = (uint)mib << 20;
  uint *mem = (uint *)sbrk(bytes);
  if (mem == (uint *)-1) { fprintf(2, "memtouch: cannot allocate %d MiB\n", mib); exit(1); }
  uint words = bytes / 4, step = stride / 4;
  for (uint i = 0; i < words; i += step) mem[i] = i * 2654435761u;
  for (uint i = 0; i < words; i += step) {
    if (mem[i] != i * 2654435761u) {
      fprintf(2, "memtouch: wrong word at %p: %x, not %x\n", &mem[i], mem[i], i * 2654435761u);
      exit(1);
    }
  }
  printf("memtouch: ok %d pages\n", bytes / 4096);
  exit(0);
}
