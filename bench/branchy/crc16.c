// CRC16-CCITT computed bit by bit (no table), as small firmware does: a data-dependent branch
// for every bit.
#include "../programs/_rt.h"
#define LEN 4096
static uint8_t data[LEN];

static uint16_t crc16(const uint8_t *p, int n, uint16_t crc) {
  while (n--) {
    crc ^= (uint16_t)(*p++ << 8);
    for (int k = 0; k < 8; k++) crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
  }
  return crc;
}

int main(void) {
  uint32_t seed = 5;
  for (int i = 0; i < LEN; i++) data[i] = (uint8_t)(lcg(&seed) >> 24);
  uint16_t crc = 0xffff;
  for (int round = 0; round < 60 * SCALE; round++) {
    crc = crc16(data, LEN, crc);
    data[round % LEN] ^= (uint8_t)crc;
  }
  put_str("crc16: ");
  put_hex(crc);
  put_char('\n');
  return 0;
}
