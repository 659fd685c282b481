#ifndef XV32_SLEEPLOCK_H
#define XV32_SLEEPLOCK_H
#include "spinlock.h"
// A lock held across sleeps (disk I/O): waiters sleep instead of spinning.
struct sleeplock {
  uint locked;
  struct spinlock lk;
  const char *name;
  int pid;
  int waiters;   /* processes asleep in acquiresleep: releasing wakes them only if any */
};
#endif
