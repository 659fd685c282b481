#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// forkmode [copy|cow|odf]: shows or sets how fork gives a child its memory (for every later
// fork): writable pages copied (read-only ones shared), pages shared copy-on-write, or page
// tables shared on demand.
static const char *names[] = { "copy", "cow", "odf" };

int main(int argc, char **argv) {
  int mode = -1;
  for (int m = FORK_COPY; argc == 2 && m <= FORK_ODF; m++) if (strcmp(argv[1], names[m]) == 0) mode = m;
  if (argc > 2 || (argc == 2 && mode < 0)) {
    fprintf(2, "usage: forkmode [copy|cow|odf]\n");
    exit(1);
  }
  if (mode >= 0) forkmode(mode);
  struct memstat ms;
  memstat(&ms);
  printf("fork mode: %s\n", ms.fork_mode >= 0 && ms.fork_mode <= FORK_ODF ? names[ms.fork_mode] : "?");
  exit(0);
}
