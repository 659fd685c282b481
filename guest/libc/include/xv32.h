// xv32's extensions for standard C programs (xv32 cc in its libc flavour): memory modes and
// statistics, spawn, and a process's own memory map.
#ifndef XV32_LIBC_XV32_H
#define XV32_LIBC_XV32_H
#include "kernel/memstat.h"
#include "kernel/procmaps.h"
int pmap_self(void);             /* prints this process's map as pmap -x does (stdout flushed first) */
int forkmode(int mode);          /* FORK_COPY or FORK_COW for later forks; returns the old mode */
int sbrkmode(int mode);          /* SBRK_EAGER or SBRK_LAZY for later sbrk; returns the old mode */
int memstat(struct memstat *);   /* memory statistics: pages free, copied by fork and by COW faults */
int spawn(const char *path, char *const argv[]); /* a new process running path; its pid, or -1 */
int procmaps(int pid, struct procmap *, int max); /* pid's segments; how many, or -1 */
#endif
