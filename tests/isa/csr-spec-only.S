// CSR rules where xv32 follows the privileged spec and QEMU 7.2 does not, so this test is not
// compared with QEMU: mepc/sepc bit 0 reads zero (priv spec 3.1.14; QEMU returns the odd value),
// medeleg[11] is hardwired to zero (3.1.8; QEMU lets it be set) and mideleg has exactly the
// three S-level bits (QEMU also takes H and Sscofpmf bits that this hart does not have),
// mstatus.MPP never holds the reserved value 2 (QEMU stores it), instret counts exactly the
// instructions retired (QEMU without -icount derives it from host time), mtval is the pc on
// ebreak and c.ebreak (the reference model's choice; QEMU 7.2 writes 0), minstret and mcycle are
// exact 64-bit counters that wrap, and tselect, tdata1 and tinfo are those of two mcontrol triggers.
#include "harness.h"
  .option norvc
TEST_BEGIN
  // mepc and sepc: bit 0 always reads zero (IALIGN = 16).
  li t0, 0x80000003
  csrw mepc, t0
  csrr a0, mepc
  CHECK(21, a0, 0x80000002)
  csrw sepc, t0
  csrr a0, sepc
  CHECK(22, a0, 0x80000002)
  // An xRET therefore always lands on an even address.
  li t0, 0x1800
  csrs mstatus, t0      // MPP = M
  la t0, 1f + 1
  csrw mepc, t0
  mret
  j fail
1: CHECK(23, zero, 0)
  li t0, -1
  csrw medeleg, t0
  csrr a0, medeleg
  CHECK(24, a0, 0xb3ff)
  csrw medeleg, zero
  csrw mideleg, t0
  csrr a0, mideleg
  CHECK(25, a0, 0x222)
  csrw mideleg, zero
  csrw mie, t0
  csrr a0, mie
  CHECK(26, a0, 0xaaa)  // exactly the six standard interrupt enables
  csrw mie, zero
  // MPP is WARL: writing the reserved value 2 leaves it as it was (M here).
  li t0, 0x1800
  csrs mstatus, t0
  li t0, 0x0800
  csrc mstatus, t0      // MPP = 2
  csrr a0, mstatus
  srli a0, a0, 11
  andi a0, a0, 3
  CHECK(27, a0, 3)
  // instret: the two nops and the first read are retired between the reads.
  csrr a0, instret
  nop
  nop
  csrr a1, instret
  sub a0, a1, a0
  CHECK(28, a0, 3)
  // A write to minstret is what the next instruction reads.
  csrw minstret, zero
  csrr a0, minstret
  CHECK(29, a0, 0)
  // ebreak and c.ebreak: mtval is the address of the instruction (priv spec 3.1.16 allows 0).
  EXPECT_TRAP_RESUME(1f)
2: ebreak
1: la t1, 2b
  CHECK(30, a1, 3)
  sub a0, a2, t1
  CHECK(31, a0, 0)
  EXPECT_TRAP_RESUME(1f)
  .option rvc
2: c.ebreak
  .option norvc
1: la t1, 2b
  CHECK(32, a1, 3)
  sub a0, a2, t1
  CHECK(33, a0, 0)
  // minstret:minstreth is one 64-bit counter: all ones, then a nop, wraps to 0 (the write's
  // own increment does not count; riscv-tests' instret_overflow).
  li t0, -1
  csrw minstret, t0
  csrw minstreth, t0
  nop
  csrr a0, minstreth
  csrr a1, minstret
  CHECK(34, a0, 0)
  CHECK(35, a1, 1)
  // A carry from the low half into the high one, exactly (past 2^53, where a double rounds).
  li t0, 0x7fffffff
  csrw minstreth, t0
  csrw minstret, t0   // 0x7fffffff_7fffffff: the next instruction reads it
  csrr a0, minstret
  csrr a1, minstreth
  li t2, 0x80000000
  csrw minstret, t0   // low half 0x7fffffff ...
  csrw minstreth, t2  // ... high 0x80000000: 2^63 + 2^31 - 1
  csrr a2, minstret
  csrr a3, minstreth
  CHECK(36, a0, 0x7fffffff)
  CHECK(37, a1, 0x7fffffff)
  CHECK(38, a2, 0x7fffffff)
  CHECK(44, a3, 0x80000000)
  // mcycle too: all ones, then a nop (one cycle here: no traps, no idle) wraps it.
  li t0, -1
  csrw mcycle, t0
  csrw mcycleh, t0
  nop
  csrr a0, mcycleh
  CHECK(39, a0, 0)
  // Two triggers: tselect keeps its value on a write of one that does not exist; tdata1 there
  // is type 2 (mcontrol), the only type tinfo offers (triggers-spec-only.S has the rest).
  csrw tselect, zero
  csrr a0, tselect
  CHECK(40, a0, 0)
  li t0, 5
  csrw tselect, t0
  csrr a0, tselect
  CHECK(41, a0, 0)
  csrr a0, tdata1
  srli a0, a0, 28
  CHECK(42, a0, 2)
  csrr a0, tinfo
  CHECK(43, a0, 4)
TEST_END
