// The system-wide table of open files (file.c), which the kernel model reads too (kmodel.c).
#ifndef XV32_FTABLE_H
#define XV32_FTABLE_H
struct ftable {
  struct spinlock lock;
  struct file file[NFILE];
};
extern struct ftable ftable;
#endif
