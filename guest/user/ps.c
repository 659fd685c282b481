#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// ps: lists processes in aligned columns: pid, parent, state, memory size in bytes, name.
static const char *states[] = { "unused", "used", "sleeping", "runnable", "running", "zombie" };

int main(void) {
  static struct procinfo info[64];
  int n = procinfo(info, 64);
  if (n < 0) { fprintf(2, "ps: procinfo failed\n"); exit(1); }
  printf("  PID  PPID STATE        SIZE NAME\n");
  for (int i = 0; i < n; i++) {
    const char *st = info[i].state >= 0 && info[i].state < 6 ? states[info[i].state] : "?";
    printf("%5d %5d %-8s %8u %s\n", info[i].pid, info[i].ppid, st, info[i].sz, info[i].name);
  }
  exit(0);
}
