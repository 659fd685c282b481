// Recursive calls: naive Fibonacci, Ackermann's function for small arguments, and a binary tree
// built and summed recursively: call and return at every step.
#include "../programs/_rt.h"
struct tree { struct tree *l, *r; uint32_t v; };
static struct tree nodes[2048];
static int used;

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static uint32_t ack(uint32_t m, uint32_t n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

static struct tree *build(int depth, uint32_t *seed) {
  if (depth == 0 || used == 2048) return 0;
  struct tree *t = &nodes[used++];
  t->v = lcg(seed) >> 24;
  t->l = build(depth - 1, seed);
  t->r = build(depth - 1, seed);
  return t;
}

static uint32_t sum(const struct tree *t) { return t ? t->v + 2 * sum(t->l) + 3 * sum(t->r) : 0; }

int main(void) {
  uint32_t seed = 9, total = 0;
  for (int round = 0; round < 9 * SCALE; round++) {
    total += fib(22 + (round & 1));
    total += ack(2, 200 + round);
    used = 0;
    total += sum(build(10, &seed));
  }
  put_str("recurse: ");
  put_hex(total);
  put_char('\n');
  return 0;
}
