// A loop whose body runs across a page boundary, with a 4-byte instruction split between the two
// pages, is compiled (one block, guarded by the next page's mapping) instead of interpreted at
// every iteration; and a store into the second page, the split instruction's second half, is
// seen at once: the block that ran into that page is dropped with it.
import { describe, expect, it } from 'vitest';
import { Machine, BufferConsole } from '../support/emulator.js';

const RAM = 0x8000_0000;
const itype = (op: number, f3: number, rd: number, rs1: number, imm: number) => (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
const addi = (rd: number, rs1: number, imm: number) => itype(0x13, 0, rd, rs1, imm);
const btype = (f3: number, rs1: number, rs2: number, off: number) =>
  ((((off >> 12) & 1) << 31) | (((off >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
    (((off >> 1) & 0xf) << 8) | (((off >> 11) & 1) << 7) | 0x63) >>> 0;
const stype = (f3: number, rs1: number, rs2: number, imm: number) =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | 0x23) >>> 0;
const lui = (rd: number, v: number) => ((v & 0xfffff000) | (rd << 7) | 0x37) >>> 0;
const jal = (rd: number, off: number) =>
  ((((off >> 20) & 1) << 31) | (((off >> 1) & 0x3ff) << 21) | (((off >> 11) & 1) << 20) | (((off >> 12) & 0xff) << 12) | (rd << 7) | 0x6f) >>> 0;
/** lui + addi for any 32-bit value. */
const li = (rd: number, v: number) => [lui(rd, (v + 0x800) & 0xfffff000), addi(rd, rd, v - ((v + 0x800) & 0xfffff000))];
const FENCE_I = 0x0000100f, C_NOP = 0x0001;
const LOOP = 0x0ff0, AFTER = 0x1006, ITERATIONS = 1000;

function program(): Uint8Array {
  const mem = new Uint8Array(0x3000), dv = new DataView(mem.buffer);
  const put32 = (at: number, w: number) => { dv.setUint16(at, w & 0xffff, true); dv.setUint16(at + 2, w >>> 16, true); };
  let at = 0;
  const emit = (...ws: number[]) => { for (const w of ws) { put32(at, w); at += 4; } };
  emit(addi(9, 0, ITERATIONS));
  emit(jal(0, LOOP - at));
  // The loop: three addis, a compressed nop, an addi split across 0x1000, the back branch.
  at = LOOP;
  emit(addi(5, 5, 1), addi(6, 6, 3), addi(7, 7, 1));
  dv.setUint16(at, C_NOP, true); at += 2;
  emit(addi(8, 8, 5));                     // at 0x0ffe: its upper half is the next page's first halfword
  emit(btype(4, 5, 9, LOOP - at));          // blt x5, x9, loop
  if (at !== AFTER) throw new Error('layout');
  // After the first pass: patch the split addi's second half to make it addi x8, x8, 7, and go
  // round again; after the second, power off.
  const newUpper = addi(8, 8, 7) >>> 16;
  const done = AFTER + 4 * 11;
  emit(btype(1, 10, 0, done - at));
  emit(addi(10, 0, 1), ...li(11, newUpper), ...li(12, RAM + 0x1000), stype(1, 12, 11, 0), FENCE_I, addi(5, 0, 0));
  emit(jal(0, LOOP - at));
  while (at < done) emit(addi(0, 0, 0));
  emit(...li(13, 0x100000), ...li(14, 0x5555), stype(2, 13, 14, 0));
  return mem;
}

describe('a loop across a page boundary', () => {
  for (const jit of [true, false]) {
    it(`runs ${jit ? 'compiled' : 'in the interpreter'}, and sees a store into its second page`, () => {
      const m = new Machine({ console: new BufferConsole(), ramBytes: 1 << 20, jit });
      m.bus.u8.set(program());
      m.hart.reset(RAM);
      while (!m.halted && m.hart.insns < 1e6) m.run(100_000);
      expect(m.halted).toBe(true);
      expect(m.hart.regs[8]).toBe(5 * ITERATIONS + 7 * ITERATIONS);
      expect(m.hart.regs[6]).toBe(3 * 2 * ITERATIONS);
      if (jit) expect(m.hart.compiledInsns / m.hart.insns).toBeGreaterThan(0.9);
    });
  }
});
