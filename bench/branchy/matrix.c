// Small-matrix arithmetic as embedded code does it: 4x4 and 8x8 integer matrices multiplied,
// transposed and added through small functions, with fixed-point scaling.
#include "../programs/_rt.h"
#define N 8
typedef int32_t mat8[N][N];
typedef int32_t mat4[4][4];

static void mul8(mat8 r, const mat8 a, const mat8 b) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      int32_t s = 0;
      for (int k = 0; k < N; k++) s += a[i][k] * b[k][j];
      r[i][j] = s >> 4;
    }
}

static void transpose8(mat8 m) {
  for (int i = 0; i < N; i++)
    for (int j = i + 1; j < N; j++) { int32_t t = m[i][j]; m[i][j] = m[j][i]; m[j][i] = t; }
}

static void mul4(mat4 r, const mat4 a, const mat4 b) {
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++)
      r[i][j] = (a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j] + a[i][3] * b[3][j]) >> 3;
}

static int32_t trace4(const mat4 m) { return m[0][0] + m[1][1] + m[2][2] + m[3][3]; }

int main(void) {
  static mat8 a, b, c;
  static mat4 p, q, r;
  uint32_t seed = 3, sum = 0;
  for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { a[i][j] = (int32_t)(lcg(&seed) >> 26) - 32; b[i][j] = (int32_t)(lcg(&seed) >> 26) - 32; }
  for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) { p[i][j] = (int32_t)(lcg(&seed) >> 27) - 16; q[i][j] = i == j ? 8 : 0; }
  for (int round = 0; round < 2500 * SCALE; round++) {
    mul8(c, a, b);
    transpose8(c);
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) a[i][j] = (c[i][j] & 63) - 32;
    mul4(r, p, q);
    sum += (uint32_t)trace4(r) + (uint32_t)c[round & 7][(round >> 3) & 7];
    p[round & 3][(round >> 2) & 3] = (int32_t)(sum & 15) - 8;
  }
  put_str("matrix: ");
  put_hex(sum);
  put_char('\n');
  return 0;
}
