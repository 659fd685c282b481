// Spinlocks on a single hart: acquire turns interrupts off (nested, with push_off/pop_off),
// release restores them when the outermost lock goes. Broken rules panic.
#include "types.h"
#include "riscv.h"
#include "spinlock.h"
#include "defs.h"

static int noff;       /* depth of push_off nesting */
static int intena;     /* were interrupts on before the outermost push_off? */

void initlock(struct spinlock *lk, const char *name) {
  lk->locked = 0;
  lk->name = name;
}

/* Disables interrupts; pop_off restores them when the nesting returns to zero. */
void push_off(void) {
  int old = intr_get();
  intr_off();
  if (noff == 0) intena = old;
  noff++;
}

void pop_off(void) {
  if (intr_get()) panic("pop_off: interrupts on");
  if (noff < 1) panic("pop_off: not pushed");
  noff--;
  if (noff == 0 && intena) intr_on();
}

void acquire(struct spinlock *lk) {
  push_off();
  if (lk->locked) { printf("acquire: %s from %p\n", lk->name, __builtin_return_address(0)); panic("acquire: already held"); }
  lk->locked = 1;
}

void release(struct spinlock *lk) {
  if (!lk->locked) panic("release: not held");
  lk->locked = 0;
  pop_off();
}

int holding(struct spinlock *lk) { return lk->locked; }

/* For the scheduler: the interrupt state push_off saved, kept across a context switch. */
int intr_saved(void) { return intena; }
void intr_restore_saved(int v) { intena = v; }
int push_depth(void) { return noff; }
