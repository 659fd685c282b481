// Three ways to start a program from a process with a 4 MiB heap, and the pages each copies:
// fork + exec, vfork + exec, and spawn (memstat's counters, before and after). In copy mode
// fork copies every page; in cow mode it copies none and exec drops the sharing; vfork and
// spawn never copy. Uses the xv6 API with xv32's extensions.
//   npx xv32 cc examples/spawn-cost.c && npx xv32 exec --add spawn-cost -- spawn-cost
#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"

static char *argv[] = { "echo", "started", 0 };

static uint copied(void) {
  struct memstat m;
  memstat(&m);
  return m.fork_copied + m.cow_copied;
}

static void report(const char *how, uint before) {
  printf("%-14s copied %d pages\n", how, copied() - before);
}

int main(void) {
  char *heap = sbrk(4 * 1024 * 1024);
  for (int i = 0; i < 4 * 1024 * 1024; i += 4096) heap[i] = 1; /* touch every page */
  for (int mode = FORK_COPY; mode <= FORK_COW; mode++) {
    forkmode(mode);
    printf("fork mode %s:\n", mode == FORK_COPY ? "copy" : "cow");
    uint before = copied();
    int pid = fork();
    if (pid == 0) { exec("/echo", argv); exit(1); }
    waitpid(pid, 0, 0);
    report("fork + exec", before);
    before = copied();
    pid = vfork();
    if (pid == 0) { exec("/echo", argv); exit(1); }
    waitpid(pid, 0, 0);
    report("vfork + exec", before);
    before = copied();
    pid = spawn("/echo", argv);
    waitpid(pid, 0, 0);
    report("spawn", before);
  }
  exit(0);
}
