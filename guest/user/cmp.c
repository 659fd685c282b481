#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
// cmp A B: prints nothing and exits 0 when the files are equal; otherwise names the first byte
// and line that differ (or the file that ended first) and exits 1, as POSIX cmp does.
static char ba[1024], bb[1024];

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(2, "usage: cmp A B\n"); exit(2); }
  int fa = open(argv[1], O_RDONLY), fb = open(argv[2], O_RDONLY);
  if (fa < 0 || fb < 0) { fprintf(2, "cmp: cannot open %s\n", fa < 0 ? argv[1] : argv[2]); exit(2); }
  uint byte = 1, line = 1;
  for (;;) {
    int na = read(fa, ba, sizeof ba), nb = read(fb, bb, sizeof bb);
    if (na < 0 || nb < 0) { fprintf(2, "cmp: read error\n"); exit(2); }
    int n = na < nb ? na : nb;
    for (int i = 0; i < n; i++, byte++) {
      if (ba[i] != bb[i]) { printf("%s %s differ: byte %d, line %d\n", argv[1], argv[2], byte, line); exit(1); }
      if (ba[i] == '\n') line++;
    }
    if (na != nb) { printf("cmp: EOF on %s after byte %d\n", na < nb ? argv[1] : argv[2], byte - 1); exit(1); }
    if (na == 0) exit(0);
  }
}
