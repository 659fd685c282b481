/* File mappings as the textbooks use them, in standard C: copy a file with mmap, MAP_SHARED,
 * ftruncate and memcpy; a shared mapping seen by read() and by a forked child; a private store
 * that never reaches the file. Prints the same on Linux and on xv32. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what) { perror(what); exit(1); }

static void makefile(const char *name, size_t n) {
  int fd = open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644);
  if (fd < 0) die("open");
  for (size_t i = 0; i < n; i++) { char c = 'a' + (i * 7 + i / 4096) % 26; if (write(fd, &c, 1) != 1) die("write"); }
  close(fd);
}

/* The textbook copy: map the source, size the destination, map it shared, memcpy. */
static void mcp(const char *from, const char *to) {
  int in = open(from, O_RDONLY);
  struct stat st;
  if (in < 0 || fstat(in, &st) < 0) die("source");
  int out = open(to, O_CREAT | O_TRUNC | O_RDWR, 0644);
  if (out < 0 || ftruncate(out, st.st_size) < 0) die("destination");
  char *src = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, in, 0);
  char *dst = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, out, 0);
  if (src == MAP_FAILED || dst == MAP_FAILED) die("mmap");
  memcpy(dst, src, st.st_size);
  munmap(src, st.st_size);
  munmap(dst, st.st_size);
  close(in);
  close(out);
}

static int same(const char *a, const char *b) {
  FILE *fa = fopen(a, "r"), *fb = fopen(b, "r");
  int ca, cb;
  long n = 0;
  do { ca = getc(fa); cb = getc(fb); n++; } while (ca == cb && ca != EOF);
  fclose(fa);
  fclose(fb);
  return ca == cb ? (int)(n - 1) : -1;
}

int main(void) {
  makefile("fm-src", 3 * 4096 + 123);
  mcp("fm-src", "fm-dst");
  printf("copied: %d bytes equal\n", same("fm-src", "fm-dst"));

  int fd = open("fm-dst", O_RDWR);
  char *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 4096);
  if (s == MAP_FAILED || p == MAP_FAILED) die("mmap");
  memcpy(s, "SHARED", 6);
  char buf[8] = {0};
  pread(fd, buf, 6, 0);
  printf("read() sees: %s\n", buf);
  pid_t pid = fork();
  if (pid == 0) { memcpy(s + 6, "+CHILD", 6); _exit(0); }
  waitpid(pid, NULL, 0);
  printf("parent sees: %.12s\n", s);
  sync(); /* the stores reach the disk (xv32 --check compares it with the cache pages) */
  memcpy(p, "PRIVATE", 7);
  pread(fd, buf, 7, 4096);
  printf("file at 4096 after a private store: %.7s (mapping: %.7s)\n", buf, p);
  if (msync(s, 4096, MS_SYNC) < 0) die("msync");
  munmap(s, 4096);
  munmap(p, 4096);
  struct stat st;
  fstat(fd, &st);
  printf("size %ld\n", (long)st.st_size);
  close(fd);
  FILE *f = fopen("fm-dst", "r");
  fgets(buf, 8, f);
  printf("file starts: %s\n", buf);
  fclose(f);
  int ro = open("fm-src", O_RDONLY);
  printf("shared writable map of a read-only fd: %s\n", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED ? "refused" : "allowed");
  printf("unaligned offset: %s\n", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, ro, 100) == MAP_FAILED ? "refused" : "allowed");
  unlink("fm-src");
  unlink("fm-dst");
  return 0;
}
