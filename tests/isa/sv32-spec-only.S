// A page walk that reads a PTE outside RAM raises an access fault of the original access type
// (priv spec 4.3.2 step 2: load 5, store 7, fetch 1) with tval = the virtual address.
// Not compared with QEMU: QEMU 7.2 raises a page fault instead.
#include "harness.h"
#include "vm.h"
  .option norvc
#define IN_S(cause, ...) \
  EXPECT_TRAP_RESUME(1f); GOTO_MODE(1, 2f); 2: __VA_ARGS__; ecall; 1: li t0, cause; bne a1, t0, fail

TEST_BEGIN
  VM_BASE_MAPPINGS
  // root[0xc8000000 >> 22] points to a "table" at 0x00200000, a hole in the memory map.
  la t0, pt_root
  li t1, ((0x00200000 >> 12) << 10) | PTE_V
  li t2, (0xc8000000 >> 22) * 4
  add t0, t0, t2
  sw t1, 0(t0)
  SATP_SV32(1)
  li TESTNUM, 1
  IN_S(5, li t2, 0xc8000010; lw s2, 0(t2))
  CHECK(2, a2, 0xc8000010)
  li TESTNUM, 3
  IN_S(7, li t2, 0xc8000020; sw zero, 0(t2))
  CHECK(4, a2, 0xc8000020)
  li TESTNUM, 5
  IN_S(1, li t2, 0xc8000030; jr t2)
  CHECK(6, a2, 0xc8000030)
  CHECK(7, a4, 0xc8000030)
TEST_END

  .bss
  .align 12
pt_root: .space 4096
pt_l0: .space 4096
