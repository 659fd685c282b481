// mip.SEIP reads as the software bit OR the PLIC's S-mode line, but a csrs/csrc of mip only
// changes the software bit (priv spec 3.1.9): the device's interrupt must not get latched.
#include "harness.h"
  .option norvc
#define PLIC 0x0c000000
#define UART0 0x10000000
TEST_BEGIN
  li t0, PLIC + 4 * 10
  li t1, 1
  sw t1, 0(t0)              // UART (source 10) priority 1
  li t0, PLIC + 0x2080
  li t1, 1 << 10
  sw t1, 0(t0)              // enabled for context 1 (S-mode)
  li t0, UART0
  li t1, 2
  sb t1, 1(t0)              // IER: transmitter-empty interrupt, pending at once
  csrr a0, mip
  andi a0, a0, 1 << 9
  srli a0, a0, 9
  CHECK(1, a0, 1)           // SEIP is seen through the line
  li t1, 1 << 5
  csrs mip, t1              // a read-modify-write of mip (sets STIP)
  csrc mip, t1
  li t0, UART0
  lbu t1, 2(t0)             // reading IIR clears the UART's interrupt
  sb zero, 1(t0)
  li t0, PLIC + 0x201004
  lw t1, 0(t0)              // claim it (source 10)
  CHECK(2, t1, 10)
  sw t1, 0(t0)              // complete
  csrr a0, mip
  andi a0, a0, 1 << 9
  CHECK(3, a0, 0)           // the line is low, and nothing was latched
  li t1, 1 << 9
  csrs mip, t1              // the software bit itself can be set and cleared
  csrr a0, mip
  andi a0, a0, 1 << 9
  CHECK(4, a0, 1 << 9)
  csrc mip, t1
  csrr a0, mip
  andi a0, a0, 1 << 9
  CHECK(5, a0, 0)
TEST_END
