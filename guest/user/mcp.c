#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/xv32.h"
// mcp SRC DST: copies a file through memory mappings, the textbook way: map the source, make the
// destination its size with ftruncate, map it MAP_SHARED, memcpy, and let munmap write it back.
int main(int argc, char **argv) {
  if (argc != 3) { fprintf(2, "usage: mcp SRC DST\n"); exit(2); }
  int in = open(argv[1], O_RDONLY);
  if (in < 0) { fprintf(2, "mcp: cannot open %s\n", argv[1]); exit(1); }
  struct stat st;
  if (fstat(in, &st) < 0) { fprintf(2, "mcp: cannot stat %s\n", argv[1]); exit(1); }
  int out = open(argv[2], O_CREATE | O_RDWR | O_TRUNC);
  if (out < 0) { fprintf(2, "mcp: cannot create %s\n", argv[2]); exit(1); }
  if (ftruncate(out, st.size) < 0) { fprintf(2, "mcp: cannot size %s to %d bytes\n", argv[2], st.size); exit(1); }
  if (st.size > 0) {
    char *src = mmap(0, st.size, PROT_READ, MAP_PRIVATE, in, 0);
    if (src == MAP_FAILED) { fprintf(2, "mcp: cannot map %s\n", argv[1]); exit(1); }
    char *dst = mmap(0, st.size, PROT_READ | PROT_WRITE, MAP_SHARED, out, 0);
    if (dst == MAP_FAILED) { fprintf(2, "mcp: cannot map %s\n", argv[2]); exit(1); }
    memcpy(dst, src, st.size);
    if (msync(dst, st.size, MS_SYNC) < 0) { fprintf(2, "mcp: write error on %s (disk full?)\n", argv[2]); exit(1); }
    munmap(src, st.size);
    munmap(dst, st.size);
  }
  close(in);
  close(out);
  exit(0);
}
