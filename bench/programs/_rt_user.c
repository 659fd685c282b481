// The benchmark programs as user programs under xv32's kernel (`xv32 cc --xv6`): output goes
// through write() rather than the UART; the rest of _rt.c is the same.
#include "user/user.h"
#include "_rt.h"

void put_char(char c) { write(1, &c, 1); }
