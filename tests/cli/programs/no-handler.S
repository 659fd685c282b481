// A wild jump with no trap handler: mtvec is 0 (not RAM), so the fetch fault's handler fetch
// faults again, forever. xv32 run must stop it (status 3) instead of spinning silently.
  .section .text.init
  .globl _start
_start:
  csrw mtvec, zero
  li t0, 0x40000000
  jr t0
