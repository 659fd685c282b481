#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// pmap [-x|-d] PID: a process's memory map, in the layout of Linux's pmap -x (Address, Kbytes,
// RSS, Dirty, Mode, Mapping) with Shared (pages with more than one holder) and Swap (pages
// swapped out) columns; -d as Linux's pmap -d (Offset, Device) with its total line.
static const char *kinds[] = { "[ text ]", "[ data ]", "[ bss ]", "[ guard ]", "[ stack ]", "[ heap ]", "[ anon ]" };

static void pad(int width, int n) {
  int digits = 1;
  for (int v = n; v >= 10; v /= 10) digits++;
  for (int i = digits; i < width; i++) printf(" ");
  printf("%d", n);
}

static void hex(uint v, int digits) {
  for (int s = 4 * (digits - 1); s >= 0; s -= 4) printf("%c", "0123456789abcdef"[(v >> s) & 15]);
}

int main(int argc, char **argv) {
  int extended = argc > 1 && strcmp(argv[1], "-x") == 0, device = argc > 1 && strcmp(argv[1], "-d") == 0;
  int flag = extended || device;
  if (argc != 2 + flag) { fprintf(2, "usage: pmap [-x|-d] pid\n"); exit(1); }
  const char *arg = argv[1 + flag], *s = arg;
  while (*s >= '0' && *s <= '9') s++;
  if (s == arg || *s) { fprintf(2, "pmap: %s is not a process id\n", arg); exit(1); }
  int pid = atoi(arg);
  struct procmap maps[NSEG];
  int n = procmaps(pid, maps, NSEG);
  if (n < 0) { fprintf(2, "pmap: no process %d\n", pid); exit(1); }
  printf("%d:\n", pid);
  if (extended) printf("Address   Kbytes     RSS   Dirty  Shared    Swap Mode  Mapping\n");
  if (device) printf("Address   Kbytes Mode  Offset           Device    Mapping\n");
  int tk = 0, tr = 0, td = 0, ts = 0, tw = 0, writable = 0, sharedmap = 0;
  for (int i = 0; i < n; i++) {
    struct procmap *m = &maps[i];
    int kb = (m->end - m->start) / 1024;
    char mode[6] = "-----";
    if (m->perm & PROT_READ) mode[0] = 'r';
    if (m->perm & PROT_WRITE) mode[1] = 'w';
    if (m->perm & PROT_EXEC) mode[2] = 'x';
    if (m->mapshared) mode[3] = 's';
    hex(m->start, 8);
    pad(8, kb);
    if (extended) { pad(8, m->resident * 4); pad(8, m->dirty * 4); pad(8, m->shared * 4); pad(8, m->swapped * 4); }
    /* A file mapping by its file's name, as Linux's pmap shows it. */
    const char *name = m->path[0] ? m->path : m->kind >= 0 && m->kind <= SEG_MMAP ? kinds[m->kind] : "?";
    if (device) { printf(" %s ", mode); hex(m->offset, 16); printf(" 000:00000 %s\n", name); }
    else printf(" %s %s\n", mode, name);
    tk += kb; tr += m->resident * 4; td += m->dirty * 4; ts += m->shared * 4; tw += m->swapped * 4;
    if (m->mapshared) sharedmap += kb;
    else if (m->perm & PROT_WRITE) writable += kb;
  }
  if (extended) {
    printf("-------- ------- ------- ------- ------- -------\n");
    printf("total kB");
    pad(8, tk); pad(8, tr); pad(8, td); pad(8, ts); pad(8, tw);
    printf("\n");
  } else if (device) {
    /* Linux's: all of it, the private writable part, and the shared mappings. */
    printf("mapped: %dK    writeable/private: %dK    shared: %dK\n", tk, writable, sharedmap);
  } else {
    printf(" total %dK\n", tk);
  }
  exit(0);
}
