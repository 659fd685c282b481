// A disassembler for traces, generated from the decoder so the two never disagree.
import { decode16, decode32, isLong } from './decode.js';
import { Op, OP_NAMES, Word } from './opcodes.js';

export const ABI_NAMES = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1',
  'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11',
  't3', 't4', 't5', 't6'];

/** Text of the instruction whose first halfword is `lo` (and `hi` after it, for 32-bit ones). */
export function disassemble(lo: number, hi: number, pc: number): string {
  const d = isLong(lo) ? decode32((lo | (hi << 16)) >>> 0) : decode16(lo);
  const w = d.word, imm = d.imm;
  const op = w & 0xff;
  const rd = ABI_NAMES[(w >>> 8) & 31], rs1 = ABI_NAMES[(w >>> 13) & 31], rs2 = ABI_NAMES[(w >>> 18) & 31];
  const name = OP_NAMES[op] + ((w & Word.LEN4) ? '' : ' (c)');
  const hex = (v: number) => '0x' + (v >>> 0).toString(16);
  switch (op) {
    case Op.ILLEGAL: return `illegal ${hex(imm)}`;
    case Op.LUI: case Op.AUIPC: return `${name} ${rd}, ${hex(imm >>> 12)}`;
    case Op.LI: return `${name} ${rd}, ${imm}`;
    case Op.JAL: return `${name} ${rd}, ${hex(pc + imm)}`;
    case Op.JALR: return `${name} ${rd}, ${imm}(${rs1})`;
    case Op.BEQ: case Op.BNE: case Op.BLT: case Op.BGE: case Op.BLTU: case Op.BGEU:
      return `${name} ${rs1}, ${rs2}, ${hex(pc + imm)}`;
    case Op.LB: case Op.LH: case Op.LW: case Op.LBU: case Op.LHU: return `${name} ${rd}, ${imm}(${rs1})`;
    case Op.SB: case Op.SH: case Op.SW: return `${name} ${rs2}, ${imm}(${rs1})`;
    case Op.CSRRW: case Op.CSRRS: case Op.CSRRC: return `${name} ${rd}, ${hex(imm)}, ${rs1}`;
    case Op.CSRRWI: case Op.CSRRSI: case Op.CSRRCI: return `${name} ${rd}, ${hex(imm)}, ${(w >>> 13) & 31}`;
    case Op.LR_W: return `${name} ${rd}, (${rs1})`;
    case Op.SC_W: case Op.AMOSWAP_W: case Op.AMOADD_W: case Op.AMOXOR_W: case Op.AMOAND_W:
    case Op.AMOOR_W: case Op.AMOMIN_W: case Op.AMOMAX_W: case Op.AMOMINU_W: case Op.AMOMAXU_W:
      return `${name} ${rd}, ${rs2}, (${rs1})`;
    case Op.SFENCE_VMA: return `${name} ${rs1}, ${rs2}`;
  }
  if (op >= Op.ADDI && op <= Op.SRAI) return `${name} ${rd}, ${rs1}, ${imm}`;
  if (op >= Op.ADD && op <= Op.REMU) return `${name} ${rd}, ${rs1}, ${rs2}`;
  return name;
}
