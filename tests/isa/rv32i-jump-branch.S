// RV32I control transfer: every branch taken and not taken on signed/unsigned edges, and the
// link values and target rules of jal and jalr.
#include "harness.h"
  .option norvc

// Sets a0 = 1 if `br a, b` is taken, else 0, and checks it against `taken`.
#define TEST_BR(n, br, a, b, taken) \
  li a1, a; li a2, b; li a0, 1; br a1, a2, 1f; li a0, 0; 1: CHECK(n, a0, taken)

TEST_BEGIN
  TEST_BR(1, beq, 5, 5, 1)
  TEST_BR(2, beq, 5, 6, 0)
  TEST_BR(3, bne, 5, 6, 1)
  TEST_BR(4, bne, 0xffffffff, 0xffffffff, 0)
  TEST_BR(5, blt, 0xffffffff, 0, 1)
  TEST_BR(6, blt, 0, 0xffffffff, 0)
  TEST_BR(7, blt, 0x80000000, 0x7fffffff, 1)
  TEST_BR(8, blt, 3, 3, 0)
  TEST_BR(9, bge, 3, 3, 1)
  TEST_BR(10, bge, 0xffffffff, 0, 0)
  TEST_BR(11, bge, 0x7fffffff, 0x80000000, 1)
  TEST_BR(12, bltu, 0, 0xffffffff, 1)
  TEST_BR(13, bltu, 0xffffffff, 0, 0)
  TEST_BR(14, bltu, 7, 7, 0)
  TEST_BR(15, bgeu, 7, 7, 1)
  TEST_BR(16, bgeu, 0xffffffff, 0x80000000, 1)
  TEST_BR(17, bgeu, 0, 1, 0)
  // A backward branch loop runs the right number of times.
  li a0, 0
  li a1, 10
2: addi a0, a0, 1
  bne a0, a1, 2b
  CHECK(20, a0, 10)
  // jal links pc+4 and jumps.
  jal ra, 3f
4: j 5f
3: la a1, 4b
  sub a0, ra, a1
  CHECK(21, a0, 0)
  jr ra
5:
  // jalr adds the immediate, clears bit 0 of the target, and links the next address.
  la a1, 6f
  addi a1, a1, -7
  jalr ra, 8(a1)        // (6f - 7 + 8) & ~1 = 6f
61: li a0, 0xbad
  CHECK(22, a0, 0)
6: la a1, 61b
  sub a0, ra, a1
  CHECK(23, a0, 0)
  // jalr with rd == rs1: the target uses the old value, then rd gets the link.
  la t1, 8f
  jalr t1, 0(t1)
81: li a0, 0xbad
  CHECK(26, a0, 0)
8: la a2, 81b
  sub a0, t1, a2
  CHECK(27, a0, 0)
  // jal with rd = x0 (j) leaves x0 zero.
  jal x0, 9f
9: mv a0, x0
  CHECK(24, a0, 0)
  // A long forward jal (over 1 MiB would not fit; 2 KiB tests the immediate's upper bits).
  jal ra, 10f
  .skip 4096
10: la a1, 10b - 4096
  sub a0, a1, ra
  CHECK(25, a0, 0)
TEST_END
