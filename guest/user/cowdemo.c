#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// cowdemo [PAGES [N [SECONDS]]]: touches PAGES pages of heap (default 16), forks, and the child
// writes page N (default 5) once and exits. Under cow fork only that page (and the stacks) gets
// copied; `xv32 exec --check` and the kernel-model tests look at the page tables meanwhile. With
// SECONDS the child waits that long before its write and again after it, so that the browser
// page's memory view shows the pages shared, then split.
int main(int argc, char **argv) {
  int pages = argc > 1 ? atoi(argv[1]) : 16, n = argc > 2 ? atoi(argv[2]) : 5;
  int pause = argc > 3 ? atoi(argv[3]) * 100 : 0; /* clock ticks of 10 ms */
  if (pages < 1 || n < 0 || n >= pages || pause < 0) { fprintf(2, "usage: cowdemo [PAGES [N [SECONDS]]] (0 <= N < PAGES)\n"); exit(1); }
  char *heap = sbrk(pages * 4096);
  if (heap == (char *)-1) { fprintf(2, "cowdemo: out of memory\n"); exit(1); }
  for (int i = 0; i < pages; i++) heap[i * 4096] = 'p';
  int pid = fork();
  if (pid < 0) { fprintf(2, "cowdemo: fork failed\n"); exit(1); }
  if (pid == 0) {
    if (pause) { printf("cowdemo: forked; the child writes page %d in %d s\n", n, pause / 100); sleep(pause); }
    heap[n * 4096] = 'c';
    if (pause) { printf("cowdemo: the child wrote page %d; it exits in %d s\n", n, pause / 100); sleep(pause); }
    exit(0);
  }
  wait(0);
  printf("heap of %d pages at %p; the child wrote page %d at %p; the parent still reads '%c' there\n",
         pages, heap, n, heap + n * 4096, heap[n * 4096]);
  exit(0);
}
