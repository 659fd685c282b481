#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// ps: lists processes in aligned columns: pid, parent, state as Linux's ps letters it (R running
// or runnable, S sleeping, Z a zombie its parent has not reaped, I being created), memory size in
// bytes (the heap's end; the stack at the top is apart), name.
static const char states[] = { '?', 'I', 'S', 'R', 'R', 'Z' };

int main(void) {
  static struct procinfo info[64];
  int n = procinfo(info, 64);
  if (n < 0) { fprintf(2, "ps: procinfo failed\n"); exit(1); }
  printf("  PID  PPID S     SIZE NAME\n");
  for (int i = 0; i < n; i++) {
    char st = info[i].state >= 0 && info[i].state < 6 ? states[info[i].state] : '?';
    printf("%5d %5d %c %8u %s\n", info[i].pid, info[i].ppid, st, info[i].sz, info[i].name);
  }
  exit(0);
}
