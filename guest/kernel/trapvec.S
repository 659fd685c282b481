// Trap vectors. uservec: stvec while in U-mode; sscratch holds this process's trapframe (the
// kernel is mapped in every page table, so no satp switch). kernelvec: stvec in S-mode.
#define TF_KSP 0
#define TF_KTRAP 4
#define TF_EPC 8
#define TF_REGS 16   /* ra, sp, gp, tp, t0-t2, s0, s1, a0-a7, s2-s11, t3-t6: struct trapframe */

  .align 4
  .globl uservec
uservec:
  csrrw a0, sscratch, a0          // a0 = trapframe, sscratch = user a0
  sw ra, 16(a0)
  sw sp, 20(a0)
  sw gp, 24(a0)
  sw tp, 28(a0)
  sw t0, 32(a0)
  sw t1, 36(a0)
  sw t2, 40(a0)
  sw s0, 44(a0)
  sw s1, 48(a0)
  sw a1, 56(a0)
  sw a2, 60(a0)
  sw a3, 64(a0)
  sw a4, 68(a0)
  sw a5, 72(a0)
  sw a6, 76(a0)
  sw a7, 80(a0)
  sw s2, 84(a0)
  sw s3, 88(a0)
  sw s4, 92(a0)
  sw s5, 96(a0)
  sw s6, 100(a0)
  sw s7, 104(a0)
  sw s8, 108(a0)
  sw s9, 112(a0)
  sw s10, 116(a0)
  sw s11, 120(a0)
  sw t3, 124(a0)
  sw t4, 128(a0)
  sw t5, 132(a0)
  sw t6, 136(a0)
  csrr t0, sscratch
  sw t0, 52(a0)                   // user a0
  csrw sscratch, a0               // keep the trapframe for the next trap
  lw sp, TF_KSP(a0)
  lw t0, TF_KTRAP(a0)
  jr t0                           // usertrap(), never returns here

// userret(trapframe): restores user registers and returns to U-mode at sepc.
  .globl userret
userret:
  csrw sscratch, a0
  lw ra, 16(a0)
  lw sp, 20(a0)
  lw gp, 24(a0)
  lw tp, 28(a0)
  lw t0, 32(a0)
  lw t1, 36(a0)
  lw t2, 40(a0)
  lw s0, 44(a0)
  lw s1, 48(a0)
  lw a1, 56(a0)
  lw a2, 60(a0)
  lw a3, 64(a0)
  lw a4, 68(a0)
  lw a5, 72(a0)
  lw a6, 76(a0)
  lw a7, 80(a0)
  lw s2, 84(a0)
  lw s3, 88(a0)
  lw s4, 92(a0)
  lw s5, 96(a0)
  lw s6, 100(a0)
  lw s7, 104(a0)
  lw s8, 108(a0)
  lw s9, 112(a0)
  lw s10, 116(a0)
  lw s11, 120(a0)
  lw t3, 124(a0)
  lw t4, 128(a0)
  lw t5, 132(a0)
  lw t6, 136(a0)
  lw a0, 52(a0)
  sret

// Traps in S-mode (device and timer interrupts, kernel faults): save the caller-saved
// registers on the current kernel stack and call kerneltrap().
  .align 4
  .globl kernelvec
kernelvec:
  addi sp, sp, -64
  sw ra, 0(sp)
  sw t0, 4(sp)
  sw t1, 8(sp)
  sw t2, 12(sp)
  sw a0, 16(sp)
  sw a1, 20(sp)
  sw a2, 24(sp)
  sw a3, 28(sp)
  sw a4, 32(sp)
  sw a5, 36(sp)
  sw a6, 40(sp)
  sw a7, 44(sp)
  sw t3, 48(sp)
  sw t4, 52(sp)
  sw t5, 56(sp)
  sw t6, 60(sp)
  call kerneltrap
  lw ra, 0(sp)
  lw t0, 4(sp)
  lw t1, 8(sp)
  lw t2, 12(sp)
  lw a0, 16(sp)
  lw a1, 20(sp)
  lw a2, 24(sp)
  lw a3, 28(sp)
  lw a4, 32(sp)
  lw a5, 36(sp)
  lw a6, 40(sp)
  lw a7, 44(sp)
  lw t3, 48(sp)
  lw t4, 52(sp)
  lw t5, 56(sp)
  lw t6, 60(sp)
  addi sp, sp, 64
  sret
