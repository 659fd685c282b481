// Code written at run time is what runs after fence.i (Zifencei): xv32 drops the decoded copy of
// any halfword a store touches, so a rewritten instruction, a rewritten compressed instruction and
// freshly copied code all run as written, including the instruction right after the store.
#include "harness.h"
  .option norvc
TEST_BEGIN
  // Rewrite `addi a0, zero, 1` into `addi a0, zero, 2` and run it (twice: decoded before and after).
  la t0, patch
  jal ra, patch
  CHECK(1, a0, 1)
  lw t1, 0(t0)
  li t2, 0x00100000    // immediate field +1
  add t1, t1, t2
  sw t1, 0(t0)
  fence.i
  jal ra, patch
  CHECK(2, a0, 2)
  // A compressed instruction rewritten in place: c.li a0, 3 -> c.li a0, 4.
  jal ra, cpatch
  CHECK(3, a0, 3)
  la t0, cpatch
  lhu t1, 0(t0)
  addi t1, t1, 4       // imm[4:0] is in bits 6:2
  sh t1, 0(t0)
  fence.i
  jal ra, cpatch
  CHECK(4, a0, 4)
  // Copy a routine into a data buffer and call it there.
  la t0, routine
  la t1, code_buf
  lw t2, 0(t0)
  sw t2, 0(t1)
  lw t2, 4(t0)
  sw t2, 4(t1)
  fence.i
  jalr ra, 0(t1)
  CHECK(5, a0, 0x55)
  // Overwrite that copy and call it again.
  la t1, code_buf
  li t2, 0x06600513    // addi a0, zero, 0x66
  sw t2, 0(t1)
  fence.i
  jalr ra, 0(t1)
  CHECK(6, a0, 0x66)
  // A store that rewrites the very next instruction.
  la t0, 7f
  li t1, 0x07700513    // addi a0, zero, 0x77
  li a0, 0
  sw t1, 0(t0)
  fence.i
7: addi a0, zero, 0x11
  CHECK(7, a0, 0x77)
TEST_END

  .align 2
patch:
  addi a0, zero, 1
  ret
  .option rvc
cpatch:
  c.li a0, 3
  ret
  .option norvc
routine:
  addi a0, zero, 0x55
  ret

  .data
  .align 4
code_buf: .space 16
