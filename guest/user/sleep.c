#include "kernel/types.h"
#include "user/user.h"
// sleep SECONDS: waits that long (a decimal like 0.5 works; the clock ticks every 10 ms).
int main(int argc, char **argv) {
  if (argc != 2) { fprintf(2, "usage: sleep seconds\n"); exit(1); }
  int ticks = 0, scale = 100;
  const char *s = argv[1];
  for (; *s >= '0' && *s <= '9'; s++) ticks = ticks * 10 + (*s - '0') * 100;
  if (*s == '.') for (s++; *s >= '0' && *s <= '9'; s++) { scale /= 10; ticks += (*s - '0') * scale; }
  if (*s || s == argv[1]) { fprintf(2, "sleep: %s is not a number of seconds\n", argv[1]); exit(1); }
  exit(sleep(ticks) < 0);
}
