// Start-up for the bare-metal benchmark programs: stack, zeroed bss, main(), then exit with
// main's return value through riscv-tests' tohost (xv32) and the syscon device (QEMU).
  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  la t0, __bss_start
  la t1, _end
1: bgeu t0, t1, 2f
  sw zero, 0(t0)
  addi t0, t0, 4
  j 1b
2: call main
  slli t0, a0, 1
  ori t0, t0, 1
  la t1, tohost
  sw t0, 0(t1)
  sw zero, 4(t1)
  li t1, 0x100000
  li t2, 0x5555
  beqz a0, 3f
  slli t2, a0, 16
  li t3, 0x3333
  or t2, t2, t3
3: sw t2, 0(t1)
4: j 4b

  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
tohost: .dword 0
  .align 6
  .globl fromhost
fromhost: .dword 0

  .section .stack, "aw", @nobits
  .align 4
  .space 65536
stack_top:
