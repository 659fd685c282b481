// Start-up and reporting shared by every ISA test. The test supplies test_main.
#include "harness.h"

  .section .text.init
  .globl _start
_start:
  SET_MTVEC(unexpected_trap)
  // Open all of memory to S and U with one NAPOT PMP entry, as firmware does: with no entry,
  // S and U may access nothing (priv spec 3.7.1) and QEMU refuses mret to them.
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f          // A=NAPOT, X, W, R
  csrw pmpcfg0, t0
  la sp, stack_top
  la s11, signature
  li s10, 0
  li TESTNUM, 0
  j test_main

// Any trap the test did not announce: report cause, epc and tval, then fail.
  .align 2
unexpected_trap:
  la a0, msg_trap
  call puts
  csrr a0, mcause
  call puthex
  csrr a0, mepc
  call puthex
  csrr a0, mtval
  call puthex
  j fail

// Handler for announced traps: a1 = mcause, a2 = mtval, a3 = mstatus, a4 = mepc, then resume at
// mscratch.
  .align 2
  .globl expect_trap_handler
expect_trap_handler:
  csrr a1, mcause
  csrr a2, mtval
  csrr a3, mstatus
  csrr a4, mepc
  addi s10, s10, 1
  csrr t0, mscratch
  csrw mepc, t0
  // Resume in M-mode with interrupts disabled (MPIE clear), whatever mode the trap came from.
  li t0, 3 << 11
  csrs mstatus, t0
  li t0, 0x80
  csrc mstatus, t0
  mret

  .globl pass
pass:
  la a0, msg_pass
  call puts
  call dump_signature
  li t0, 1
  la t1, tohost
  sw t0, 0(t1)
  sw zero, 4(t1)
  call drain
  li t0, SYSCON
  li t1, 0x5555
  sw t1, 0(t0)
1: j 1b

  .globl fail
fail:
  la a0, msg_fail
  call puts
  mv a0, TESTNUM
  call puthex
  call dump_signature
  slli t0, TESTNUM, 1
  ori t0, t0, 1
  la t1, tohost
  sw t0, 0(t1)
  sw zero, 4(t1)
  call drain
  li t0, SYSCON
  slli t1, TESTNUM, 16
  li t2, 0x3333
  or t1, t1, t2
  sw t1, 0(t0)
1: j 1b

// Prints the signature words, eight to a line.
dump_signature:
  addi sp, sp, -16
  sw ra, 0(sp)
  sw s0, 4(sp)
  sw s1, 8(sp)
  la s0, signature
  li s1, 0
1:
  bgeu s0, s11, 3f
  lw a0, 0(s0)
  call puthex
  addi s0, s0, 4
  addi s1, s1, 1
  andi t0, s1, 7
  bnez t0, 1b
  li a0, '\n'
  call putc
  j 1b
3:
  andi t0, s1, 7
  beqz t0, 4f
  li a0, '\n'
  call putc
4:
  lw ra, 0(sp)
  lw s0, 4(sp)
  lw s1, 8(sp)
  addi sp, sp, 16
  ret

// Waits until the UART has sent every byte (LSR.TEMT) before the power-off: QEMU stops at once,
// and a byte its serial backend still held was lost now and then on a loaded machine.
// Uses only t0 and t4.
drain:
  li t0, UART0
1:
  lbu t4, 5(t0)
  andi t4, t4, 0x40
  beqz t4, 1b
  ret

// Sends a0's low byte once the transmitter can take it (LSR.THRE); a busy 16550 drops bytes.
// Uses only t0 and t4.
  .globl putc
putc:
  li t0, UART0
1:
  lbu t4, 5(t0)
  andi t4, t4, 0x20
  beqz t4, 1b
  sb a0, 0(t0)
  ret

  .globl puts
puts:
  addi sp, sp, -16
  sw ra, 0(sp)
  sw s0, 4(sp)
  mv s0, a0
1:
  lbu a0, 0(s0)
  beqz a0, 2f
  call putc
  addi s0, s0, 1
  j 1b
2:
  lw ra, 0(sp)
  lw s0, 4(sp)
  addi sp, sp, 16
  ret

// Prints a0 as 8 hex digits and a space.
  .globl puthex
puthex:
  addi sp, sp, -16
  sw ra, 0(sp)
  sw s0, 4(sp)
  sw s1, 8(sp)
  mv s0, a0
  li s1, 28
1:
  srl a0, s0, s1
  andi a0, a0, 15
  addi a0, a0, '0'
  li t1, '9'
  ble a0, t1, 2f
  addi a0, a0, 'a' - '0' - 10
2:
  call putc
  addi s1, s1, -4
  bgez s1, 1b
  li a0, ' '
  call putc
  lw ra, 0(sp)
  lw s0, 4(sp)
  lw s1, 8(sp)
  addi sp, sp, 16
  ret

  .section .rodata
msg_pass: .string "PASS\n"
msg_fail: .string "FAIL check "
msg_trap: .string "unexpected trap: mcause mepc mtval = "

  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
tohost: .dword 0
  .align 6
  .globl fromhost
fromhost: .dword 0

  .bss
  .align 4
  .globl signature
signature: .space 8192
  .align 4
stack: .space 4096
stack_top:
