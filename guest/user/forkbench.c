#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// forkbench MODES KIBS PATTERNS: what starting a child costs. For each mode (copy, cow, odf: fork in
// that fork mode; vfork; spawn), each heap size in KiB (touched page by page first) and each
// pattern of what happens after (exit: the child exits at once; read: it reads every page;
// write1, write10, writeall: it writes one page, every tenth, every page; exec: it execs a small
// program; parentwrite: the parent writes every page while the child lives), one line: guest
// instructions the kernel retired making the child (kernel=, memstat's start_instret), and
// retired in all (rdinstret) from just before the call until it returns in the parent (call=),
// until the child first runs (first=) and until the child is reaped (reap=); and the kernel's
// counters over the same time. vfork and spawn take only exit and exec (spawn always execs). Lists are comma
// separated: forkbench copy,cow 64,1024 exit,writeall
//   mode=cow kib=64 pattern=exit kernel=N call=N first=N reap=N copied=N ptes=N ptpages=N cowfaults=N lazyfaults=N flushes=N

static uint64 rdinstret(void) {
  uint hi, lo, hi2;
  do {
    __asm__ volatile("rdinstreth %0" : "=r"(hi));
    __asm__ volatile("rdinstret %0" : "=r"(lo));
    __asm__ volatile("rdinstreth %0" : "=r"(hi2));
  } while (hi != hi2);
  return ((uint64)hi << 32) | lo;
}

static char *execargv[] = { "sleep", "0", 0 };

/* The next comma-separated item of *list into item (at most n-1 chars); 0 at the end. */
static int nextitem(char **list, char *item, int n) {
  if (!**list) return 0;
  int i = 0;
  while (**list && **list != ',') { if (i + 1 < n) item[i++] = **list; (*list)++; }
  if (**list == ',') (*list)++;
  item[i] = 0;
  return 1;
}

static void child(const char *pattern, char *heap, int pages, int p, int q) {
  uint64 t = rdinstret();
  write(p, &t, sizeof t);
  volatile char *h = heap;
  int sum = 0;
  if (strcmp(pattern, "read") == 0) for (int i = 0; i < pages; i++) sum += h[i * 4096];
  else if (strcmp(pattern, "write1") == 0) h[0] = 2;
  else if (strcmp(pattern, "write10") == 0) for (int i = 0; i < pages; i += 10) h[i * 4096] = 2;
  else if (strcmp(pattern, "writeall") == 0) for (int i = 0; i < pages; i++) h[i * 4096] = 2;
  else if (strcmp(pattern, "exec") == 0) { exec("/sleep", execargv); exit(1); }
  else if (strcmp(pattern, "parentwrite") == 0) { char c; read(q, &c, 1); }
  exit(sum & 0);
}

/* One measurement, in a process of its own (so that every run starts from the same state). */
static void run(const char *mode, int kib, const char *pattern) {
  int isfork = strcmp(mode, "copy") == 0 || strcmp(mode, "cow") == 0 || strcmp(mode, "odf") == 0;
  if (isfork) forkmode(strcmp(mode, "copy") == 0 ? FORK_COPY : strcmp(mode, "odf") == 0 ? FORK_ODF : FORK_COW);
  int pages = kib / 4;
  char *heap = sbrk(pages * 4096);
  if (heap == (char *)-1) { fprintf(2, "forkbench: no memory for %d KiB\n", kib); exit(1); }
  for (int i = 0; i < pages; i++) heap[i * 4096] = 1;
  int p[2], q[2];
  if (pipe(p) < 0 || pipe(q) < 0) { fprintf(2, "forkbench: pipe failed\n"); exit(1); }
  struct memstat m0, m1;
  memstat(&m0);
  uint64 t0 = rdinstret(), first = 0;
  int pid;
  if (strcmp(mode, "spawn") == 0) {
    pid = spawn("/sleep", execargv);
  } else {
    pid = isfork ? fork() : vfork();
    if (pid == 0) child(pattern, heap, pages, p[1], q[0]);
  }
  uint64 t1 = rdinstret();
  if (pid < 0) { fprintf(2, "forkbench: %s failed\n", mode); exit(1); }
  if (strcmp(pattern, "parentwrite") == 0) {
    for (int i = 0; i < pages; i++) heap[i * 4096] = 3;
    write(q[1], "", 1);
  }
  if (strcmp(mode, "spawn") != 0 && read(p[0], &first, sizeof first) != sizeof first) first = t0;
  waitpid(pid, 0, 0);
  uint64 t2 = rdinstret();
  memstat(&m1);
  printf("mode=%s kib=%d pattern=%s kernel=%ld call=%ld first=%ld reap=%ld copied=%d ptes=%d ptpages=%d cowfaults=%d lazyfaults=%d flushes=%d\n",
    mode, kib, pattern, m1.start_instret, t1 - t0, first ? first - t0 : 0, t2 - t0,
    (m1.fork_copied - m0.fork_copied) + (m1.cow_copied - m0.cow_copied), m1.ptes_written - m0.ptes_written,
    m1.pt_allocated - m0.pt_allocated, m1.cow_faults - m0.cow_faults, m1.lazy_faults - m0.lazy_faults,
    m1.tlb_flushes - m0.tlb_flushes);
  exit(0);
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(2, "usage: forkbench copy,cow,odf,vfork,spawn KIB,... exit,read,write1,write10,writeall,exec,parentwrite\n"); exit(2); }
  char mode[16], size[16], pattern[16];
  char *modes = argv[1];
  while (nextitem(&modes, mode, sizeof mode)) {
    char *sizes = argv[2];
    while (nextitem(&sizes, size, sizeof size)) {
      char *patterns = argv[3];
      while (nextitem(&patterns, pattern, sizeof pattern)) {
        int startonly = strcmp(mode, "vfork") == 0 || strcmp(mode, "spawn") == 0;
        if (startonly && strcmp(pattern, "exit") != 0 && strcmp(pattern, "exec") != 0) continue;
        if (strcmp(mode, "spawn") == 0 && strcmp(pattern, "exec") != 0) continue;
        int pid = fork();
        if (pid == 0) run(mode, atoi(size), pattern);
        int status = 0;
        waitpid(pid, &status, 0);
        if (status != 0) exit(1);
      }
    }
  }
  exit(0);
}
