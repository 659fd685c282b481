// Firmware entry and machine-mode trap vector. Runs in M-mode from reset (a0 = hart id, a1 =
// device tree or 0); hands over to the kernel in S-mode at KERNEL_BASE.
  .section .text.entry
  .globl _start
_start:
  la sp, fw_stack_top
  la t0, m_trap_vector
  csrw mtvec, t0
  la t0, m_trap_frame
  csrw mscratch, t0
  call fw_main
  // fw_main put the hart id and device tree back in a0/a1 through fw_boot_args.
  la t1, fw_boot_args
  mv t2, a0
  lw a0, 0(t1)
  lw a1, 4(t1)
  csrw mepc, t2
  mret

// Every M-mode trap: save all registers in the frame mscratch points to, call fw_trap(frame),
// restore (the handler may have changed a0/a1 and mepc), mret.
  .align 4
m_trap_vector:
  csrrw t6, mscratch, t6     // t6 = frame, mscratch = the guest's t6
  sw ra, 4(t6)
  sw sp, 8(t6)
  sw gp, 12(t6)
  sw tp, 16(t6)
  sw t0, 20(t6)
  sw t1, 24(t6)
  sw t2, 28(t6)
  sw s0, 32(t6)
  sw s1, 36(t6)
  sw a0, 40(t6)
  sw a1, 44(t6)
  sw a2, 48(t6)
  sw a3, 52(t6)
  sw a4, 56(t6)
  sw a5, 60(t6)
  sw a6, 64(t6)
  sw a7, 68(t6)
  sw s2, 72(t6)
  sw s3, 76(t6)
  sw s4, 80(t6)
  sw s5, 84(t6)
  sw s6, 88(t6)
  sw s7, 92(t6)
  sw s8, 96(t6)
  sw s9, 100(t6)
  sw s10, 104(t6)
  sw s11, 108(t6)
  sw t3, 112(t6)
  sw t4, 116(t6)
  sw t5, 120(t6)
  csrr t5, mscratch
  sw t5, 124(t6)             // the guest's t6
  csrw mscratch, t6
  mv a0, t6
  la sp, fw_stack_top
  call fw_trap
  csrr t6, mscratch
  lw ra, 4(t6)
  lw sp, 8(t6)
  lw gp, 12(t6)
  lw tp, 16(t6)
  lw t0, 20(t6)
  lw t1, 24(t6)
  lw t2, 28(t6)
  lw s0, 32(t6)
  lw s1, 36(t6)
  lw a0, 40(t6)
  lw a1, 44(t6)
  lw a2, 48(t6)
  lw a3, 52(t6)
  lw a4, 56(t6)
  lw a5, 60(t6)
  lw a6, 64(t6)
  lw a7, 68(t6)
  lw s2, 72(t6)
  lw s3, 76(t6)
  lw s4, 80(t6)
  lw s5, 84(t6)
  lw s6, 88(t6)
  lw s7, 92(t6)
  lw s8, 96(t6)
  lw s9, 100(t6)
  lw s10, 104(t6)
  lw s11, 108(t6)
  lw t3, 112(t6)
  lw t4, 116(t6)
  lw t5, 120(t6)
  lw t6, 124(t6)
  mret

  .bss
  .align 4
  .globl m_trap_frame
m_trap_frame: .space 128     // x0..x31, by register number
fw_stack: .space 4096
fw_stack_top:
