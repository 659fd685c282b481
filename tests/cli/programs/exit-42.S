// Prints a line and powers off through the syscon device with status 42.
  .section .text.init
  .globl _start
_start:
  la a0, msg
  li t0, 0x10000000
1: lbu t1, 0(a0)
  beqz t1, 2f
  sb t1, 0(t0)
  addi a0, a0, 1
  j 1b
2: li t0, 0x100000
  li t1, (42 << 16) | 0x3333
  sw t1, 0(t0)
3: j 3b
msg: .string "exiting with 42\n"
