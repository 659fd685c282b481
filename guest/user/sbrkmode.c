#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// sbrkmode [eager|lazy]: shows or sets how sbrk grows the heap for every later sbrk: eager
// allocates the pages at once, lazy on first touch (the page-fault handler).
int main(int argc, char **argv) {
  if (argc > 2 || (argc == 2 && strcmp(argv[1], "eager") != 0 && strcmp(argv[1], "lazy") != 0)) {
    fprintf(2, "usage: sbrkmode [eager|lazy]\n");
    exit(1);
  }
  if (argc == 2) sbrkmode(strcmp(argv[1], "lazy") == 0 ? SBRK_LAZY : SBRK_EAGER);
  struct memstat ms;
  memstat(&ms);
  printf("sbrk mode: %s\n", ms.sbrk_mode == SBRK_LAZY ? "lazy" : "eager");
  exit(0);
}
