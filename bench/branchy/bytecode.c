// A bytecode interpreter: a small stack machine (push, arithmetic, compare, jumps, loads and
// stores of locals) running a program that counts primes by trial division: a switch dispatch
// on every bytecode, as interpreters of scripting languages do.
#include "../programs/_rt.h"
enum { PUSH, LOAD, STORE, ADD, SUB, MOD, LT, JZ, JMP, INC, HALT };

static uint32_t run(const int32_t *code, int32_t limit) {
  int32_t stack[16], locals[4] = { 0 };
  int sp = 0, pc = 0;
  locals[3] = limit;
  for (;;) {
    int32_t op = code[pc++];
    switch (op) {
      case PUSH: stack[sp++] = code[pc++]; break;
      case LOAD: stack[sp++] = locals[code[pc++]]; break;
      case STORE: locals[code[pc++]] = stack[--sp]; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
      case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case JZ: { int32_t t = code[pc++]; if (stack[--sp] == 0) pc = t; break; }
      case JMP: pc = code[pc]; break;
      case INC: locals[code[pc++]]++; break;
      case HALT: return (uint32_t)locals[2];
    }
  }
}

int main(void) {
  /* locals: 0 = n, 1 = d, 2 = primes found, 3 = limit */
  static const int32_t prog[] = {
    PUSH, 2, STORE, 0,                        /*  0: n = 2 */
    LOAD, 0, LOAD, 3, LT, JZ, 39,             /*  4: while n < limit */
    PUSH, 2, STORE, 1,                        /* 11:   d = 2 */
    LOAD, 1, LOAD, 0, LT, JZ, 33,             /* 15:   while d < n */
    LOAD, 0, LOAD, 1, MOD, JZ, 35,            /* 22:     n % d == 0: not a prime */
    INC, 1, JMP, 15,                          /* 29:     d++ */
    INC, 2,                                   /* 33:   a prime */
    INC, 0, JMP, 4,                           /* 35:   n++ */
    HALT,                                     /* 39 */
  };

  uint32_t sum = 0;
  for (int round = 0; round < SCALE; round++) sum = sum * 7 + run(prog, 1400 + round);
  put_str("bytecode: ");
  put_hex(sum);
  put_char('\n');
  return 0;
}
