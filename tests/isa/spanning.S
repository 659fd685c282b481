// A 4-byte instruction that straddles a page boundary runs correctly every time, not only the
// first (xv32 decodes it afresh each time, since the two pages may be remapped independently).
#include "harness.h"
  .option norvc
TEST_BEGIN
  li a0, 0
  li s0, 5
  j 1f
  .balign 4096
  .skip 4096 - 4 - 2 - 2   // addi (4), c.nop (2), then the straddling addi at 0xffe
1: addi s1, s1, 0          // pads so that the next instruction starts 2 bytes before the page end
  .option rvc
  c.nop
  .option norvc
2: addi a0, a0, 7          // bytes 0xffe-0x1001 of this page pair
  addi s0, s0, -1
  bnez s0, 1b
  CHECK(1, a0, 35)
  la t0, 2b
  li t1, 0xfff
  and t0, t0, t1
  CHECK(2, t0, 0xffe)      // the test really straddles the boundary
TEST_END
