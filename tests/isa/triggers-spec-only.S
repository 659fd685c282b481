// The trigger module (debug spec 1.0 chapter 5, Sdtrig) as a debugger or riscv-tests'
// breakpoint test uses it: two mcontrol triggers found by writing tselect and reading it back;
// an execute trigger raises a breakpoint exception before the instruction runs (mepc = mtval =
// its address); load and store triggers fire on any byte of the access before it is made
// (mtval = the access's address; a store leaves memory unchanged); the m/s/u bits choose the
// modes a trigger fires in; match 2 (at least) and 3 (less than) compare the address; fields
// the module does not offer read back as 0. Not compared with QEMU: QEMU 7.2 also offers
// mcontrol6 (its tinfo is 0x44) and differs in the hit bit.
#include "harness.h"
  .option norvc
#define MCONTROL (2 << 28)
#define M_BIT 0x40
#define U_BIT 0x08
#define EXEC 4
#define STORE 2
#define LOAD 1
#define HIT (1 << 20)
TEST_BEGIN
  // Enumeration: tselect takes 0 and 1, not 2; both are mcontrol; tinfo offers type 2 only.
  csrw tselect, zero
  csrr a0, tselect
  CHECK(1, a0, 0)
  li t0, 1
  csrw tselect, t0
  csrr a0, tselect
  CHECK(2, a0, 1)
  li t0, 2
  csrw tselect, t0
  csrr a0, tselect
  CHECK(3, a0, 1)
  csrr a0, tdata1
  srli a0, a0, 28
  CHECK(4, a0, 2)
  csrr a0, tinfo
  CHECK(5, a0, 4)
  // An execute trigger on `bp`, in M-mode.
  csrw tselect, zero
  la t0, bp
  csrw tdata2, t0
  li t0, MCONTROL | M_BIT | EXEC
  csrw tdata1, t0
  csrr a0, tdata1
  CHECK(6, a0, MCONTROL | M_BIT | EXEC)
  li a5, 0
  EXPECT_TRAP_RESUME(1f)
  jal ra, bp            // bp's first instruction must not run
  j fail
1:
  CHECK(7, a1, 3)       // breakpoint
  la t0, bp
  sub a0, a4, t0
  CHECK(8, a0, 0)       // mepc = the instruction
  sub a0, a2, t0
  CHECK(9, a0, 0)       // mtval = its address
  CHECK(10, a5, 0)
  csrr a0, tdata1
  li t0, HIT
  and a0, a0, t0
  CHECK(11, a0, HIT)
  csrw tdata1, zero     // off: the instruction now runs
  csrr a0, tdata1
  CHECK(12, a0, MCONTROL)
  jal ra, bp
  CHECK(13, a5, 1)
  // A load trigger on data+2: a word load of data fires, a byte load of data does not.
  la t0, data
  addi t0, t0, 2
  csrw tdata2, t0
  li t0, MCONTROL | M_BIT | LOAD
  csrw tdata1, t0
  la t1, data
  lb a0, 0(t1)
  CHECK(14, a0, 0x11)
  li a0, 0
  EXPECT_TRAP_RESUME(2f)
  lw a0, 0(t1)
  j fail
2:
  CHECK(15, a1, 3)
  sub a0, a2, t1
  CHECK(16, a0, 0)      // mtval = the load's address
  // A load trigger does not fire on a store.
  li t0, 0x55
  sb t0, 2(t1)
  // A store trigger on data+4 (trigger 1): the store traps and memory is left as it was.
  li t0, 1
  csrw tselect, t0
  addi t0, t1, 4
  csrw tdata2, t0
  li t0, MCONTROL | M_BIT | STORE
  csrw tdata1, t0
  li t2, -1
  EXPECT_TRAP_RESUME(3f)
  sw t2, 4(t1)
  j fail
3:
  CHECK(17, a1, 3)
  csrw tdata1, zero
  csrw tselect, zero
  csrw tdata1, zero
  lw a0, 4(t1)
  CHECK(18, a0, 0x88776655)
  lw a0, 0(t1)
  CHECK(19, a0, 0x44552211)  // the byte store above went through
  // An AMO is a load and a store: a load trigger fires on it.
  li t0, MCONTROL | M_BIT | LOAD
  csrw tdata1, t0         // tdata2 still data+2
  EXPECT_TRAP_RESUME(4f)
  amoadd.w a0, t2, (t1)
  j fail
4:
  CHECK(20, a1, 3)
  // match 2, at least tdata2: data+8 and above fire, data+4 does not.
  addi t0, t1, 8
  csrw tdata2, t0
  li t0, MCONTROL | M_BIT | LOAD | (2 << 7)
  csrw tdata1, t0
  csrr a0, tdata1
  CHECK(21, a0, MCONTROL | M_BIT | LOAD | (2 << 7))
  lw a0, 4(t1)
  CHECK(22, a0, 0x88776655)
  EXPECT_TRAP_RESUME(5f)
  lw a0, 12(t1)
  j fail
5:
  CHECK(23, a1, 3)
  // A match the module does not offer (1, the top bits) reads back as 0.
  li t0, MCONTROL | M_BIT | LOAD | (1 << 7)
  csrw tdata1, t0
  csrr a0, tdata1
  CHECK(24, a0, MCONTROL | M_BIT | LOAD)
  csrw tdata1, zero
  // An execute trigger for U-mode only: M-mode runs the instruction, U-mode traps on it.
  la t0, ubp
  csrw tdata2, t0
  li t0, MCONTROL | U_BIT | EXEC
  csrw tdata1, t0
  li a5, 0
  jal ra, ubp
  CHECK(25, a5, 1)
  li a5, 0
  EXPECT_TRAP_RESUME(6f)
  la ra, fail           // where ubp returns if it runs in U-mode
  GOTO_MODE(0, ubp)
6:
  CHECK(26, a1, 3)
  CHECK(27, a5, 0)
  // With a trigger armed (instructions then run one at a time), an interrupt that a CSR write
  // enables is still taken right after that write.
  li t0, MCONTROL | M_BIT | LOAD
  csrw tdata1, t0
  li t0, 0x02000000     // the CLINT's msip = 1: the software interrupt is pending
  li t1, 1
  sw t1, 0(t0)
  li t0, 0x8
  csrs mie, t0          // MSIE
  li a5, 0
  EXPECT_TRAP_RESUME(7f)
  csrsi mstatus, 8      // MIE: taken here, before the next instruction
after_mie:
  li a5, 1
  j fail
7:
  CHECK(28, a1, 0x80000003)
  la t0, after_mie
  sub a0, a4, t0
  CHECK(29, a0, 0)      // mepc = the instruction after the csrsi
  CHECK(30, a5, 0)
  li t0, 0x02000000
  sw zero, 0(t0)
  li t0, 0x8
  csrc mie, t0
  csrw tdata1, zero
TEST_END

bp:
  li a5, 1
  ret
ubp:
  li a5, 1
  ret

  .data
  .align 4
data:
  .word 0x44332211, 0x88776655, 0, 0
