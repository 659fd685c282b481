// Page-table helpers for the Sv32 tests. The test owns one root table (pt_root) and one level-0
// table (pt_l0) that maps the 4 MiB test window at VA 0x40000000. Every macro runs in M-mode
// (which never translates), so tables can be edited while S/U code is not running.
#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_G 0x20
#define PTE_A 0x40
#define PTE_D 0x80
#define RWXAD (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define WINDOW 0x40000000
/* Where the harness's RAM megapage is also mapped with U set, so U-mode can run test code. */
#define U_ALIAS 0x00400000
#define RAM 0x80000000

// root[VA >> 22] = a leaf megapage at physical `pa` (an immediate) with `flags`.
#define MAP_MEGA(va, pa, flags) \
  la t0, pt_root; li t1, (((pa) >> 12) << 10) | (flags); li t2, ((va) >> 22) * 4; add t0, t0, t2; sw t1, 0(t0)

// root[VA >> 22] = a pointer to pt_l0.
#define MAP_WINDOW_TABLE \
  la t0, pt_root; la t1, pt_l0; srli t1, t1, 12; slli t1, t1, 10; ori t1, t1, PTE_V; \
  li t2, (WINDOW >> 22) * 4; add t0, t0, t2; sw t1, 0(t0)

// pt_l0[page n of the window] = a leaf for the page at label `target` with `flags`.
#define MAP_PAGE(n, target, flags) \
  la t0, pt_l0; la t1, target; srli t1, t1, 12; slli t1, t1, 10; ori t1, t1, flags; sw t1, (n) * 4(t0)

// pt_l0[page n] = a raw PTE value.
#define SET_PTE(n, value) la t0, pt_l0; li t1, value; sw t1, (n) * 4(t0)
// reg = pt_l0[page n].
#define GET_PTE(reg, n) la t0, pt_l0; lw reg, (n) * 4(t0)

// satp = Sv32 with root pt_root and `asid`; flush.
#define SATP_SV32(asid) \
  la t0, pt_root; srli t0, t0, 12; li t1, 0x80000000 | ((asid) << 22); or t0, t0, t1; csrw satp, t0; sfence.vma

// Identity megapages for the harness (RAM, not U) and its U alias, plus the syscon and UART
// megapages so pass/fail can report from any mode.
#define VM_BASE_MAPPINGS \
  MAP_MEGA(RAM, RAM, RWXAD); MAP_MEGA(U_ALIAS, RAM, RWXAD | PTE_U); \
  MAP_MEGA(0x00000000, 0x00000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D); \
  MAP_MEGA(0x10000000, 0x10000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D); \
  MAP_WINDOW_TABLE

// Enter U-mode at the U alias of `label`.
#define GOTO_U(label) \
  li t0, 3 << 11; csrc mstatus, t0; la t0, label; li t1, RAM - U_ALIAS; sub t0, t0, t1; \
  csrw mepc, t0; mret

// VA of byte `off` of window page `n`.
#define WVA(n, off) (WINDOW + (n) * 4096 + (off))
