/* Anonymous private memory with mmap, as a textbook program uses it: the same output on Linux
 * and on xv32. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  size_t len = 4 * 4096;
  char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) { perror("mmap"); return 1; }
  printf("fresh mapping reads %d\n", p[0] + p[len - 1]);
  strcpy(p + 4096, "parent's words");
  pid_t pid = fork();
  if (pid == 0) {
    strcpy(p + 4096, "child's words");
    printf("child sees: %s\n", p + 4096);
    _exit(0);
  }
  waitpid(pid, NULL, 0);
  printf("parent sees: %s\n", p + 4096);
  if (mprotect(p, 4096, PROT_READ) != 0) { perror("mprotect"); return 1; }
  printf("read-only page reads %d\n", p[0]);
  if (munmap(p, len) != 0) { perror("munmap"); return 1; }
  errno = 0;
  void *q = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("a mapping of length 0: %s (%s)\n", q == MAP_FAILED ? "MAP_FAILED" : "mapped", strerror(errno));
  return 0;
}
