// Sv32 translation in S and U mode (priv spec 4.3): each page-fault cause with scause/mtval/epc;
// permission rules (R/W/X, U with SUM, MXR on execute-only pages, W without R); megapages,
// aligned and misaligned; A and D set by the walker; remapping with and without sfence.vma;
// ASIDs; MPRV; delegation of page faults; access faults on the walk and on the leaf; accesses and
// instructions that cross into an unmapped page; TLB entries never leaking across SUM or modes.
// Page-table helpers are in env/vm.h.
#include "harness.h"
#include "vm.h"
  .option norvc

// Run `...` in S-mode (identity-mapped RAM) or U-mode (the U alias), expecting it to end in trap
// `cause`; its own closing ecall (9 from S, 8 from U) means nothing faulted.
#define IN_S(cause, ...) \
  EXPECT_TRAP_RESUME(1f); GOTO_MODE(1, 2f); 2: __VA_ARGS__; ecall; 1: li t0, cause; bne a1, t0, fail
#define IN_U(cause, ...) \
  EXPECT_TRAP_RESUME(1f); GOTO_U(2f); 2: __VA_ARGS__; ecall; 1: li t0, cause; bne a1, t0, fail

#define VAL_A 0xaaaa0001
#define VAL_B 0xbbbb0002
#define VAL_C 0xcccc0003

TEST_BEGIN
  li t1, VAL_A
  la t0, pg_a
  sw t1, 0(t0)
  li t1, VAL_B
  la t0, pg_b
  sw t1, 0(t0)
  VM_BASE_MAPPINGS
  MAP_PAGE(0, pg_a, PTE_V | PTE_R | PTE_A)                        // read-only
  MAP_PAGE(1, pg_b, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)        // read-write
  MAP_PAGE(2, pg_a, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D) // a U page
  MAP_PAGE(3, pg_c, PTE_V | PTE_X | PTE_A)                        // execute-only
  MAP_PAGE(4, pg_a, PTE_V | PTE_W | PTE_A | PTE_D)                // W without R: reserved
  MAP_PAGE(5, pg_b, PTE_V | PTE_R | PTE_W)                        // A and D clear
  MAP_PAGE(7, pg_c, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A)        // U code
  SATP_SV32(1)

  // 1. A load through a read-only page works; a store to it is a store page fault with
  //    mtval = the address and mepc = the store.
  IN_S(9, li t2, WVA(0, 0); lw s2, 0(t2))
  CHECK(1, s2, VAL_A)
  IN_S(15, li t2, WVA(0, 4); 3: sw zero, 0(t2))
  CHECK(2, a2, WVA(0, 4))
  la t0, 3b
  sub a0, a4, t0
  CHECK(3, a0, 0)
  // 2. Unmapped addresses: an invalid level-0 PTE, and an invalid root entry.
  IN_S(13, li t2, WVA(6, 8); lw s2, 0(t2))
  CHECK(4, a2, WVA(6, 8))
  IN_S(13, li t2, 0xc0001000; lw s2, 0(t2))
  CHECK(5, a2, 0xc0001000)
  IN_S(15, li t2, 0xc0001000; sw zero, 0(t2))
  // 3. Fetching from a page without X: instruction page fault, mtval = mepc = the target.
  IN_S(12, li t2, WVA(1, 0); jr t2)
  CHECK(6, a2, WVA(1, 0))
  CHECK(7, a4, WVA(1, 0))
  // 4. S-mode and U pages: no access without SUM, loads and stores with it, never a fetch.
  IN_S(13, li t2, WVA(2, 0); lw s2, 0(t2))
  li t0, 1 << 18
  csrs mstatus, t0
  IN_S(9, li t2, WVA(2, 0); lw s2, 0(t2); sw s2, 4(t2))
  CHECK(8, s2, VAL_A)
  IN_S(12, li t2, WVA(7, 0); jr t2)
  CHECK(9, a2, WVA(7, 0))
  // 5. Clearing SUM takes effect at once, even for a page just used (no stale TLB entry).
  IN_S(13, li t2, WVA(2, 0); lw s2, 0(t2); li t0, 1 << 18; csrc sstatus, t0; lw s2, 0(t2))
  li t0, 1 << 18
  csrc mstatus, t0
  // 6. U-mode: U pages only. A page S-mode has just used is still closed to U.
  IN_U(8, li t2, WVA(2, 0); lw s2, 0(t2))
  CHECK(10, s2, VAL_A)
  IN_S(9, li t2, WVA(1, 0); lw s2, 0(t2))
  IN_U(13, li t2, WVA(1, 0); lw s2, 0(t2))
  CHECK(11, a2, WVA(1, 0))
  IN_U(15, li t2, WVA(0, 0); sw zero, 0(t2))
  // 7. An execute-only page runs, but is read only with MXR.
  la t0, pg_c
  la t1, code_li_ecall
  lw t2, 0(t1)
  sw t2, 0(t0)
  lw t2, 4(t1)
  sw t2, 4(t0)
  fence.i
  IN_S(9, li t2, WVA(3, 0); jalr t2)          // runs li a0, 0x77; ecall (the ecall ends it)
  CHECK(12, a0, 0x77)
  IN_S(13, li t2, WVA(3, 0); lw s2, 0(t2))
  li t0, 1 << 19
  csrs mstatus, t0
  IN_S(9, li t2, WVA(3, 0); lw s2, 0(t2))
  li t0, 1 << 19
  csrc mstatus, t0
  la t1, code_li_ecall
  lw t2, 0(t1)
  CHECK(13, s2, 0x07700513)
  bne s2, t2, fail
  // 8. W without R is reserved: loads and stores both fault.
  IN_S(13, li t2, WVA(4, 0); lw s2, 0(t2))
  IN_S(15, li t2, WVA(4, 0); sw zero, 0(t2))
  // 9. Megapages: an aligned one maps 4 MiB; one whose PPN[0] is not zero faults.
  MAP_MEGA(0xc0000000, RAM, PTE_V | PTE_R | PTE_A)
  MAP_MEGA(0xc4000000, RAM + 0x1000, PTE_V | PTE_R | PTE_A)
  sfence.vma
  IN_S(9, la t2, pg_b; li t3, 0xc0000000 - RAM; add t2, t2, t3; lw s2, 0(t2))
  CHECK(14, s2, VAL_B)
  IN_S(13, li t2, 0xc4000000; lw s2, 0(t2))
  CHECK(15, a2, 0xc4000000)
  // 10. The walker sets A on a load and D on a store, in the PTE itself.
  GET_PTE(a0, 5)
  andi a0, a0, PTE_A | PTE_D
  CHECK(16, a0, 0)
  IN_S(9, li t2, WVA(5, 0); lw s2, 0(t2))
  GET_PTE(a0, 5)
  andi a0, a0, PTE_A | PTE_D
  CHECK(17, a0, PTE_A)
  IN_S(9, li t2, WVA(5, 0); sw s2, 8(t2))
  GET_PTE(a0, 5)
  andi a0, a0, PTE_A | PTE_D
  CHECK(18, a0, PTE_A | PTE_D)
  // 11. A remapped page is seen at once after sfence.vma of its address...
  MAP_PAGE(8, pg_a, PTE_V | PTE_R | PTE_A)
  IN_S(9, li t2, WVA(8, 0); lw s2, 0(t2))
  CHECK(19, s2, VAL_A)
  MAP_PAGE(8, pg_b, PTE_V | PTE_R | PTE_A)
  IN_S(9, li t2, WVA(8, 0); sfence.vma t2, zero; lw s2, 0(t2))
  CHECK(20, s2, VAL_B)
  // ... and without it either mapping may be used (priv spec 4.2.1): check it is one of them.
  MAP_PAGE(9, pg_a, PTE_V | PTE_R | PTE_A)
  IN_S(9, li t2, WVA(9, 0); lw s2, 0(t2))
  MAP_PAGE(9, pg_b, PTE_V | PTE_R | PTE_A)
  IN_S(9, li t2, WVA(9, 0); lw s2, 0(t2))
  li t0, VAL_A
  beq s2, t0, 3f
  li t0, VAL_B
  bne s2, t0, fail
3:
  // 12. ASIDs: a new address space is seen after a satp write, with no sfence.vma.
  MAP_PAGE(10, pg_a, PTE_V | PTE_R | PTE_A)
  sfence.vma
  IN_S(9, li t2, WVA(10, 0); lw s2, 0(t2))
  CHECK(21, s2, VAL_A)
  la t0, pt_root
  la t1, pt_root2
  li t2, 1024
4: lw t3, 0(t0)
  sw t3, 0(t1)
  addi t0, t0, 4
  addi t1, t1, 4
  addi t2, t2, -1
  bnez t2, 4b
  la t1, pt_root2
  la t2, pt_l0b
  srli t2, t2, 12
  slli t2, t2, 10
  ori t2, t2, PTE_V
  li t3, (WINDOW >> 22) * 4
  add t1, t1, t3
  sw t2, 0(t1)
  la t0, pt_l0b
  la t1, pg_b
  srli t1, t1, 12
  slli t1, t1, 10
  ori t1, t1, PTE_V | PTE_R | PTE_A
  sw t1, 10 * 4(t0)
  la t0, pt_root2
  srli t0, t0, 12
  li t1, 0x80000000 | (2 << 22)
  or t0, t0, t1
  csrw satp, t0
  IN_S(9, li t2, WVA(10, 0); lw s2, 0(t2))
  CHECK(22, s2, VAL_B)
  csrr a0, satp
  srli a0, a0, 22
  andi a0, a0, 0x1ff
  CHECK(23, a0, 2)                              // all nine ASID bits are kept
  SATP_SV32(1)
  // 13. MPRV: M-mode loads and stores translate as MPP's mode.
  li t0, 3 << 11
  csrc mstatus, t0
  li t0, (1 << 17) | (1 << 11)                  // MPRV, MPP = S
  csrs mstatus, t0
  li t2, WVA(1, 0)
  lw s2, 0(t2)
  li t0, 1 << 17
  csrc mstatus, t0
  CHECK(24, s2, VAL_B)
  li t0, 3 << 11
  csrc mstatus, t0                              // MPP = U: a non-U page faults
  EXPECT_TRAP_RESUME(1f)
  li t0, 1 << 17
  csrs mstatus, t0
  li t2, WVA(1, 0)
  lw s2, 0(t2)
  li t0, 1 << 17
  csrc mstatus, t0
  j fail
1: li t0, 1 << 17
  csrc mstatus, t0
  CHECK(25, a1, 13)
  CHECK(26, a2, WVA(1, 0))
  // 14. A delegated page fault reaches S-mode with scause and stval.
  la t0, s_fault_handler
  csrw stvec, t0
  li t0, 1 << 13
  csrw medeleg, t0
  IN_S(9, li s2, 0; li t2, WVA(6, 12); lw s3, 0(t2))
  csrw medeleg, zero
  CHECK(27, s2, 13)
  CHECK(28, s3, WVA(6, 12))
  // 15. An access fault: a leaf that points outside RAM (a table outside RAM: sv32-spec-only.S).
  SET_PTE(11, ((0x00200000 >> 12) << 10) | PTE_V | PTE_R | PTE_A)
  IN_S(5, li t2, WVA(11, 0); lw s2, 0(t2))
  CHECK(29, a2, WVA(11, 0))
  // 16. A load that crosses from a mapped page into an unmapped one faults.
  MAP_PAGE(12, pg_a, PTE_V | PTE_R | PTE_A)
  IN_S(13, li t2, WVA(12, 4094); lw s2, 0(t2))
  RECORD(a2)
  // 17. An instruction whose second half is on an unmapped page: fetch page fault at its start.
  la t0, pg_d
  li t2, 4090
  add t0, t0, t2
  li t1, 0x00000013                             // nop at offset 4090
  sw t1, 0(t0)
  li t1, 0x0513                                 // the low half of addi a0, a0, 1 at offset 4094
  sh t1, 4(t0)
  fence.i
  MAP_PAGE(14, pg_d, PTE_V | PTE_R | PTE_X | PTE_A)
  IN_S(12, li t2, WVA(14, 4090); jr t2)
  CHECK(31, a4, WVA(14, 4094))
  RECORD(a2)
  // 18. Bare mode in S: addresses are physical.
  csrw satp, zero
  IN_S(9, la t2, pg_a; lw s2, 0(t2))
  CHECK(32, s2, VAL_A)
TEST_END

  .align 2
s_fault_handler:
  csrr s2, scause
  csrr s3, stval
  ecall

code_li_ecall:
  li a0, 0x77
  ecall

  .bss
  .align 12
pt_root: .space 4096
pt_l0: .space 4096
pt_root2: .space 4096
pt_l0b: .space 4096
pg_a: .space 4096
pg_b: .space 4096
pg_c: .space 4096
pg_d: .space 4096
