#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// ps: lists processes: pid, parent, state, memory size and name.
static const char *states[] = { "unused", "used", "sleep", "runble", "run", "zombie" };

int main(void) {
  static struct procinfo info[64];
  int n = procinfo(info, 64);
  if (n < 0) { fprintf(2, "ps: procinfo failed\n"); exit(1); }
  printf("PID PPID STATE   SIZE NAME\n");
  for (int i = 0; i < n; i++) {
    const char *st = info[i].state >= 0 && info[i].state < 6 ? states[info[i].state] : "?";
    printf("%d %d %s %d %s\n", info[i].pid, info[i].ppid, st, info[i].sz, info[i].name);
  }
  exit(0);
}
