#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
// wc [-l] [-w] [-c] [FILE...]: counts lines, words and bytes. Without options it prints all
// three as xv6's does; with them, only those asked for, in that order, as POSIX's wc.
static char buf[4096];
static int lines, words, bytes; /* which counts to print, with options */

static void wc(int fd, const char *name) {
  int n, l = 0, w = 0, c = 0, inword = 0;
  while ((n = read(fd, buf, sizeof buf)) > 0) {
    for (int i = 0; i < n; i++) {
      c++;
      if (buf[i] == '\n') l++;
      if (strchr(" \r\t\n\v", buf[i])) inword = 0;
      else if (!inword) { w++; inword = 1; }
    }
  }
  if (n < 0) { fprintf(2, "wc: read error\n"); exit(1); }
  if (!lines && !words && !bytes) { printf("%d %d %d %s\n", l, w, c, name); return; }
  int counts[3] = { l, w, c }, want[3] = { lines, words, bytes }, first = 1;
  for (int i = 0; i < 3; i++) {
    if (!want[i]) continue;
    printf(first ? "%d" : " %d", counts[i]);
    first = 0;
  }
  printf(*name ? " %s\n" : "\n", name);
}

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    for (char *o = argv[i] + 1; *o; o++) {
      if (*o == 'l') lines = 1;
      else if (*o == 'w') words = 1;
      else if (*o == 'c') bytes = 1;
      else { fprintf(2, "wc: unknown option -%c\nusage: wc [-l] [-w] [-c] [file ...]\n", *o); exit(1); }
    }
  }
  if (i == argc) { wc(0, ""); exit(0); }
  for (; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) { fprintf(2, "wc: cannot open %s\n", argv[i]); exit(1); }
    wc(fd, argv[i]);
    close(fd);
  }
  exit(0);
}
