#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/xv32.h"
// durable WRITERS FILES: a write-heavy workload for crash tests. WRITERS processes at once each
// write FILES files, w<k>-<i>, of a size and bytes that follow from k and i (durable_byte), in
// writes of 700 bytes, then fsync the file and print "synced w<k>-<i> <size>". A file is never
// changed after that line, so after any crash a file whose line was printed must be whole; one
// whose line was not may be missing or shorter, but what it holds is still the right bytes.
static char buf[700];

static uint durable_size(int k, int i) { return 300 + 1700 * (uint)i + 500 * (uint)k; }
static char durable_byte(int k, int i, uint at) { return (char)('a' + (k * 7 + i * 3 + at) % 26); }

static void writer(int k, int files) {
  char name[16];
  for (int i = 0; i < files; i++) {
    name[0] = 'w'; name[1] = '0' + k; name[2] = '-'; name[3] = '0' + i / 10; name[4] = '0' + i % 10; name[5] = 0;
    int fd = open(name, O_CREATE | O_WRONLY | O_TRUNC);
    if (fd < 0) { fprintf(2, "durable: cannot create %s\n", name); exit(1); }
    uint size = durable_size(k, i);
    for (uint at = 0; at < size;) {
      uint n = size - at < sizeof buf ? size - at : sizeof buf;
      for (uint j = 0; j < n; j++) buf[j] = durable_byte(k, i, at + j);
      if (write(fd, buf, (int)n) != (int)n) { fprintf(2, "durable: write error on %s\n", name); exit(1); }
      at += n;
    }
    if (fsync(fd) < 0) { fprintf(2, "durable: fsync failed on %s\n", name); exit(1); }
    close(fd);
    printf("synced %s %d\n", name, size);
  }
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(2, "usage: durable WRITERS FILES\n"); exit(2); }
  int writers = atoi(argv[1]), files = atoi(argv[2]);
  if (writers < 1 || writers > 9 || files < 1 || files > 99) { fprintf(2, "durable: 1-9 writers, 1-99 files\n"); exit(2); }
  for (int k = 0; k < writers; k++) {
    int pid = fork();
    if (pid < 0) { fprintf(2, "durable: fork failed\n"); exit(1); }
    if (pid == 0) { writer(k, files); exit(0); }
  }
  int ok = 1, status;
  for (int k = 0; k < writers; k++) { wait(&status); if (status != 0) ok = 0; }
  printf("durable: %s\n", ok ? "done" : "a writer failed");
  exit(ok ? 0 : 1);
}
