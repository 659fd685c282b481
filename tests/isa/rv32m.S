// RV32M: products (low and the three high halves) and division with the spec's results for
// division by zero and signed overflow (unpriv spec 13.2, table 13.1): no trap, fixed values.
#include "harness.h"
  .option norvc
TEST_BEGIN
  TEST_RR(1, mul, 7, 6, 42)
  TEST_RR(2, mul, 0xffffffff, 0xffffffff, 1)
  TEST_RR(3, mul, 0x80000000, 2, 0)
  TEST_RR(4, mul, 0x12345678, 0x9abcdef0, 0x242d2080)
  TEST_RR(5, mulh, 0xffffffff, 0xffffffff, 0)            // -1 * -1 = 1
  TEST_RR(6, mulh, 0x80000000, 0x80000000, 0x40000000)
  TEST_RR(7, mulh, 0x80000000, 0x7fffffff, 0xc0000000)
  TEST_RR(8, mulh, 0x12345678, 0x9abcdef0, 0xf8cc93d6)
  TEST_RR(9, mulh, 2, 0xffffffff, 0xffffffff)
  TEST_RR(10, mulhu, 0xffffffff, 0xffffffff, 0xfffffffe)
  TEST_RR(11, mulhu, 0x80000000, 2, 1)
  TEST_RR(12, mulhu, 0x12345678, 0x9abcdef0, 0x0b00ea4e)
  TEST_RR(13, mulhsu, 0xffffffff, 0xffffffff, 0xffffffff) // -1 * (2^32-1)
  TEST_RR(14, mulhsu, 0x80000000, 0xffffffff, 0x80000000)
  TEST_RR(15, mulhsu, 0x12345678, 0x9abcdef0, 0x0b00ea4e)
  TEST_RR(16, mulhsu, 0x9abcdef0, 0x12345678, 0xf8cc93d6)
  TEST_RR(20, div, 20, 6, 3)
  TEST_RR(21, div, -20, 6, -3)                           // rounds toward zero
  TEST_RR(22, div, 20, -6, -3)
  TEST_RR(23, div, -20, -6, 3)
  TEST_RR(24, div, 5, 0, 0xffffffff)                     // x / 0 = -1
  TEST_RR(25, div, 0x80000000, 0xffffffff, 0x80000000)   // overflow: the dividend
  TEST_RR(26, divu, 20, 6, 3)
  TEST_RR(27, divu, 0xffffffff, 2, 0x7fffffff)
  TEST_RR(28, divu, 5, 0, 0xffffffff)                    // x / 0 = 2^32-1
  TEST_RR(29, divu, 0x80000000, 0xffffffff, 0)
  TEST_RR(30, rem, 20, 6, 2)
  TEST_RR(31, rem, -20, 6, -2)                           // sign of the dividend
  TEST_RR(32, rem, 20, -6, 2)
  TEST_RR(33, rem, 5, 0, 5)                              // x % 0 = x
  TEST_RR(34, rem, 0x80000000, 0xffffffff, 0)            // overflow: 0
  TEST_RR(35, remu, 20, 6, 2)
  TEST_RR(36, remu, 0xffffffff, 10, 5)
  TEST_RR(37, remu, 5, 0, 5)
  TEST_RR(38, remu, 0x80000000, 0xffffffff, 0x80000000)
  // rd = x0 is a no-op even for division by zero.
  li a1, 1
  div x0, a1, x0
  mv a0, x0
  CHECK(40, a0, 0)
  // Destination equals a source.
  li a0, 9
  mul a0, a0, a0
  CHECK(41, a0, 81)
TEST_END
