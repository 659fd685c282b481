// xv32's extensions to the xv6 user API.
#ifndef XV32_XV32_H
#define XV32_XV32_H
#include "kernel/procinfo.h"
#include "kernel/memstat.h"
#include "kernel/procmaps.h"
#include "kernel/mman.h"
#include "kernel/tty.h"
#include "kernel/wait.h"
int procinfo(struct procinfo *, int max);  /* up to max processes; returns how many */
int shutdown(int code) __attribute__((noreturn)); /* powers off; the host sees code */
int bootargs(char *buf, int n); /* the kernel command line; returns its length, or -1 */
int forkmode(int mode);          /* FORK_COPY or FORK_COW for later forks; returns the old mode */
int memstat(struct memstat *);   /* memory statistics; 0, or -1 */
int sbrkmode(int mode);          /* SBRK_EAGER or SBRK_LAZY for later sbrk; returns the old mode */
int vfork(void);                 /* a child in the caller's memory; the caller waits for exec/exit */
int procmaps(int pid, struct procmap *, int max); /* pid's segments; returns how many, or -1 */
int spawn(const char *path, char **argv); /* a new process running path; returns its pid, or -1 */
int setpgid(int pid, int pgid);  /* pid (0: self) into group pgid (0: its own); 0, or -1 */
int tcsetpgrp(int fd, int pgid); /* the group ^C on the console fd kills (0: none); 0, or -1 */
int waitpid(int pid, int *status, int options); /* one child (-1: any); WNOHANG: 0 if none has exited */
int lseek(int fd, int offset, int whence); /* SEEK_SET, SEEK_CUR, SEEK_END; the new offset, or -1 */
int dup2(int oldfd, int newfd);  /* newfd becomes oldfd's file; newfd, or -1 */
int pmap_self(void);             /* prints this process's map as pmap -x does; pmap's status */
/* Mappings, pages on first touch: anonymous (MAP_ANONYMOUS, fd -1) or of a file at a page-aligned
 * offset; MAP_PRIVATE (stores copy the page) or MAP_SHARED (stores reach the file, and the other
 * processes mapping it). The address, or MAP_FAILED. A touch past the file's end kills. */
void *mmap(void *addr, uint len, int prot, int flags, int fd, uint offset);
int munmap(void *addr, uint len);            /* 0, or -1; unmapping what is not mapped is harmless */
int mprotect(void *addr, uint len, int prot); /* 0, or -1 unless all of it is mapped */
int msync(void *addr, uint len, int flags);  /* writes dirty shared file pages back; 0, or -1 */
int ftruncate(int fd, uint length);          /* cuts or extends a file opened for writing; 0, or -1 */
int sync(void);                              /* dirty shared file pages back, all committed and flushed; 0, or -1 */
int fsync(int fd);                           /* the same, for a program about to rely on fd's data; 0, or -1 */
int ttymode(int fd, int mode);   /* TTY_COOKED or TTY_RAW (-1 asks); the old mode, or -1 if fd is no terminal */
#endif
