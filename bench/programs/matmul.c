// Integer matrix multiply, 100 x 100, eight times: multiplies, loads and loop overhead.
#include "_rt.h"
#define N 100
static int32_t a[N][N], b[N][N], c[N][N];

int main(void) {
  uint32_t seed = 7;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      a[i][j] = (int32_t)(lcg(&seed) >> 20) - 2048;
      b[i][j] = (int32_t)(lcg(&seed) >> 20) - 2048;
    }
  uint32_t sum = 0;
  for (int round = 0; round < 8 * SCALE; round++) {
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) {
        int32_t s = 0;
        for (int k = 0; k < N; k++) s += a[i][k] * b[k][j];
        c[i][j] = s;
      }
    for (int i = 0; i < N; i++) sum = sum * 31u + (uint32_t)c[i][(i + round) % N];
    a[round % N][round % N] += 1;
  }
  put_str("matmul checksum: ");
  put_hex(sum);
  put_char('\n');
  return 0;
}
