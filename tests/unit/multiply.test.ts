// The high halves of 32x32 products, computed in 16-bit pieces, against BigInt arithmetic.
import { describe, expect, it } from 'vitest';
import { mulh, mulhsu, mulhu } from '../../emulator/cpu/hart.js';

const big = (x: number, signed: boolean) => BigInt(signed ? x | 0 : x >>> 0);
const hi = (p: bigint) => Number(BigInt.asIntN(32, p >> 32n));

describe('mulh, mulhsu and mulhu', () => {
  const edge = [0, 1, -1, 2, -2, 0x7fffffff, -0x80000000, 0x10000, 0xffff, 0x12345678, -0x12345678];
  let seed = 1;
  const rand = () => { seed = (Math.imul(seed, 1664525) + 1013904223) | 0; return seed; };
  const values = [...edge, ...Array.from({ length: 2000 }, rand)];
  it('match 64-bit products for edge cases and 2000 random operands', () => {
    for (let i = 0; i < values.length; i++) {
      const a = values[i], b = values[(i * 7 + 3) % values.length];
      expect(mulhu(a, b)).toBe(hi(big(a, false) * big(b, false)));
      expect(mulh(a, b)).toBe(hi(big(a, true) * big(b, true)));
      expect(mulhsu(a, b)).toBe(hi(big(a, true) * big(b, false)));
    }
  });
});
