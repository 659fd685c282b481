// Faulting atomics (unpriv spec 8.4, priv spec table 3.6): misaligned AMOs and SC.W raise store/AMO
// address misaligned (cause 6), LR.W load address misaligned (cause 4); an AMO to a hole in the
// memory map raises store/AMO access fault (cause 7); mtval is the address.
// Not compared with QEMU: QEMU 7.2 reports AMO faults as load faults (causes 4 and 5).
#include "harness.h"
  .option norvc
  .data
  .align 4
word: .word 0
  .text
TEST_BEGIN
  la s0, word
  li a2, 1
  // A misaligned AMO or SC raises store/AMO address misaligned (cause 6), a misaligned LR
  // load address misaligned (cause 4); mtval is the address.
  addi s2, s0, 2
  EXPECT_TRAP_RESUME(2f)
  amoadd.w a0, a2, (s2)
2: CHECK(60, a1, 6)
  sub a0, a2, s2
  CHECK(61, a0, 0)
  EXPECT_TRAP_RESUME(3f)
  lr.w a0, (s2)
3: CHECK(62, a1, 4)
  EXPECT_TRAP_RESUME(4f)
  sc.w a0, a2, (s2)
4: CHECK(63, a1, 6)
  CHECK(64, s10, 3)
  li s0, 0x00200000
  EXPECT_TRAP_RESUME(5f)
  amoswap.w a0, a0, (s0)
5: CHECK(65, a1, 7)
  CHECK(66, a2, 0x00200000)
TEST_END
