#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
// cp SRC DST: copies a file with read and write, 4 KiB at a time (DST is created or truncated).
static char buf[4096];

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(2, "usage: cp SRC DST\n"); exit(2); }
  int in = open(argv[1], O_RDONLY);
  if (in < 0) { fprintf(2, "cp: cannot open %s\n", argv[1]); exit(1); }
  int out = open(argv[2], O_CREATE | O_WRONLY | O_TRUNC);
  if (out < 0) { fprintf(2, "cp: cannot create %s\n", argv[2]); exit(1); }
  int n;
  while ((n = read(in, buf, sizeof buf)) > 0) {
    if (write(out, buf, n) != n) { fprintf(2, "cp: write error on %s (disk full?)\n", argv[2]); exit(1); }
  }
  if (n < 0) { fprintf(2, "cp: read error on %s\n", argv[1]); exit(1); }
  close(in);
  close(out);
  exit(0);
}
