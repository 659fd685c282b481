// RV32I loads and stores: widths, sign and zero extension, offsets, misaligned accesses
// (done in hardware here, as on QEMU), and loads into x0.
#include "harness.h"
  .option norvc
  .data
  .align 4
buf: .word 0x80ff7f01, 0x12345678, 0xdeadbeef, 0
  .text
TEST_BEGIN
  la s0, buf
  lb a0, 0(s0)
  CHECK(1, a0, 1)
  lb a0, 1(s0)
  CHECK(2, a0, 0x7f)
  lb a0, 2(s0)
  CHECK(3, a0, 0xffffffff)
  lb a0, 3(s0)
  CHECK(4, a0, 0xffffff80)
  lbu a0, 3(s0)
  CHECK(5, a0, 0x80)
  lh a0, 0(s0)
  CHECK(6, a0, 0x7f01)
  lh a0, 2(s0)
  CHECK(7, a0, 0xffff80ff)
  lhu a0, 2(s0)
  CHECK(8, a0, 0x80ff)
  lw a0, 4(s0)
  CHECK(9, a0, 0x12345678)
  addi s1, s0, 16
  lw a0, -8(s1)          // negative offset
  CHECK(10, a0, 0xdeadbeef)
  // Stores write only their width.
  li a1, 0xaabbccdd
  sw a1, 12(s0)
  li a1, 0x11
  sb a1, 12(s0)
  lw a0, 12(s0)
  CHECK(11, a0, 0xaabbcc11)
  li a1, 0x2233
  sh a1, 14(s0)
  lw a0, 12(s0)
  CHECK(12, a0, 0x2233cc11)
  li a1, 0xfffff0f0      // sb/sh take the low bits
  sb a1, 13(s0)
  lw a0, 12(s0)
  CHECK(13, a0, 0x2233f011)
  // Misaligned loads and stores complete (xv32 and QEMU handle them in hardware).
  lw a0, 1(s0)
  CHECK(20, a0, 0x7880ff7f)
  lh a0, 3(s0)
  CHECK(21, a0, 0x7880)
  lhu a0, 7(s0)
  CHECK(22, a0, 0xef12)
  li a1, 0x01020304
  sw a1, 9(s0)
  lw a0, 8(s0)
  CHECK(23, a0, 0x020304ef)
  lw a0, 12(s0)
  CHECK(24, a0, 0x2233f001)
  // A load into x0 has no effect on x0.
  lw x0, 4(s0)
  mv a0, x0
  CHECK(25, a0, 0)
  // Store then load through a different width and alias.
  li a1, -1
  sh a1, 0(s0)
  lbu a0, 1(s0)
  CHECK(26, a0, 0xff)
TEST_END
