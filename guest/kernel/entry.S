// Kernel entry in S-mode from the firmware (a0 = hart id, a1 = device tree or 0).
  .section .text.entry
  .globl _entry
_entry:
  la sp, boot_stack_top
  call main
1: wfi
  j 1b

  .bss
  .align 4
boot_stack: .space 16384
  .globl boot_stack_top
boot_stack_top:
