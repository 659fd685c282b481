// A handler that returns to the faulting load without fixing anything: the same load access
// fault at the same pc, forever.
  .section .text.init
  .globl _start
_start:
  la t0, handler
  csrw mtvec, t0
  li t1, 0x40000000
fault:
  lw t2, 0(t1)
  j fault
  .align 2
handler:
  mret
