#ifndef XV32_SPINLOCK_H
#define XV32_SPINLOCK_H
// A lock for data shared with interrupt handlers. xv32 has one hart, so holding a lock means
// interrupts are off; `locked` still catches double acquires and releases of a free lock.
struct spinlock {
  uint locked;
  const char *name;
};
#endif
