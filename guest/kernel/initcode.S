// The first user program, copied to address 0 of the first process: exec("/init", {"/init", 0}),
// and exit if that fails. Position-independent, and linked into the kernel as data.
#include "syscall.h"
  .section .rodata
  .globl initcode_start, initcode_end
  .align 2
initcode_start:
1: auipc a0, %pcrel_hi(init)       // pc-relative, so it runs wherever it is copied
  addi a0, a0, %pcrel_lo(1b)
2: auipc a1, %pcrel_hi(argv)
  addi a1, a1, %pcrel_lo(2b)
  li a7, SYS_exec
  ecall
3: li a7, SYS_exit
  li a0, 1
  ecall
  j 3b
init: .string "/init"
  .align 2
argv: .word init - initcode_start, 0   // "/init" is at this address once copied to 0
initcode_end:
