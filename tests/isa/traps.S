// Synchronous traps and privilege changes (priv spec 3.1.6, 3.1.8, 3.3): every exception cause
// the hart can raise here, with mcause/mepc/mtval; ecall from each mode; delegation to S-mode;
// the mstatus changes of traps, mret and sret; and the instructions each mode may not execute.
#include "harness.h"
  .option norvc
#define UNMAPPED 0x00200000   /* a hole in the virt memory map */

// Run `insn` in M-mode expecting trap `cause` with mtval `tval`.
#define TEST_TRAP(n, cause, tval, ...) \
  EXPECT_TRAP_RESUME(1f); 2: __VA_ARGS__; 1: CHECK(n, a1, cause); CHECK(n + 1, a2, tval)

// Run `insn` in privilege `mode` expecting illegal instruction.
#define TEST_ILLEGAL_IN(n, mode, ...) \
  EXPECT_TRAP_RESUME(1f); GOTO_MODE(mode, 2f); 2: __VA_ARGS__; j fail; 1: CHECK(n, a1, 2); \
  srli a3, a3, 11; andi a3, a3, 3; CHECK(n + 1, a3, mode)

TEST_BEGIN
  TEST_TRAP(1, 2, 0x80000033, .word 0x80000033)            // OP with a bad funct7
  TEST_TRAP(3, 2, 0x00004073, .word 0x00004073)            // SYSTEM funct3=4
  TEST_TRAP(5, 2, 0x0000302f, .word 0x0000302f)            // AMO with funct3=3 (RV64 .d)
  TEST_TRAP(7, 11, 0, ecall)
  li s0, UNMAPPED
  TEST_TRAP(11, 5, UNMAPPED + 4, lw a0, 4(s0))             // load access fault
  TEST_TRAP(13, 7, UNMAPPED + 1, sb a0, 1(s0))             // store access fault
  // mepc is the address of the faulting instruction.
  EXPECT_TRAP_RESUME(1f)
3: ecall
1: la a1, 3b
  sub a0, a4, a1
  CHECK(17, a0, 0)
  // An instruction fetch from a hole: access fault with mepc = mtval = the target.
  EXPECT_TRAP_RESUME(1f)
  jr s0
1: CHECK(18, a1, 1)
  CHECK(19, a2, UNMAPPED)
  CHECK(20, a4, UNMAPPED)
  // The registers the faulting load would have written are untouched.
  li a0, 1234
  EXPECT_TRAP_RESUME(1f)
  lw a0, 0(s0)
1: CHECK(21, a0, 1234)

  // ecall from S and U: causes 9 and 8, and MPP records the mode trapped from.
  EXPECT_TRAP_RESUME(1f)
  GOTO_MODE(1, 2f)
2: ecall
1: CHECK(30, a1, 9)
  srli a3, a3, 11
  andi a3, a3, 3
  CHECK(31, a3, 1)
  EXPECT_TRAP_RESUME(1f)
  GOTO_MODE(0, 2f)
2: ecall
1: CHECK(32, a1, 8)
  srli a3, a3, 11
  andi a3, a3, 3
  CHECK(33, a3, 0)

  // A trap into M saves MIE in MPIE and clears MIE.
  csrsi mstatus, 8
  EXPECT_TRAP_RESUME(1f)
  ecall
1: andi a0, a3, 0x88
  CHECK(34, a0, 0x80)

  // mret: MIE <- MPIE, MPIE <- 1, MPP <- U (priv spec 3.1.6.1).
  li t0, 0x1888
  csrc mstatus, t0
  li t0, 0x1880        // MPP = M, MPIE = 1
  csrs mstatus, t0
  la t0, 1f
  csrw mepc, t0
  mret
1: csrr a0, mstatus
  li t0, 0x1888
  and a0, a0, t0
  CHECK(35, a0, 0x0088)
  csrci mstatus, 8

  // Delegation: with medeleg[8], ecall from U goes to the S handler with scause 8, sepc, SPP=U,
  // SPIE = old SIE, SIE = 0; the M handler's registers are untouched.
  la t0, s_handler
  csrw stvec, t0
  li t0, 1 << 8
  csrw medeleg, t0
  csrw mcause, zero
  EXPECT_TRAP_RESUME(1f)
  GOTO_MODE(0, 2f)
2: li s2, 0
  ecall
1: csrw medeleg, zero
  CHECK(40, s2, 8)      // scause seen by the S handler
  CHECK(41, s3, 0)      // sstatus.SPP
  la a0, 2b + 4
  sub a0, s4, a0        // sepc = the ecall
  CHECK(42, a0, 0)
  CHECK(43, a1, 9)      // then the S handler's own ecall went to M
  csrr a0, mcause
  CHECK(44, a0, 9)

  // sret from S to U: SIE <- SPIE, SPIE <- 1, SPP <- U. Seen from U through an ecall to M.
  EXPECT_TRAP_RESUME(1f)
  GOTO_MODE(1, 2f)
2: li t0, 0x122         // SPP, SPIE, SIE
  csrc sstatus, t0
  li t0, 0x020          // SPIE = 1, SPP = U
  csrs sstatus, t0
  la t0, 3f
  csrw sepc, t0
  sret
3: ecall
1: CHECK(45, a1, 8)     // the ecall came from U
  andi a0, a3, 0x122
  CHECK(46, a0, 0x022)

  // Instructions each mode may not execute.
  TEST_ILLEGAL_IN(50, 0, sret)
  TEST_ILLEGAL_IN(52, 0, mret)
  TEST_ILLEGAL_IN(54, 1, mret)
  TEST_ILLEGAL_IN(56, 0, wfi)
  TEST_ILLEGAL_IN(58, 0, sfence.vma)
  TEST_ILLEGAL_IN(60, 0, csrr a0, sstatus)
  TEST_ILLEGAL_IN(62, 1, csrr a0, mstatus)
  TEST_ILLEGAL_IN(64, 1, csrr a0, mscratch)
  // mstatus.TSR, TW and TVM trap sret, wfi, and satp/sfence.vma in S-mode.
  li t0, 1 << 22
  csrs mstatus, t0
  TEST_ILLEGAL_IN(70, 1, sret)
  li t0, 1 << 22
  csrc mstatus, t0
  li t0, 1 << 21
  csrs mstatus, t0
  TEST_ILLEGAL_IN(72, 1, wfi)
  li t0, 1 << 21
  csrc mstatus, t0
  li t0, 1 << 20
  csrs mstatus, t0
  TEST_ILLEGAL_IN(74, 1, csrr a0, satp)
  TEST_ILLEGAL_IN(76, 1, sfence.vma)
  li t0, 1 << 20
  csrc mstatus, t0
  // Without those bits S-mode may read satp and run sfence.vma.
  EXPECT_TRAP_RESUME(1f)
  GOTO_MODE(1, 2f)
2: csrr a0, satp
  sfence.vma
  ecall
1: CHECK(78, a1, 9)

  // Vectored mtvec: exceptions still go to the base address.
  la t0, expect_trap_handler
  ori t0, t0, 1
  csrw mtvec, t0
  la t0, 1f
  csrw mscratch, t0
  ecall
1: CHECK(80, a1, 11)
TEST_END

// S-mode handler for the delegation check: keeps scause, SPP and sepc, then calls M.
  .align 2
s_handler:
  csrr s2, scause
  csrr s3, sstatus
  srli s3, s3, 8
  andi s3, s3, 1
  csrr s4, sepc
  ecall
