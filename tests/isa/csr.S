// Zicsr and the CSRs a kernel needs (priv spec ch. 2-4): the read/write/set/clear forms and their
// x0 rules, read-only and missing CSRs, mode checks, counter enables, and the WARL fields.
#include "harness.h"
  .option norvc

#define TEST_ILLEGAL_IN(n, mode, ...) \
  EXPECT_TRAP_RESUME(1f); GOTO_MODE(mode, 2f); 2: __VA_ARGS__; j fail; 1: CHECK(n, a1, 2)
#define TEST_ILLEGAL(n, ...) \
  EXPECT_TRAP_RESUME(1f); __VA_ARGS__; j fail; 1: CHECK(n, a1, 2)
// Run `...` in `mode` and come back through ecall; fails if it traps otherwise.
#define RUN_IN(mode, ...) \
  EXPECT_TRAP_RESUME(1f); GOTO_MODE(mode, 2f); 2: __VA_ARGS__; ecall; 1: li t0, 8 + (mode); bne a1, t0, fail

TEST_BEGIN
  // The read/write/set/clear forms return the old value.
  li t0, 0x0f0f
  csrw mscratch, t0
  li t1, 0xf0
  csrrs a0, mscratch, t1
  CHECK(1, a0, 0x0f0f)
  csrr a0, mscratch
  CHECK(2, a0, 0x0fff)
  li t1, 0x0f
  csrrc a0, mscratch, t1
  csrr a0, mscratch
  CHECK(3, a0, 0x0ff0)
  csrrwi a0, mscratch, 21
  CHECK(4, a0, 0x0ff0)
  csrrsi a0, mscratch, 8
  csrrci a0, mscratch, 1
  CHECK(5, a0, 29)
  csrr a0, mscratch
  CHECK(6, a0, 28)
  // rd = rs1: the old value lands in rd, the CSR gets the register's old value.
  li a0, 77
  csrrw a0, mscratch, a0
  CHECK(7, a0, 28)
  csrr a0, mscratch
  CHECK(8, a0, 77)

  // Read-only CSRs: reading (csrrs/csrrc with x0) is fine, any write is illegal.
  csrr a0, mhartid
  CHECK(10, a0, 0)
  csrrc a0, mhartid, x0
  CHECK(11, a0, 0)
  TEST_ILLEGAL(12, csrw mhartid, zero)
  TEST_ILLEGAL(13, csrrsi a0, mvendorid, 1)
  TEST_ILLEGAL(14, csrw cycle, zero)
  TEST_ILLEGAL(15, csrrwi zero, instret, 0)   // csrrw with rd=x0 still writes: illegal
  // CSRs that do not exist are illegal.
  TEST_ILLEGAL(16, csrr a0, 0x3ff)
  TEST_ILLEGAL(17, csrr a0, 0x800)             // an unimplemented custom CSR
  TEST_ILLEGAL(18, csrr a0, 0x200)             // vsstatus: no H extension

  // misa: RV32 with A, C, I, M, S, U.
  csrr a0, misa
  CHECK(20, a0, 0x40141105)
  // mtvec: MODE 2 and 3 are reserved.
  li t0, 0x80001001
  csrw mtvec, t0
  csrr a0, mtvec
  CHECK(23, a0, 0x80001001)
  li t0, 0x80002002
  csrw mtvec, t0
  csrr a0, mtvec
  CHECK(24, a0, 0x80001001)   // a write with a reserved MODE is ignored
  SET_MTVEC(unexpected_trap_local)
  // medeleg and mideleg: which bits can be delegated.
  li t0, -1
  csrw medeleg, t0
  csrr a0, medeleg
  li t1, 0xb3ff         // every standard exception but ecall from M (see csr-spec-only.S)
  and a0, a0, t1
  CHECK(25, a0, 0xb3ff)
  csrw medeleg, zero
  csrw mideleg, t0
  csrr a0, mideleg
  li t1, 0xaaa
  and a0, a0, t1
  CHECK(26, a0, 0x222)  // the S-level interrupts, never the M-level ones
  // mie: the six standard interrupt enables.
  csrw mie, t0
  csrr a0, mie
  li t1, 0xaaa
  and a0, a0, t1
  CHECK(27, a0, 0xaaa)
  // sie and sip show only what mideleg delegates.
  li t0, 0x22           // SSIP, STIP
  csrw mideleg, t0
  csrr a0, sie
  CHECK(28, a0, 0x22)
  csrw mie, zero
  csrw mideleg, zero
  csrr a0, sie
  CHECK(29, a0, 0)
  // mip: software can set SSIP, STIP, SEIP but not the M bits.
  li t0, 0xaaa
  csrw mip, t0
  csrr a0, mip
  andi a0, a0, 0x222
  CHECK(30, a0, 0x222)
  csrr a0, mip
  andi a0, a0, 0x008    // MSIP stays clear: only the CLINT drives it
  CHECK(31, a0, 0)
  csrw mip, zero
  // mstatus: sstatus shows the S fields only; MPP ignores the reserved value 2.
  li t0, 0x1aa          // SPP, MPIE, SPIE, MIE, SIE
  csrw mstatus, t0
  csrr a0, sstatus
  CHECK(32, a0, 0x122)
  csrr a0, mstatus
  li t0, 0x1888
  and a0, a0, t0
  CHECK(33, a0, 0x088)
  csrw mstatus, zero
  // sstatus writes reach mstatus but not its M fields.
  li t0, 0x1888
  csrs sstatus, t0
  csrr a0, mstatus
  and a0, a0, t0
  CHECK(34, a0, 0)
  li t0, 0x40022        // SUM, SPIE, SIE
  csrs sstatus, t0
  csrr a0, mstatus
  CHECK(35, a0, 0x40022)
  csrw mstatus, zero

  // Counters: cycle and instret move forward.
  csrr a0, cycle
  csrr a1, cycle
  sltu a0, a0, a1
  CHECK(40, a0, 1)
  csrr a0, instret
  nop
  nop
  csrr a1, instret
  sltu a0, a0, a1
  CHECK(41, a0, 1)
  csrr a0, time         // time exists (QEMU virt and xv32 both provide it)

  // Counter access from lower modes follows mcounteren and scounteren.
  csrw mcounteren, zero
  csrw scounteren, zero
  TEST_ILLEGAL_IN(50, 1, rdcycle a0)
  TEST_ILLEGAL_IN(52, 0, rdcycle a0)
  li t0, 7
  csrw mcounteren, t0
  RUN_IN(1, rdcycle a0; rdtime a0; rdinstret a0)
  TEST_ILLEGAL_IN(54, 0, rdinstret a0)
  li t0, 7
  csrw scounteren, t0
  RUN_IN(0, rdcycle a0; rdtime a0; rdinstret a0)
  li t0, 2              // only TM
  csrw scounteren, t0
  TEST_ILLEGAL_IN(56, 0, rdcycle a0)
  RUN_IN(0, rdtime a0)
  csrw mcounteren, zero
  csrw scounteren, zero
  // S-mode CSRs from S-mode, M-mode ones are not.
  RUN_IN(1, csrw sscratch, t0; csrr a0, sscratch; csrr a0, sstatus; csrr a0, stvec)
  TEST_ILLEGAL_IN(58, 1, csrw mepc, zero)
  TEST_ILLEGAL_IN(60, 0, csrr a0, sscratch)
TEST_END

unexpected_trap_local:
  j fail
