// Start-up for the bare-metal benchmark programs: stack, zeroed bss, main(), then exit with
// main's return value through riscv-tests' tohost (xv32) and the syscon device (QEMU).
// Built with -DSV32, it first turns on Sv32 with identity megapages (RAM, and the device
// windows at 0 and 0x10000000), opens PMP and drops to S-mode: the "MMU on" benchmark.
#define PTE_VRWXAD 0xcf
#define PTE_VRWAD 0xc7
  .section .text.init
  .globl _start
_start:
#ifdef SV32
  la t0, page_table
  li t1, 0
  li t2, 1024
1: sw zero, 0(t0)          // a zeroed root table
  addi t0, t0, 4
  addi t2, t2, -1
  bnez t2, 1b
  la t0, page_table
  li t1, (0x80000000 >> 22) * 4
  add t0, t0, t1
  li t1, ((0x80000000 >> 12) << 10) | PTE_VRWXAD
  li t2, 32                // 32 megapages: 128 MiB of RAM
  li t3, (0x400000 >> 12) << 10
2: sw t1, 0(t0)
  addi t0, t0, 4
  add t1, t1, t3
  addi t2, t2, -1
  bnez t2, 2b
  la t0, page_table
  li t1, PTE_VRWAD         // 0x00000000: the syscon device
  sw t1, 0(t0)
  li t1, ((0x10000000 >> 12) << 10) | PTE_VRWAD
  sw t1, (0x10000000 >> 22) * 4(t0)
  li t0, -1                // PMP: all memory for S-mode
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0
  la t0, page_table
  srli t0, t0, 12
  li t1, 0x80000000
  or t0, t0, t1
  csrw satp, t0
  sfence.vma
  li t0, 3 << 11           // mret to S-mode at 3f
  csrc mstatus, t0
  li t0, 1 << 11
  csrs mstatus, t0
  la t0, 3f
  csrw mepc, t0
  mret
3:
#endif
  la sp, stack_top
  la t0, __bss_start
  la t1, _end
1: bgeu t0, t1, 2f
  sw zero, 0(t0)
  addi t0, t0, 4
  j 1b
2: call main
  slli t0, a0, 1
  ori t0, t0, 1
  la t1, tohost
  sw t0, 0(t1)
  sw zero, 4(t1)
  li t1, 0x100000
  li t2, 0x5555
  beqz a0, 3f
  slli t2, a0, 16
  li t3, 0x3333
  or t2, t2, t3
3: sw t2, 0(t1)
4: j 4b

  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
tohost: .dword 0
  .align 6
  .globl fromhost
fromhost: .dword 0

#ifdef SV32
  .section .pagetable, "aw", @nobits
  .align 12
page_table: .space 4096
#endif

  .section .stack, "aw", @nobits
  .align 4
  .space 65536
stack_top:
