// A misaligned lw and sw in M-mode. Performed, both read back 0x44332211 and it exits 0; with
// --misaligned trap each raises its exception (cause 4, then 6) with mtval the address, the
// handler skips it, and the exit status is 4 + 6 = 10 when both causes and addresses were right.
  .option norvc
  .section .text.init
  .globl _start
_start:
  la t0, handler
  csrw mtvec, t0
  li s0, 0              // the sum of the causes seen
  la s1, data + 1       // a misaligned address
  li t1, 0x44332211
  sw t1, 0(s1)
  lw a0, 0(s1)
  bnez s0, trapped
  bne a0, t1, bad
  li t1, 0x5555         // performed: exit 0
  j out
trapped:
  li t1, (0x3333)
  slli s0, s0, 16
  or t1, t1, s0
out:
  li t0, 0x100000
  sw t1, 0(t0)
1: j 1b
bad:
  li t1, (99 << 16) | 0x3333
  j out
  .align 2
handler:
  csrr t2, mtval
  bne t2, s1, bad       // mtval is the misaligned address
  csrr t2, mcause
  add s0, s0, t2
  csrr t2, mepc
  addi t2, t2, 4        // skip the access (uncompressed: 4 bytes)
  csrw mepc, t2
  mret
  .data
  .align 2
data: .word 0, 0
