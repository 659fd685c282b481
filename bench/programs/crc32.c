// Table-driven CRC-32 (IEEE 802.3, reflected) over 64 KiB of generated data, 40 times.
#include "_rt.h"
#define LEN 65536
static uint8_t data[LEN];
static uint32_t table[256];

int main(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  uint32_t seed = 1;
  for (int i = 0; i < LEN; i++) data[i] = (uint8_t)(lcg(&seed) >> 24);
  uint32_t crc = 0;
  for (int round = 0; round < 40 * SCALE; round++) {
    crc = 0xffffffffu;
    for (int i = 0; i < LEN; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    crc ^= 0xffffffffu;
    data[round % LEN] ^= (uint8_t)crc;
  }
  put_str("crc32: ");
  put_hex(crc);
  put_char('\n');
  return 0;
}
