// A small /proc: /proc/meminfo, /proc/PID/maps and /proc/PID/status (PID or `self`), in Linux's
// line formats, readable with cat. Not on the disk: open() hands these paths to procopen, and
// each read() writes the text afresh into a scratch page and copies the asked-for part (so a
// reader sees the process as it is now, as Linux's seq_file readers do), then frees the page.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "proc.h"
#include "procinfo.h"
#include "procmaps.h"
#include "kmodel.h"
#include "pagecache.h"
#include "swap.h"
#include "defs.h"

extern char end[]; /* the kernel image's end: RAM above it is what the allocator manages */

enum { PROC_MEMINFO = 1, PROC_MAPS, PROC_STATUS };

/* Text being built in a page. */
struct out { char *buf; int n, max; };

static void puts_(struct out *o, const char *s) { while (*s && o->n < o->max) o->buf[o->n++] = *s++; }

static void putu(struct out *o, uint v, int width) {
  char d[12];
  int k = 0;
  do { d[k++] = '0' + v % 10; v /= 10; } while (v);
  for (int pad = width - k; pad > 0; pad--) puts_(o, " ");
  while (k > 0 && o->n < o->max) o->buf[o->n++] = d[--k];
}

static void puthex(struct out *o, uint v) {
  for (int sh = 28; sh >= 0; sh -= 4) { char c[2] = { "0123456789abcdef"[(v >> sh) & 15], 0 }; puts_(o, c); }
}

static void putkb(struct out *o, const char *name, uint kb) { puts_(o, name); putu(o, kb, 8); puts_(o, " kB\n"); }

/* The path's process, by number or `self`; 0 if the name is not a pid. */
static int parsepid(const char *s, const char **rest) {
  if (strncmp(s, "self", 4) == 0 && (s[4] == '/' || s[4] == 0)) { *rest = s + 4; return myproc()->pid; }
  int pid = 0;
  const char *t = s;
  while (*t >= '0' && *t <= '9') pid = pid * 10 + (*t++ - '0');
  if (t == s || pid <= 0) return 0;
  *rest = t;
  return pid;
}

/* Which /proc file a path names (0 if none), and its pid. */
int procpath(const char *path, int *pid) {
  if (strncmp(path, "/proc/", 6) != 0) return 0;
  const char *s = path + 6;
  if (strncmp(s, "meminfo", 8) == 0) { *pid = 0; return PROC_MEMINFO; }
  const char *rest;
  if ((*pid = parsepid(s, &rest)) == 0) return 0;
  if (strncmp(rest, "/maps", 6) == 0) return PROC_MAPS;
  if (strncmp(rest, "/status", 8) == 0) return PROC_STATUS;
  return 0;
}

static const char *KINDNAME[] = { 0, 0, 0, 0, "[stack]", "[heap]" };

static int genmaps(struct out *o, int pid, const char *name) {
  struct procmap m[NSEG];
  int n = procmaps(pid, m, NSEG);
  if (n < 0) return -1;
  for (int i = 0; i < n; i++) {
    puthex(o, m[i].start); puts_(o, "-"); puthex(o, m[i].end); puts_(o, " ");
    puts_(o, m[i].perm & PROT_READ ? "r" : "-"); puts_(o, m[i].perm & PROT_WRITE ? "w" : "-");
    puts_(o, m[i].perm & PROT_EXEC ? "x" : "-"); puts_(o, m[i].mapshared ? "s " : "p ");
    puthex(o, m[i].offset); puts_(o, " 00:00 0");
    /* Text and data come from the program's file, a file mapping from its file; bss, heap, stack
     * and anonymous mappings have no name but [heap] and [stack]. */
    const char *what = m[i].path[0] ? m[i].path : m[i].kind == SEG_TEXT || m[i].kind == SEG_DATA ? name : m[i].kind < 6 ? KINDNAME[m[i].kind] : 0;
    if (what) { puts_(o, "                 "); if (what == name) puts_(o, "/"); puts_(o, what); }
    puts_(o, "\n");
  }
  return 0;
}

static const char *STATENAME[] = { "? (unused)", "I (idle)", "S (sleeping)", "R (runnable)", "R (running)", "Z (zombie)" };

static int genstatus(struct out *o, int pid) {
  static struct procinfo all[NPROC];
  int n = procinfo(all, NPROC);
  struct procinfo *pi = 0;
  for (int i = 0; i < n; i++) if (all[i].pid == pid) pi = &all[i];
  if (!pi) return -1;
  struct procmap m[NSEG];
  int nm = procmaps(pid, m, NSEG); /* -1 for a zombie: its memory is gone */
  uint size = 0, rss = 0, shared = 0, swapped = 0;
  for (int i = 0; i < nm; i++) { size += m[i].end - m[i].start; rss += m[i].resident; shared += m[i].shared; swapped += m[i].swapped; }
  puts_(o, "Name:\t"); puts_(o, pi->name); puts_(o, "\n");
  puts_(o, "State:\t"); puts_(o, pi->state >= 0 && pi->state < 6 ? STATENAME[pi->state] : "?"); puts_(o, "\n");
  puts_(o, "Pid:\t"); putu(o, pi->pid, 0); puts_(o, "\nPPid:\t"); putu(o, pi->ppid, 0); puts_(o, "\n");
  putkb(o, "VmSize:\t", size / 1024);
  putkb(o, "VmRSS:\t", rss * 4);
  putkb(o, "RssShared:\t", shared * 4);
  putkb(o, "VmSwap:\t", swapped * 4);
  return 0;
}

static int genmeminfo(struct out *o) {
  uint total = (PHYSTOP - PGROUNDUP((uint)end)) / PGSIZE, free = kfreecount();
  putkb(o, "MemTotal:\t", total * 4);
  putkb(o, "MemFree:\t", free * 4);
  putkb(o, "PageTables:\t", pagetable_pages * 4);
  putkb(o, "Cached:\t", pcache.npages * 4);
  putkb(o, "SwapTotal:\t", swapstate.nslots * 4);
  putkb(o, "SwapFree:\t", (swapstate.nslots - swapused()) * 4);
  return 0;
}

/* Reads up to n bytes of the file's text at its offset into user address dst. */
int procread(struct file *f, uint dst, int n) {
  memflux_begin(); /* the scratch page is nobody's: the kernel model must not count it */
  char *page = kalloc();
  int r = -1;
  if (page) {
    struct out o = { page, 0, PGSIZE };
    char name[16];
    int ok = 0;
    if (f->proc_kind == PROC_MEMINFO) ok = genmeminfo(&o);
    else if (procname(f->proc_pid, name) < 0) ok = -1;
    else ok = f->proc_kind == PROC_MAPS ? genmaps(&o, f->proc_pid, name) : genstatus(&o, f->proc_pid);
    if (ok == 0) {
      int len = o.n > (int)f->off ? o.n - (int)f->off : 0;
      if (len > n) len = n;
      r = len == 0 || copyout(myproc()->pagetable, dst, page + f->off, len) == 0 ? len : -1;
      if (r > 0) f->off += r;
    }
    kfree(page);
  }
  memflux_end();
  return r;
}
