// Macros for xv32's own ISA tests. Conventions: gp holds the number of the check in progress
// (reported on failure), s11 points to the next free word of the signature, t6 is scratch.
// Each check both compares a value with what the spec says and appends it to the signature,
// which the harness prints at the end so runs on xv32 and QEMU can be compared word for word.
#define UART0 0x10000000
#define SYSCON 0x100000
#define TESTNUM gp

#define TEST_BEGIN .text; .globl test_main; test_main:
#define TEST_END j pass

// Record `reg` and check it equals `expected`.
#define CHECK(n, reg, expected) \
  li TESTNUM, n; sw reg, 0(s11); addi s11, s11, 4; li t6, expected; bne reg, t6, fail

// Record `reg` without checking it (QEMU comparison only).
#define RECORD(reg) sw reg, 0(s11); addi s11, s11, 4

// rd = op(a, b) for a register-register op, checked.
#define TEST_RR(n, op, a, b, expected) \
  li a1, a; li a2, b; op a0, a1, a2; CHECK(n, a0, expected)

// rd = op(a, imm), checked.
#define TEST_RI(n, op, a, imm, expected) \
  li a1, a; op a0, a1, imm; CHECK(n, a0, expected)

// Install `handler` as the M-mode trap vector.
#define SET_MTVEC(handler) la t0, handler; csrw mtvec, t0

// Expect the next instruction(s) to trap: the shared handler `expect_trap_handler` records mcause
// and mtval in a1/a2 (mstatus in a3, mepc in a4), resumes at the label given here, and counts traps in s10.
#define EXPECT_TRAP_RESUME(label) la t0, label; csrw mscratch, t0; SET_MTVEC(expect_trap_handler)

// Drop from M-mode to privilege `mode` (0 = U, 1 = S) at `label`.
#define GOTO_MODE(mode, label) \
  li t0, 3 << 11; csrc mstatus, t0; li t0, (mode) << 11; csrs mstatus, t0; \
  la t0, label; csrw mepc, t0; mret
