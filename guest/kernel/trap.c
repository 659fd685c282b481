// Traps: system calls, device and timer interrupts, and faults. A fault in user code kills that
// process with a one-line message; a fault in the kernel is a panic.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

struct spinlock tickslock;
uint ticks;

extern char uservec[], kernelvec[];
void userret(struct trapframe *) __attribute__((noreturn));

static const char *cause_name(uint c) {
  switch (c) {
    case EXC_INST_MISALIGNED: return "instruction address misaligned";
    case EXC_INST_ACCESS: return "instruction access fault";
    case EXC_ILLEGAL: return "illegal instruction";
    case EXC_BREAKPOINT: return "breakpoint";
    case EXC_LOAD_MISALIGNED: return "load address misaligned";
    case EXC_LOAD_ACCESS: return "load access fault";
    case EXC_STORE_MISALIGNED: return "store address misaligned";
    case EXC_STORE_ACCESS: return "store access fault";
    case EXC_INST_PAGE_FAULT: return "instruction page fault";
    case EXC_LOAD_PAGE_FAULT: return "load page fault";
    case EXC_STORE_PAGE_FAULT: return "store page fault";
  }
  return "unknown exception";
}

void trapinit(void) {
  initlock(&tickslock, "time");
}

/* Arms the next timer interrupt. */
static void set_next_timer(void) { sbi_set_timer(rdtime64() + TICK_INTERVAL); }

void trapinithart(void) {
  csr_write(stvec, kernelvec);
  /* User programs may read cycle, time and instret (rdcycle, rdtime, rdinstret): xv32 is for
   * measuring. The firmware lets S-mode read them (mcounteren); this passes them on to U. */
  csr_write(scounteren, SCOUNTEREN_CY | SCOUNTEREN_TM | SCOUNTEREN_IR);
  csr_set(sie, SIE_SEIE | SIE_STIE);
  set_next_timer();
}

static void clockintr(void) {
  acquire(&tickslock);
  ticks++;
  wakeup(&ticks);
  release(&tickslock);
  set_next_timer();
}

/* Handles an interrupt; returns 2 for the timer, 1 for a device, 0 if it was not an interrupt. */
static int devintr(void) {
  uint scause = csr_read(scause);
  if (scause == (SCAUSE_INTERRUPT | IRQ_S_EXT)) {
    int irq = plic_claim();
    if (irq == UART0_IRQ) uartintr();
    else if (irq == VIRTIO0_IRQ) virtio_disk_intr(0);
    else if (irq == VIRTIO1_IRQ) virtio_disk_intr(1);
    else if (irq) printf("unexpected interrupt irq=%d\n", irq);
    if (irq) plic_complete(irq);
    return 1;
  }
  if (scause == (SCAUSE_INTERRUPT | IRQ_S_TIMER)) {
    clockintr();
    return 2;
  }
  return 0;
}

/* From uservec: a trap from user mode. */
void usertrap(void) {
  if (csr_read(sstatus) & SSTATUS_SPP) panic("usertrap: not from user mode");
  csr_write(stvec, kernelvec);
  struct proc *p = myproc();
  p->trapframe->epc = csr_read(sepc);
  uint scause = csr_read(scause);
  int which = 0, cow = COW_NOT_COW, lazy = -1;
  if (scause == EXC_USER_ECALL) {
    if (killed(p)) exitkilled();
    p->trapframe->epc += 4;
    intr_on();
    syscall();
  } else if ((which = devintr()) != 0) {
    /* handled */
  } else if (scause == EXC_STORE_PAGE_FAULT && (cow = cowfault(p->pagetable, csr_read(stval))) == 0) {
    /* a copy-on-write page, now private */
  } else if ((scause == EXC_LOAD_PAGE_FAULT || scause == EXC_STORE_PAGE_FAULT || scause == EXC_INST_PAGE_FAULT) &&
             (lazy = lazyfault(p->pagetable, csr_read(stval))) == 0) {
    /* a lazily grown heap page or a new stack page, now allocated */
  } else {
    uint stval = csr_read(stval);
    if (cow == COW_NO_MEMORY) {
      printf("pid %d (%s): out of memory for a copy-on-write page at %p: killed\n", p->pid, p->name, stval);
    } else if (lazy == LAZY_NO_MEMORY) {
      printf("pid %d (%s): out of memory for a %s page at %p: killed\n", p->pid, p->name,
             mmapseg(p, stval) >= 0 ? "mapped" : stval >= heapbase(p) && stval < p->sz ? "lazy heap" : "stack", stval);
    } else if (lazy == LAZY_PAST_EOF) {
      printf("pid %d (%s): bus error (%s) at pc %p, address %p, past the end of the mapped file: killed\n",
             p->pid, p->name, cause_name(scause), p->trapframe->epc, stval);
    } else if (scause != EXC_INST_PAGE_FAULT && stackoverflow(p, stval)) {
      printf("pid %d (%s): stack overflow (%s) at pc %p, address %p, beyond the %d KiB stack limit: killed\n",
             p->pid, p->name, cause_name(scause), p->trapframe->epc, stval, stack_max / 1024);
    } else {
      printf("pid %d (%s): %s at pc %p, address %p: killed\n", p->pid, p->name, cause_name(scause),
             p->trapframe->epc, stval);
    }
    acquire(&proc_lock);
    p->killed = KILLED_BY_KILL;
    release(&proc_lock);
  }
  if (killed(p)) exitkilled();
  if (which == 2) yield();
  usertrapret();
}

/* Returns to user mode: user trap vector, previous mode U with interrupts on, the saved pc. */
void usertrapret(void) {
  struct proc *p = myproc();
  intr_off();
  csr_write(stvec, uservec);
  p->trapframe->kernel_sp = p->kstack + PGSIZE;
  p->trapframe->kernel_trap = (uint)usertrap;
  uint x = csr_read(sstatus);
  x &= ~SSTATUS_SPP;
  x |= SSTATUS_SPIE;
  csr_write(sstatus, x);
  csr_write(sepc, p->trapframe->epc);
  userret(p->trapframe);
}

/* From kernelvec: interrupts while in the kernel; anything else is a kernel bug. */
void kerneltrap(void) {
  uint sepc = csr_read(sepc), sstatus = csr_read(sstatus), scause = csr_read(scause);
  if (!(sstatus & SSTATUS_SPP)) panic("kerneltrap: not from supervisor mode");
  if (intr_get()) panic("kerneltrap: interrupts enabled");
  int which = devintr();
  if (which == 0) {
    printf("kernel trap: %s (scause %x) at sepc %p stval %p\n", cause_name(scause), scause, sepc, csr_read(stval));
    panic("kerneltrap");
  }
  if (which == 2 && myproc() && myproc()->state == RUNNING) yield();
  /* yield may have trapped in between: restore what sret needs. */
  csr_write(sepc, sepc);
  csr_write(sstatus, sstatus);
}
