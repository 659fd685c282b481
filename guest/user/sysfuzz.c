#include "kernel/types.h"
#include "kernel/syscall.h"
#include "user/user.h"
#include "user/xv32.h"
// sysfuzz [ROUNDS [SEED]]: each round forks a child that makes 1000 system calls with random
// arguments (bad pointers, kernel addresses, pointers that run off the end of memory, random
// fds, sizes and paths) and must survive them all: the kernel answers -1, never crashes.
// Calls that would block forever, end the child, or touch other processes are left out.
static const int calls[] = {
  SYS_wait, SYS_read, SYS_fstat, SYS_chdir, SYS_dup, SYS_getpid, SYS_sbrk, SYS_uptime, SYS_open,
  SYS_write, SYS_unlink, SYS_link, SYS_mkdir, SYS_close, SYS_procinfo, SYS_bootargs, SYS_memstat,
  SYS_procmaps, SYS_fsync, SYS_sync,
};
static uint state;
static char junk[3 * 4096]; /* random bytes with NULs: strings, structures, buffers */

static uint rnd(void) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

/* An argument: usually a pointer of some kind, sometimes a small number. */
static uint arg(void) {
  switch (rnd() % 9) {
    case 0: return rnd();                                          /* anything */
    case 1: return rnd() % 32;                                     /* an fd, a small size */
    case 2: return (uint)junk + rnd() % sizeof junk;               /* inside our memory */
    case 3: return (uint)junk + sizeof junk - rnd() % 64;          /* running off its end */
    case 4: return 0x80000000u + (rnd() % 0x8000000u);             /* the kernel's RAM */
    case 5: return 0x7f7ff000u + rnd() % 0x2000u;                  /* around the stack's limit: growth, or its guard gap */
    case 6: return (uint)sbrk(0) - rnd() % 8192;                   /* the end of the heap */
    case 7: return rnd() % 8192;                                   /* page 0 and 1: text */
    default: return -(rnd() % 8);                                  /* -1 and friends */
  }
}

static int call(int n, uint a0, uint a1, uint a2) {
  register uint r0 __asm__("a0") = a0, r1 __asm__("a1") = a1, r2 __asm__("a2") = a2;
  register uint r7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
  return (int)r0;
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 8, seed = argc > 2 ? atoi(argv[2]) : 1;
  int survived = 0;
  mkdir("fuzz");
  for (int r = 0; r < rounds; r++) {
    int pid = fork();
    if (pid < 0) { fprintf(2, "sysfuzz: fork failed\n"); exit(1); }
    if (pid == 0) {
      chdir("fuzz");
      close(0); close(1); close(2); /* no console: a read of it would wait for input */
      state = 2463534242u ^ (uint)(seed * 7919 + r);
      for (uint i = 0; i < sizeof junk; i++) junk[i] = (rnd() % 4 == 0) ? 0 : 'a' + rnd() % 26;
      for (int i = 0; i < 1000; i++) {
        int n = calls[rnd() % (sizeof calls / sizeof calls[0])];
        uint a0 = arg(), a1 = arg(), a2 = arg();
        if (n == SYS_sbrk) a0 = (int)a0 % (1 << 20);  /* grow or shrink by up to a MiB */
        call(n, a0, a1, a2);
      }
      exit(0);
    }
    int status = -2;
    wait(&status);
    if (status == 0) survived++;
    else printf("sysfuzz: round %d: the child ended with status %d\n", r, status);
  }
  printf("sysfuzz: %d of %d rounds of 1000 random system calls survived\n", survived, rounds);
  exit(survived == rounds ? 0 : 1);
}
