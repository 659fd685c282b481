// Quicksort (median of three, insertion sort for short ranges) of 200,000 generated integers,
// three times, then a check that the result is sorted.
#include "_rt.h"
#define N 200000
static int32_t v[N];

static void insertion(int32_t *x, int n) {
  for (int i = 1; i < n; i++) {
    int32_t t = x[i];
    int j = i - 1;
    while (j >= 0 && x[j] > t) { x[j + 1] = x[j]; j--; }
    x[j + 1] = t;
  }
}

static void quicksort(int32_t *x, int n) {
  while (n > 16) {
    int32_t p0 = x[0], p1 = x[n / 2], p2 = x[n - 1];
    int32_t pivot = p0 < p1 ? (p1 < p2 ? p1 : (p0 < p2 ? p2 : p0)) : (p0 < p2 ? p0 : (p1 < p2 ? p2 : p1));
    int i = 0, j = n - 1;
    for (;;) {
      while (x[i] < pivot) i++;
      while (x[j] > pivot) j--;
      if (i >= j) break;
      int32_t t = x[i]; x[i] = x[j]; x[j] = t;
      i++; j--;
    }
    if (j + 1 < n - j - 1) { quicksort(x, j + 1); x += j + 1; n -= j + 1; }
    else { quicksort(x + j + 1, n - j - 1); n = j + 1; }
  }
  insertion(x, n);
}

int main(void) {
  uint32_t seed = 12345, sum = 0;
  for (int round = 0; round < 3 * SCALE; round++) {
    for (int i = 0; i < N; i++) v[i] = (int32_t)lcg(&seed);
    quicksort(v, N);
    for (int i = 1; i < N; i++) if (v[i - 1] > v[i]) return 1;
    sum = sum * 31u + (uint32_t)v[N / 2] + (uint32_t)v[N / 7];
  }
  put_str("sorted, checksum: ");
  put_hex(sum);
  put_char('\n');
  return 0;
}
