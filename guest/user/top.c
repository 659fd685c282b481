#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// top [-n N]: the processes with their memory, as top's columns: PID, state (R S Z), VIRT (the
// size of the segments, KiB), RES (resident), SHR (shared with another process), SWAP, and the
// command; memory totals above. Refreshes every second (N times with -n; for ever without).
static const char states[] = { '?', 'I', 'S', 'R', 'R', 'Z' };

static void show(void) {
  static struct procinfo info[64];
  struct procmap maps[NSEG];
  struct memstat ms;
  int n = procinfo(info, 64);
  memstat(&ms);
  printf("Mem: %d KiB total, %d KiB free, %d KiB shared; Swap: %d KiB total, %d KiB used\n", ms.total_pages * 4,
         ms.free_pages * 4, ms.shared_pages * 4, ms.swap_pages * 4, ms.swap_used * 4);
  printf("  PID S     VIRT      RES      SHR     SWAP COMMAND\n");
  for (int i = 0; i < n; i++) {
    int m = procmaps(info[i].pid, maps, NSEG);
    uint virt = 0, res = 0, shr = 0, swap = 0;
    for (int j = 0; j < m; j++) {
      virt += (maps[j].end - maps[j].start) / 1024; res += maps[j].resident * 4; shr += maps[j].shared * 4; swap += maps[j].swapped * 4;
    }
    char st = info[i].state >= 0 && info[i].state < 6 ? states[info[i].state] : '?';
    printf("%5d %c %8u %8u %8u %8u %s\n", info[i].pid, st, virt, res, shr, swap, info[i].name);
  }
}

int main(int argc, char **argv) {
  int rounds = -1;
  if (argc == 3 && strcmp(argv[1], "-n") == 0 && atoi(argv[2]) > 0) rounds = atoi(argv[2]);
  else if (argc != 1) { fprintf(2, "usage: top [-n N]\n"); exit(2); }
  for (int r = 0; rounds < 0 || r < rounds; r++) {
    if (r > 0) sleep(100);
    if (rounds != 1) printf("\033[H\033[J"); /* the screen afresh, as top redraws */
    show();
  }
  exit(0);
}
