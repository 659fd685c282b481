// 20 MiB of bss: more than `--mem 16` gives, so loading it must fail with one line.
  .section .text.init
  .globl _start
_start:
  j _start
  .bss
  .space 20 * 1024 * 1024
