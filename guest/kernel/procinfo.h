// What the procinfo system call reports about each process (for ps); shared with user space.
#ifndef XV32_PROCINFO_H
#define XV32_PROCINFO_H
struct procinfo {
  int pid;
  int ppid;
  int state;      /* 2 sleeping, 3 runnable, 4 running, 5 zombie */
  unsigned int sz;
  char name[16];
};
#endif
