// Program entry: main(argc, argv) as exec set them up in a0/a1, then exit with its result.
  .section .text.start
  .globl _start
_start:
  call main
  call exit
