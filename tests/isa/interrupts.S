// Interrupts (priv spec 3.1.6.1, 3.1.9, 3.3.3): the machine timer taken from M, S and U; WFI with
// and without global enables; S-level interrupts delegated through mideleg and the rule that they
// are never taken in M-mode; CLINT software interrupts; priority; and vectored mtvec.
#include "harness.h"
  .option norvc
#define CLINT 0x02000000
#define MTIMECMP (CLINT + 0x4000)
#define MTIME (CLINT + 0xbff8)
#define MSTATUS_MIE 8
#define MSTATUS_SIE 2

// mtimecmp = mtime + ticks (high word written first so no spurious interrupt in between).
#define TIMER_IN(ticks) \
  li t0, MTIME; lw t1, 0(t0); lw t2, 4(t0); li t0, ticks; add t0, t1, t0; sltu t1, t0, t1; \
  add t2, t2, t1; li t1, MTIMECMP; li t3, -1; sw t3, 4(t1); sw t0, 0(t1); sw t2, 4(t1)

// Announce an interrupt: irq_handler records it and resumes at `label` in M-mode.
#define EXPECT_IRQ_RESUME(label) la t0, label; csrw mscratch, t0; SET_MTVEC(irq_handler)

TEST_BEGIN
  li s9, 0
  // 1. The machine timer taken in M-mode while spinning.
  EXPECT_IRQ_RESUME(1f)
  TIMER_IN(200)
  li t0, 1 << 7
  csrw mie, t0
  csrsi mstatus, MSTATUS_MIE
2: j 2b
1: csrci mstatus, MSTATUS_MIE
  CHECK(1, a1, 0x80000007)
  srli a3, a3, 11
  andi a3, a3, 3
  CHECK(2, a3, 3)              // MPP = M
  // 2. The same, waiting in WFI.
  EXPECT_IRQ_RESUME(1f)
  TIMER_IN(200)
  csrsi mstatus, MSTATUS_MIE
2: wfi
  j 2b
1: csrci mstatus, MSTATUS_MIE
  CHECK(3, a1, 0x80000007)
  // 3. WFI wakes on a pending enabled interrupt even with mstatus.MIE clear, and takes no trap.
  mv s8, s10
  TIMER_IN(200)
2: wfi
  csrr t0, mip
  andi t0, t0, 1 << 7
  beqz t0, 2b
  sub a0, s10, s8
  CHECK(4, a0, 0)
  li t0, MTIMECMP
  li t1, -1
  sw t1, 4(t0)
  // 4. The machine timer interrupts U-mode and S-mode whatever mstatus.MIE says.
  EXPECT_IRQ_RESUME(1f)
  TIMER_IN(200)
  GOTO_MODE(0, 2f)
2: j 2b
1: CHECK(5, a1, 0x80000007)
  srli a3, a3, 11
  andi a3, a3, 3
  CHECK(6, a3, 0)
  EXPECT_IRQ_RESUME(1f)
  TIMER_IN(200)
  GOTO_MODE(1, 2f)
2: j 2b
1: CHECK(7, a1, 0x80000007)
  srli a3, a3, 11
  andi a3, a3, 3
  CHECK(8, a3, 1)
  csrw mie, zero

  // 5. A delegated supervisor timer interrupt (STIP set by M software) is never taken in M...
  li t0, 1 << 5
  csrw mideleg, t0
  csrw mie, t0
  la t0, s_irq_handler
  csrw stvec, t0
  csrsi mstatus, MSTATUS_MIE | MSTATUS_SIE
  mv s8, s10
  li t0, 1 << 5
  csrs mip, t0
  nop
  nop
  sub a0, s10, s8
  CHECK(10, a0, 0)
  csrci mstatus, MSTATUS_MIE | MSTATUS_SIE
  // ... nor in S-mode with sstatus.SIE clear ...
  EXPECT_TRAP_RESUME(1f)
  GOTO_MODE(1, 2f)
2: nop
  nop
  li s2, 0
  ecall                        // straight back to M: no interrupt came first
1: CHECK(11, a1, 9)
  CHECK(12, s2, 0)
  // ... but is taken in S-mode with SIE set, with scause = 0x80000005 ...
  EXPECT_TRAP_RESUME(1f)
  GOTO_MODE(1, 2f)
2: csrsi sstatus, MSTATUS_SIE
3: j 3b
1: CHECK(13, s2, 0x80000005)
  andi a0, s3, 0x122
  CHECK(14, a0, 0x120)         // SPP = S, SPIE = 1 (SIE was set), SIE = 0
  // ... and in U-mode whatever SIE says.
  EXPECT_TRAP_RESUME(1f)
  GOTO_MODE(0, 2f)
2: j 2b
1: CHECK(15, s2, 0x80000005)
  andi a0, s3, 0x100
  CHECK(16, a0, 0)             // SPP = U
  li t0, 1 << 5
  csrc mip, t0
  csrw mideleg, zero
  csrw mie, zero

  // 6. A supervisor software interrupt raised through sip.
  li t0, 1 << 1
  csrw mideleg, t0
  csrw mie, t0
  EXPECT_TRAP_RESUME(1f)
  GOTO_MODE(1, 2f)
2: csrsi sstatus, MSTATUS_SIE
  csrsi sip, 2
3: j 3b
1: CHECK(17, s2, 0x80000001)
  csrci mip, 2
  csrw mideleg, zero
  // 7. Not delegated, a supervisor external interrupt (SEIP set by software) goes to M.
  li t0, 1 << 9
  csrw mie, t0
  csrs mip, t0
  EXPECT_IRQ_RESUME(1f)
  csrsi mstatus, MSTATUS_MIE
2: j 2b
1: csrci mstatus, MSTATUS_MIE
  CHECK(18, a1, 0x80000009)

  // 8. A machine software interrupt from the CLINT's msip.
  li t0, 1 << 3
  csrw mie, t0
  EXPECT_IRQ_RESUME(1f)
  li t0, CLINT
  li t1, 1
  sw t1, 0(t0)
  csrsi mstatus, MSTATUS_MIE
2: j 2b
1: csrci mstatus, MSTATUS_MIE
  CHECK(19, a1, 0x80000003)

  // 9. Priority: with MSI and MTI both pending, MSI is taken first.
  li t0, (1 << 3) | (1 << 7)
  csrw mie, t0
  TIMER_IN(1)
  li t0, CLINT
  li t1, 1
  sw t1, 0(t0)
2: csrr t0, mip
  andi t0, t0, 1 << 7
  beqz t0, 2b                  // wait until the timer is pending too
  EXPECT_IRQ_RESUME(1f)
  csrsi mstatus, MSTATUS_MIE
  nop
1: csrci mstatus, MSTATUS_MIE
  CHECK(20, a1, 0x80000003)

  // 10. Vectored mtvec: an interrupt goes to base + 4 * cause.
  li t0, 1 << 7
  csrw mie, t0
  la t0, 1f
  csrw mscratch, t0
  la t0, vector_table
  ori t0, t0, 1
  csrw mtvec, t0
  TIMER_IN(200)
  csrsi mstatus, MSTATUS_MIE
2: j 2b
1: csrci mstatus, MSTATUS_MIE
  CHECK(21, a1, 0x80000007)
  CHECK(22, s9, 7)             // arrived through entry 7
  csrw mie, zero
TEST_END

// M-mode interrupt handler: a1 = mcause, a3 = mstatus; silences every source; resumes at
// mscratch in M-mode with MIE clear.
  .align 2
irq_handler:
  csrr a1, mcause
  csrr a3, mstatus
  addi s10, s10, 1
  li t0, MTIMECMP
  li t1, -1
  sw t1, 4(t0)
  sw t1, 0(t0)
  li t0, CLINT
  sw zero, 0(t0)
  li t0, 0x222
  csrc mip, t0
  csrr t0, mscratch
  csrw mepc, t0
  li t0, 3 << 11
  csrs mstatus, t0
  li t0, 0x80           // resume with interrupts disabled
  csrc mstatus, t0
  mret

// S-mode handler: s2 = scause, s3 = sstatus, then back to M with an ecall.
  .align 2
s_irq_handler:
  csrr s2, scause
  csrr s3, sstatus
  ecall

  .align 6
vector_table:
  .rept 7
  j fail
  .endr
  li s9, 7                     // entry 7: machine timer
  j irq_handler
  .rept 8
  j fail
  .endr
