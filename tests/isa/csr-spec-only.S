// CSR rules where xv32 follows the privileged spec and QEMU 7.2 does not, so this test is not
// compared with QEMU: mepc/sepc bit 0 reads zero (priv spec 3.1.14; QEMU returns the odd value),
// medeleg[11] is hardwired to zero (3.1.8; QEMU lets it be set) and mideleg has exactly the
// three S-level bits (QEMU also takes H and Sscofpmf bits that this hart does not have),
// mstatus.MPP never holds the reserved value 2 (QEMU stores it), and instret counts exactly the
// instructions retired (QEMU without -icount derives it from host time).
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
TEST_END
