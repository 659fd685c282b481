// System call dispatch: the number in a7, arguments in a0-a5, the result back in a0.
// Argument fetchers check user pointers; a bad one makes the call return -1.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "syscall.h"
#include "defs.h"

/* Fetches the uint at user address addr. Returns 0, or -1 if addr is not readable. */
int fetchaddr(uint addr, uint *ip) {
  return copyin(myproc()->pagetable, (char *)ip, addr, sizeof *ip);
}

/* Fetches the string at user address addr into buf. Returns its length, or -1. */
int fetchstr(uint addr, char *buf, int max) {
  if (copyinstr(myproc()->pagetable, buf, addr, max) < 0) return -1;
  return strlen(buf);
}

static uint argraw(int n) {
  struct trapframe *tf = myproc()->trapframe;
  switch (n) {
    case 0: return tf->a0;
    case 1: return tf->a1;
    case 2: return tf->a2;
    case 3: return tf->a3;
    case 4: return tf->a4;
    case 5: return tf->a5;
  }
  panic("argraw");
  return 0;
}

void argint(int n, int *ip) { *ip = (int)argraw(n); }
void argaddr(int n, uint *ip) { *ip = argraw(n); }

/* Fetches argument n as a string into buf. Returns its length, or -1. */
int argstr(int n, char *buf, int max) {
  uint addr;
  argaddr(n, &addr);
  return fetchstr(addr, buf, max);
}

extern int sys_fork(void), sys_exit(void), sys_wait(void), sys_pipe(void), sys_read(void),
  sys_kill(void), sys_exec(void), sys_fstat(void), sys_chdir(void), sys_dup(void),
  sys_getpid(void), sys_sbrk(void), sys_sleep(void), sys_uptime(void), sys_open(void),
  sys_write(void), sys_mknod(void), sys_unlink(void), sys_link(void), sys_mkdir(void),
  sys_close(void), sys_procinfo(void), sys_shutdown(void), sys_bootargs(void),
  sys_forkmode(void), sys_memstat(void), sys_sbrkmode(void), sys_vfork(void), sys_procmaps(void), sys_spawn(void),
  sys_setpgid(void), sys_tcsetpgrp(void), sys_ttymode(void), sys_waitpid(void), sys_lseek(void), sys_dup2(void),
  sys_mmap(void), sys_munmap(void), sys_mprotect(void), sys_msync(void), sys_ftruncate(void), sys_sync(void), sys_fsync(void);

static int (*syscalls[])(void) = {
  [SYS_fork] sys_fork, [SYS_exit] sys_exit, [SYS_wait] sys_wait, [SYS_pipe] sys_pipe,
  [SYS_read] sys_read, [SYS_kill] sys_kill, [SYS_exec] sys_exec, [SYS_fstat] sys_fstat,
  [SYS_chdir] sys_chdir, [SYS_dup] sys_dup, [SYS_getpid] sys_getpid, [SYS_sbrk] sys_sbrk,
  [SYS_sleep] sys_sleep, [SYS_uptime] sys_uptime, [SYS_open] sys_open, [SYS_write] sys_write,
  [SYS_mknod] sys_mknod, [SYS_unlink] sys_unlink, [SYS_link] sys_link, [SYS_mkdir] sys_mkdir,
  [SYS_close] sys_close, [SYS_procinfo] sys_procinfo, [SYS_shutdown] sys_shutdown,
  [SYS_bootargs] sys_bootargs, [SYS_forkmode] sys_forkmode, [SYS_memstat] sys_memstat,
  [SYS_sbrkmode] sys_sbrkmode, [SYS_vfork] sys_vfork, [SYS_procmaps] sys_procmaps, [SYS_spawn] sys_spawn,
  [SYS_setpgid] sys_setpgid, [SYS_tcsetpgrp] sys_tcsetpgrp, [SYS_ttymode] sys_ttymode,
  [SYS_waitpid] sys_waitpid, [SYS_lseek] sys_lseek, [SYS_dup2] sys_dup2,
  [SYS_mmap] sys_mmap, [SYS_munmap] sys_munmap, [SYS_mprotect] sys_mprotect, [SYS_msync] sys_msync, [SYS_ftruncate] sys_ftruncate,
  [SYS_sync] sys_sync, [SYS_fsync] sys_fsync,
};

void syscall(void) {
  struct proc *p = myproc();
  uint num = p->trapframe->a7;
  if (num > 0 && num < sizeof syscalls / sizeof syscalls[0] && syscalls[num]) {
    p->trapframe->a0 = (uint)syscalls[num]();
  } else {
    printf("pid %d (%s): unknown system call %d\n", p->pid, p->name, num);
    p->trapframe->a0 = (uint)-1;
  }
}
