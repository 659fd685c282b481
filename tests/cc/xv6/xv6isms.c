// What xv6 programs lean on: %ld/%lx/%lu of a uint64, r_sp() and PGSIZE/MAXVA from
// kernel/riscv.h, kernel/fcntl.h, kernel/fs.h's DIRSIZ, kernel/param.h's NOFILE, and a file
// with 500 names (xv6's nlink is a short).
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/syscall.h"
#include "user/user.h"

int main(void) {
  uint64 big = 0x123456789abcULL;
  printf("%ld %lx %lu %d\n", big, big, (uint64)-1, 42);
  uint64 sp = r_sp();
  printf("stack below MAXVA: %d, page aligned top: %d\n", sp < MAXVA, (PGROUNDUP(sp) % PGSIZE) == 0);
  printf("DIRSIZ %d NOFILE %d SYS_fork %d\n", DIRSIZ, NOFILE, SYS_fork);
  int fd = open("many", O_CREATE | O_RDWR);
  close(fd);
  char name[8] = "m000";
  int made = 0;
  for (int i = 0; i < 500; i++) {
    name[1] = '0' + i / 100; name[2] = '0' + i / 10 % 10; name[3] = '0' + i % 10;
    if (link("many", name) == 0) made++;
  }
  struct stat st;
  stat("many", &st);
  printf("links made %d, nlink %d\n", made, st.nlink);
  exit(0);
}
