// Program entry for standard C programs (picolibc): exec leaves argc and argv in a0 and a1.
// The TLS block (errno lives there) is the linked .tdata/.tbss itself: one thread, so it is
// used in place. Then stdio and constructors, main(argc, argv, environ), and exit.
  .section .text.start
  .globl _start
_start:
  mv s0, a0
  mv s1, a1
  la a0, __tls_base
  call _set_tls
  call __xv32_libc_init
  call __libc_init_array
  mv a0, s0
  mv a1, s1
  lw a2, environ
  call main
  call exit
