// struct stat and file types, as xv6-riscv's kernel/stat.h declares them (source compatible).
#ifndef XV32_STAT_H
#define XV32_STAT_H
#define T_DIR 1
#define T_FILE 2
#define T_DEVICE 3

struct stat {
  int dev;
  unsigned int ino;
  short type;
  short nlink;
  unsigned long long size;
};
#endif
