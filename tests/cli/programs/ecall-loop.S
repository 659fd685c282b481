// 30,000 system calls from one ecall instruction, each handled (mepc + 4), then a clean power
// off: the same trap at the same pc over and over, but making progress. Not a trap loop.
  .section .text.init
  .globl _start
_start:
  la t0, handler
  csrw mtvec, t0
  li s0, 30000
1: ecall
  addi s0, s0, -1
  bnez s0, 1b
  li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
2: j 2b
  .align 2
handler:
  csrr t2, mepc
  addi t2, t2, 4
  csrw mepc, t2
  mret
