// A loop whose body holds an if/else and a short inner loop (the shape of CRC and list code) runs
// in compiled blocks that follow taken branches inside them, not a block per branch, and every
// instruction is still counted.
import { describe, expect, it } from 'vitest';
import { Machine, BufferConsole } from '../support/emulator.js';

const RAM = 0x8000_0000;
const itype = (op: number, f3: number, rd: number, rs1: number, imm: number) => (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
const addi = (rd: number, rs1: number, imm: number) => itype(0x13, 0, rd, rs1, imm);
const andi = (rd: number, rs1: number, imm: number) => itype(0x13, 7, rd, rs1, imm);
const btype = (f3: number, rs1: number, rs2: number, off: number) =>
  ((((off >> 12) & 1) << 31) | (((off >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
    (((off >> 1) & 0xf) << 8) | (((off >> 11) & 1) << 7) | 0x63) >>> 0;
const beq = (a: number, b: number, off: number) => btype(0, a, b, off);
const bne = (a: number, b: number, off: number) => btype(1, a, b, off);
const blt = (a: number, b: number, off: number) => btype(4, a, b, off);
const jal = (rd: number, off: number) =>
  ((((off >> 20) & 1) << 31) | (((off >> 1) & 0x3ff) << 21) | (((off >> 11) & 1) << 20) | (((off >> 12) & 0xff) << 12) | (rd << 7) | 0x6f) >>> 0;
const lui = (rd: number, v: number) => ((v & 0xfffff000) | (rd << 7) | 0x37) >>> 0;
const sw = (rs1: number, rs2: number, imm: number) =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (2 << 12) | ((imm & 0x1f) << 7) | 0x23) >>> 0;
const ITERATIONS = 20_000;

/** for (i = 0; i < N; i++) { if (i & 1) odd++; else even++; for (j = 3; j; j--) inner++; } */
function program(): number[] {
  return [
    addi(9, 0, 0), lui(10, ITERATIONS + 0x800), addi(10, 10, ITERATIONS - ((ITERATIONS + 0x800) & 0xfffff000)),
    // loop (at 12):
    andi(11, 9, 1),        // 12
    beq(11, 0, 12),        // 16: even -> 28
    addi(5, 5, 1),         // 20: odd++
    jal(0, 8),             // 24: -> 32
    addi(6, 6, 1),         // 28: even++
    addi(12, 0, 3),        // 32: j = 3
    addi(7, 7, 1),         // 36: inner++ (the inner loop, a branch back inside the block)
    addi(12, 12, -1),      // 40
    bne(12, 0, -8),        // 44: -> 36
    addi(9, 9, 1),         // 48: i++
    blt(9, 10, -40),       // 52: -> 12
    lui(13, 0x100000), lui(15, 0x5000), addi(14, 15, 0x555), sw(13, 14, 0), // power off (syscon)
  ];
}

describe('a loop with an if/else and an inner loop', () => {
  for (const jit of [true, false]) {
    it(`runs ${jit ? 'compiled, going round inside one block' : 'in the interpreter'}`, () => {
      const m = new Machine({ console: new BufferConsole(), ramBytes: 1 << 20, jit });
      const words = program();
      for (let i = 0; i < words.length; i++) m.bus.i32[(i * 4) >> 2] = words[i] | 0;
      m.hart.reset(RAM);
      while (!m.halted && m.hart.insns < 1e7) m.run(100_000);
      expect(m.halted).toBe(true);
      expect([m.hart.regs[5], m.hart.regs[6], m.hart.regs[7]]).toEqual([ITERATIONS / 2, ITERATIONS / 2, 3 * ITERATIONS]);
      // 3 set-up instructions, 16 or 15 per iteration (odd or even), 4 to power off.
      expect(m.hart.insns).toBe(3 + ITERATIONS / 2 * (16 + 15) + 4);
      if (jit) {
        expect(m.hart.compiledInsns / m.hart.insns).toBeGreaterThan(0.99);
        // A block per branch runs about 5 instructions a call; the loop body's tree, about 15.
        expect(m.hart.compiledInsns / m.hart.blockCalls).toBeGreaterThan(10);
      }
    });
  }
});
