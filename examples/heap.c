// malloc growing the heap: the process's own memory map (pmap -x) before and after 64 KiB of
// malloc, written to; the heap line grows by 16 pages.
//   npx xv32 cc examples/heap.c && npx xv32 exec --add heap -- heap
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xv32.h>

int main(void) {
  printf("before malloc:\n");
  pmap_self();
  char *p = malloc(64 * 1024);
  if (!p) { perror("malloc"); return 1; }
  memset(p, 1, 64 * 1024);
  printf("after malloc(65536) and writing it, at %p:\n", (void *)p);
  pmap_self();
  free(p);
  return 0;
}
