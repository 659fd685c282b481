// RV32I register-register and register-immediate arithmetic, with the edge cases of each.
#include "harness.h"
  .option norvc
TEST_BEGIN
  TEST_RR(1, add, 1, 2, 3)
  TEST_RR(2, add, 0x7fffffff, 1, 0x80000000)        // signed overflow wraps
  TEST_RR(3, add, 0xffffffff, 1, 0)
  TEST_RR(4, sub, 0, 1, 0xffffffff)
  TEST_RR(5, sub, 0x80000000, 1, 0x7fffffff)
  TEST_RR(6, and, 0xff00ff00, 0x0ff00ff0, 0x0f000f00)
  TEST_RR(7, or, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0)
  TEST_RR(8, xor, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0)
  TEST_RR(9, sll, 1, 31, 0x80000000)
  TEST_RR(10, sll, 1, 32, 1)                        // only rs2[4:0] counts
  TEST_RR(11, sll, 0xffffffff, 0x3f, 0x80000000)
  TEST_RR(12, srl, 0x80000000, 31, 1)
  TEST_RR(13, srl, 0x80000000, 33, 0x40000000)
  TEST_RR(14, sra, 0x80000000, 31, 0xffffffff)
  TEST_RR(15, sra, 0x80000000, 1, 0xc0000000)
  TEST_RR(16, sra, 0x7fffffff, 30, 1)
  TEST_RR(17, slt, 0xffffffff, 0, 1)
  TEST_RR(18, slt, 0, 0xffffffff, 0)
  TEST_RR(19, slt, 0x80000000, 0x7fffffff, 1)
  TEST_RR(20, sltu, 0xffffffff, 0, 0)
  TEST_RR(21, sltu, 0, 0xffffffff, 1)
  TEST_RR(22, sltu, 5, 5, 0)
  TEST_RI(30, addi, 1, -1, 0)
  TEST_RI(31, addi, 0x7fffffff, 1, 0x80000000)
  TEST_RI(32, addi, 0, -2048, 0xfffff800)
  TEST_RI(33, addi, 0, 2047, 0x7ff)
  TEST_RI(34, andi, 0xffffffff, -16, 0xfffffff0)    // the immediate is sign-extended
  TEST_RI(35, ori, 0, -1, 0xffffffff)
  TEST_RI(36, xori, 0x0f0f0f0f, -1, 0xf0f0f0f0)     // xori -1 is not
  TEST_RI(37, slli, 1, 31, 0x80000000)
  TEST_RI(38, srli, 0xffffffff, 31, 1)
  TEST_RI(39, srai, 0x80000000, 31, 0xffffffff)
  TEST_RI(40, srai, 0x40000000, 30, 1)
  TEST_RI(41, slti, -5, -4, 1)
  TEST_RI(42, slti, 5, -4, 0)
  TEST_RI(43, sltiu, 5, -1, 1)                      // -1 compares as 0xffffffff
  TEST_RI(44, sltiu, 0, 1, 1)
  TEST_RI(45, sltiu, 1, 1, 0)
  lui a0, 0xfffff
  CHECK(50, a0, 0xfffff000)
  lui a0, 0x80000
  CHECK(51, a0, 0x80000000)
1: auipc a0, 0x1
  la a1, 1b
  sub a0, a0, a1
  CHECK(52, a0, 0x1000)
1: auipc a0, 0xfffff
  la a1, 1b
  sub a0, a1, a0
  CHECK(53, a0, 0x1000)
  // Writes to x0 are discarded, and x0 reads as zero for every kind of instruction.
  li a1, 5
  add x0, a1, a1
  addi x0, a1, 1
  lui x0, 0x12345
  auipc x0, 0x1
  slli x0, a1, 3
  mv a0, x0
  CHECK(60, a0, 0)
  // Source and destination the same register.
  li a0, 7
  add a0, a0, a0
  CHECK(61, a0, 14)
  li a0, 3
  sll a0, a0, a0
  CHECK(62, a0, 24)
TEST_END
