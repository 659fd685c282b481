// The decoder: fields and immediates of each format, the HINT/x0 rules, illegal encodings, and
// every RV32C form decoding exactly like its 32-bit expansion (unpriv spec ch. 16 tables).
import { describe, expect, it } from 'vitest';
import { decode16, decode32 } from '../../emulator/cpu/decode.js';
import { Op, Word } from '../../emulator/cpu/opcodes.js';

const fields = (d: { word: number; imm: number }) => ({
  op: d.word & 0xff, rd: (d.word >>> 8) & 31, rs1: (d.word >>> 13) & 31, rs2: (d.word >>> 18) & 31,
  len4: (d.word & Word.LEN4) !== 0, imm: d.imm,
});
const d32 = (w: number) => fields({ ...decode32(w) });
const d16 = (h: number) => fields({ ...decode16(h) });

describe('decoding 32-bit instructions', () => {
  it('reads the I, S, B, U and J immediates with their signs', () => {
    expect(d32(0xfff08093)).toMatchObject({ op: Op.ADDI, rd: 1, rs1: 1, imm: -1 });        // addi ra, ra, -1
    expect(d32(0xfe112e23)).toMatchObject({ op: Op.SW, rs1: 2, rs2: 1, imm: -4 });         // sw ra, -4(sp)
    expect(d32(0xfe0008e3)).toMatchObject({ op: Op.BEQ, rs1: 0, rs2: 0, imm: -16 });       // beq x0, x0, -16
    expect(d32(0x800000b7)).toMatchObject({ op: Op.LUI, rd: 1, imm: 0x80000000 | 0 });     // lui ra, 0x80000
    expect(d32(0xffdff0ef)).toMatchObject({ op: Op.JAL, rd: 1, imm: -4 });                 // jal ra, -4
    expect(d32(0x7fe0006f)).toMatchObject({ op: Op.JAL, rd: 0, imm: 0x7fe });              // j +2046
  });
  it('turns ALU writes to x0 into NOP but keeps loads and jumps with rd = x0', () => {
    expect(d32(0x00100013).op).toBe(Op.NOP);               // addi x0, x0, 1
    expect(d32(0x00002003)).toMatchObject({ op: Op.LW, rd: 0 });
    expect(d32(0x00008067)).toMatchObject({ op: Op.JALR, rd: 0, rs1: 1 }); // ret
  });
  it('decodes addi from x0 as LI', () => {
    expect(d32(0x00500513)).toMatchObject({ op: Op.LI, rd: 10, imm: 5 });
  });
  it('rejects reserved encodings as illegal, keeping the bits for mtval', () => {
    for (const w of [0x00000000, 0xffffffff, 0x80000033, 0x00004073, 0x0000302f, 0x00007003, 0x00003023,
      0x02001013 /* slli with imm[5] set */, 0x40001013 /* slli with funct7 0x20 */, 0x00001067]) {
      expect(d32(w), w.toString(16)).toMatchObject({ op: Op.ILLEGAL, imm: w | 0 });
    }
  });
  it('keeps rd and rs1 of CSR instructions even when they are x0', () => {
    expect(d32(0x30001073)).toMatchObject({ op: Op.CSRRW, rd: 0, rs1: 0, imm: 0x300 }); // csrw mstatus, x0
    expect(d32(0x34202573)).toMatchObject({ op: Op.CSRRS, rd: 10, rs1: 0, imm: 0x342 }); // csrr a0, mcause
  });
  it('knows the system instructions by their exact encodings', () => {
    expect(d32(0x00000073).op).toBe(Op.ECALL);
    expect(d32(0x00100073).op).toBe(Op.EBREAK);
    expect(d32(0x30200073).op).toBe(Op.MRET);
    expect(d32(0x10200073).op).toBe(Op.SRET);
    expect(d32(0x10500073).op).toBe(Op.WFI);
    expect(d32(0x12000073).op).toBe(Op.SFENCE_VMA);
    expect(d32(0x00200073).op).toBe(Op.ILLEGAL); // uret does not exist
  });
});

describe('decoding RV32C', () => {
  // [16-bit encoding, its 32-bit expansion] pairs, assembled by GNU as for rv32imac.
  const pairs: [number, number, string][] = [
    [0x0040, 0x00410413, 'c.addi4spn s0, sp, 4'],
    [0x4148, 0x00452503, 'c.lw a0, 4(a0)'],
    [0xc14c, 0x00b52223, 'c.sw a1, 4(a0)'],
    [0x1541, 0xff050513, 'c.addi a0, -16'],
    [0x2011, 0x004000ef, 'c.jal 4'],
    [0x557d, 0xfff00513, 'c.li a0, -1'],
    [0x7101, 0xe0010113, 'c.addi16sp sp, -512'],
    [0x757d, 0xfffff537, 'c.lui a0, 0xfffff'],
    [0x8105, 0x00155513, 'c.srli a0, 1'],
    [0x857d, 0x41f55513, 'c.srai a0, 31'],
    [0x8909, 0x00257513, 'c.andi a0, 2'],
    [0x8d0d, 0x40b50533, 'c.sub a0, a1'],
    [0x8d2d, 0x00b54533, 'c.xor a0, a1'],
    [0x8d4d, 0x00b56533, 'c.or a0, a1'],
    [0x8d6d, 0x00b57533, 'c.and a0, a1'],
    [0xa011, 0x0040006f, 'c.j 4'],
    [0xc111, 0x00050263, 'c.beqz a0, 4'],
    [0xfd75, 0xfe051ee3, 'c.bnez a0, -4'],
    [0x057e, 0x01f51513, 'c.slli a0, 31'],
    [0x4512, 0x00412503, 'c.lwsp a0, 4(sp)'],
    [0x8502, 0x00050067, 'c.jr a0'],
    [0x852e, 0x00b00533, 'c.mv a0, a1'],
    [0x9002, 0x00100073, 'c.ebreak'],
    [0x9502, 0x000500e7, 'c.jalr a0'],
    [0x952e, 0x00b50533, 'c.add a0, a1'],
    [0xc22a, 0x00a12223, 'c.swsp a0, 4(sp)'],
  ];
  for (const [c, w, text] of pairs) {
    it(`${text} decodes like its expansion`, () => {
      const a = d16(c), b = d32(w);
      expect(a.len4).toBe(false);
      expect({ ...a, len4: true }).toEqual(b);
    });
  }
  it('rejects the reserved and floating-point forms', () => {
    for (const h of [0x0000, 0x6101, 0x6081, 0x4002, 0x8002, 0x9001, 0x1006, 0x9c21, 0x2000, 0x6000, 0xa000,
      0xe000, 0x2002, 0x6002, 0xa002, 0xe002, 0x8000]) {
      expect(d16(h).op, h.toString(16)).toBe(Op.ILLEGAL);
    }
  });
});
