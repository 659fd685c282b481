// RV32A: LR/SC reservation rules and every AMO's result and memory effect (unpriv spec ch. 8).
#include "harness.h"
  .option norvc
  .data
  .align 4
word: .word 0
word2: .word 0

// Set memory to `init`, run `amo a0, a2, (s0)` with a2 = `src`, check the old value and memory.
#define TEST_AMO(n, amo, init, src, result) \
  li t0, init; sw t0, 0(s0); li a2, src; amo a0, a2, (s0); CHECK(n, a0, init); \
  lw a0, 0(s0); CHECK(n + 1, a0, result)

  .text
TEST_BEGIN
  la s0, word
  la s1, word2
  // A paired LR/SC succeeds (rd = 0) and writes.
  li t0, 5
  sw t0, 0(s0)
  lr.w a0, (s0)
  CHECK(1, a0, 5)
  li a1, 6
  sc.w a0, a1, (s0)
  CHECK(2, a0, 0)
  lw a0, 0(s0)
  CHECK(3, a0, 6)
  // An SC without a reservation fails (rd = 1) and does not write.
  li a1, 7
  sc.w a0, a1, (s0)
  CHECK(4, a0, 1)
  lw a0, 0(s0)
  CHECK(5, a0, 6)
  // The reservation is used up by the first SC.
  lr.w a0, (s0)
  sc.w a0, a1, (s0)
  CHECK(6, a0, 0)
  li a1, 8
  sc.w a0, a1, (s0)
  CHECK(7, a0, 1)
  lw a0, 0(s0)
  CHECK(8, a0, 7)
  // An SC to a different address than the LR's fails.
  lr.w a0, (s0)
  sc.w a0, a1, (s1)
  CHECK(9, a0, 1)
  lw a0, 0(s1)
  CHECK(10, a0, 0)
  // A trap between LR and SC breaks the reservation (xv32 and QEMU both clear it on traps).
  lr.w a0, (s0)
  EXPECT_TRAP_RESUME(1f)
  ecall
1: sc.w a0, a1, (s0)
  RECORD(a0)
  SET_MTVEC(unexpected_trap_local)
  // Every AMO returns the old value and stores op(old, src).
  TEST_AMO(20, amoswap.w, 0x11111111, 0x22222222, 0x22222222)
  TEST_AMO(22, amoadd.w, 0xffffffff, 2, 1)
  TEST_AMO(24, amoxor.w, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0)
  TEST_AMO(26, amoand.w, 0xff00ff00, 0x0ff00ff0, 0x0f000f00)
  TEST_AMO(28, amoor.w, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0)
  TEST_AMO(30, amomin.w, 0xffffffff, 1, 0xffffffff)
  TEST_AMO(32, amomin.w, 5, 0x80000000, 0x80000000)
  TEST_AMO(34, amomax.w, 0xffffffff, 1, 1)
  TEST_AMO(36, amomax.w, 0x80000000, 0x7fffffff, 0x7fffffff)
  TEST_AMO(38, amominu.w, 0xffffffff, 1, 1)
  TEST_AMO(40, amominu.w, 0, 0xffffffff, 0)
  TEST_AMO(42, amomaxu.w, 0xffffffff, 1, 0xffffffff)
  TEST_AMO(44, amomaxu.w, 1, 0x80000000, 0x80000000)
  // With rd = x0 the AMO still writes memory.
  li t0, 1
  sw t0, 0(s0)
  li a2, 41
  amoadd.w x0, a2, (s0)
  lw a0, 0(s0)
  CHECK(50, a0, 42)
  // rd = rs2: rd gets the old value, memory gets the old rs2.
  li t0, 3
  sw t0, 0(s0)
  li a2, 4
  amoswap.w a2, a2, (s0)
  CHECK(51, a2, 3)
  lw a0, 0(s0)
  CHECK(52, a0, 4)
  CHECK(64, s10, 1)
TEST_END

unexpected_trap_local:
  j fail
