// Instruction decoding: bits -> (packed op/registers, immediate). The decoder never executes.
// RV32IMA + Zicsr + Zifencei + privileged instructions (unpriv spec ch. 2, 7, 8, 9; priv spec 3.3),
// and RV32C expanded to the equivalent 32-bit operation (unpriv spec ch. 16).
import { Op, pack } from './opcodes.js';

/** A decoded instruction: `word` as made by pack(), `imm` its immediate (or CSR number). */
export interface Decoded { word: number; imm: number }

const OPC_LOAD = 0x03, OPC_MISC_MEM = 0x0f, OPC_OP_IMM = 0x13, OPC_AUIPC = 0x17, OPC_STORE = 0x23,
  OPC_AMO = 0x2f, OPC_OP = 0x33, OPC_LUI = 0x37, OPC_BRANCH = 0x63, OPC_JALR = 0x67, OPC_JAL = 0x6f,
  OPC_SYSTEM = 0x73;

const LOADS = [Op.LB, Op.LH, Op.LW, Op.ILLEGAL, Op.LBU, Op.LHU, Op.ILLEGAL, Op.ILLEGAL];
const STORES = [Op.SB, Op.SH, Op.SW];
const BRANCHES = [Op.BEQ, Op.BNE, Op.ILLEGAL, Op.ILLEGAL, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU];
const OP_BASE = [Op.ADD, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.OR, Op.AND];
const OP_MUL = [Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU];
const OP_IMM = [Op.ADDI, Op.SLLI, Op.SLTI, Op.SLTIU, Op.XORI, Op.SRLI, Op.ORI, Op.ANDI];
const CSR_OPS = [Op.ILLEGAL, Op.CSRRW, Op.CSRRS, Op.CSRRC, Op.ILLEGAL, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI];
const AMO_BY_FUNCT5: Record<number, Op> = {
  0x00: Op.AMOADD_W, 0x01: Op.AMOSWAP_W, 0x02: Op.LR_W, 0x03: Op.SC_W, 0x04: Op.AMOXOR_W,
  0x08: Op.AMOOR_W, 0x0c: Op.AMOAND_W, 0x10: Op.AMOMIN_W, 0x14: Op.AMOMAX_W, 0x18: Op.AMOMINU_W,
  0x1c: Op.AMOMAXU_W,
};

// Fixed encodings of the SYSTEM instructions without operands.
const INSN_ECALL = 0x00000073, INSN_EBREAK = 0x00100073, INSN_SRET = 0x10200073,
  INSN_MRET = 0x30200073, INSN_WFI = 0x10500073;
const FUNCT7_SFENCE_VMA = 0x09;

/** Whether the halfword starts a 32-bit instruction (its low two bits are 11). */
export function isLong(half: number): boolean {
  return (half & 3) === 3;
}

const out: Decoded = { word: 0, imm: 0 };
function emit(op: Op, rd: number, rs1: number, rs2: number, imm: number, len4: boolean): Decoded {
  // An ALU result written to x0 has no effect: those encodings are HINTs (unpriv spec 2.9).
  if (rd === 0 && op >= Op.LUI && op <= Op.REMU && op !== Op.JAL && op !== Op.JALR &&
      !(op >= Op.BEQ && op <= Op.SW)) {
    op = Op.NOP;
  }
  if (op === Op.ADDI && rs1 === 0) op = Op.LI;
  out.word = pack(op, rd, rs1, rs2, len4);
  out.imm = imm | 0; // for ILLEGAL, the instruction's bits (for mtval)
  return out;
}
const illegal = (bits: number, len4: boolean) => emit(Op.ILLEGAL, 0, 0, 0, bits, len4);

/** Decodes a 32-bit instruction. The returned object is reused by the next call. */
export function decode32(w: number): Decoded {
  const opcode = w & 0x7f;
  const rd = (w >>> 7) & 31, rs1 = (w >>> 15) & 31, rs2 = (w >>> 20) & 31;
  const funct3 = (w >>> 12) & 7, funct7 = w >>> 25;
  const immI = w >> 20;
  switch (opcode) {
    case OPC_LUI: return emit(Op.LUI, rd, 0, 0, w & 0xfffff000, true);
    case OPC_AUIPC: return emit(Op.AUIPC, rd, 0, 0, w & 0xfffff000, true);
    case OPC_JAL: {
      const imm = ((w >> 31) << 20) | (((w >>> 12) & 0xff) << 12) | (((w >>> 20) & 1) << 11) |
        (((w >>> 21) & 0x3ff) << 1);
      return emit(Op.JAL, rd, 0, 0, imm, true);
    }
    case OPC_JALR:
      return funct3 === 0 ? emit(Op.JALR, rd, rs1, 0, immI, true) : illegal(w, true);
    case OPC_BRANCH: {
      const op = BRANCHES[funct3];
      const imm = ((w >> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 0x3f) << 5) |
        (((w >>> 8) & 0xf) << 1);
      return op === Op.ILLEGAL ? illegal(w, true) : emit(op, 0, rs1, rs2, imm, true);
    }
    case OPC_LOAD: {
      const op = LOADS[funct3];
      return op === Op.ILLEGAL ? illegal(w, true) : emit(op, rd, rs1, 0, immI, true);
    }
    case OPC_STORE: {
      if (funct3 > 2) return illegal(w, true);
      const imm = ((w >> 25) << 5) | ((w >>> 7) & 31);
      return emit(STORES[funct3], 0, rs1, rs2, imm, true);
    }
    case OPC_OP_IMM: {
      const op = OP_IMM[funct3];
      if (op === Op.SLLI || op === Op.SRLI) {
        // RV32: shamt is 5 bits; imm[11:5] selects SRAI and must otherwise be zero.
        if (funct7 === 0) return emit(op, rd, rs1, 0, rs2, true);
        if (op === Op.SRLI && funct7 === 0x20) return emit(Op.SRAI, rd, rs1, 0, rs2, true);
        return illegal(w, true);
      }
      return emit(op, rd, rs1, 0, immI, true);
    }
    case OPC_OP: {
      if (funct7 === 0) return emit(OP_BASE[funct3], rd, rs1, rs2, 0, true);
      if (funct7 === 1) return emit(OP_MUL[funct3], rd, rs1, rs2, 0, true);
      if (funct7 === 0x20 && funct3 === 0) return emit(Op.SUB, rd, rs1, rs2, 0, true);
      if (funct7 === 0x20 && funct3 === 5) return emit(Op.SRA, rd, rs1, rs2, 0, true);
      return illegal(w, true);
    }
    case OPC_MISC_MEM:
      if (funct3 === 0) return emit(Op.FENCE, 0, 0, 0, 0, true);
      if (funct3 === 1) return emit(Op.FENCE_I, 0, 0, 0, 0, true);
      return illegal(w, true);
    case OPC_AMO: {
      const op = AMO_BY_FUNCT5[w >>> 27];
      if (funct3 !== 2 || op === undefined || (op === Op.LR_W && rs2 !== 0)) return illegal(w, true);
      return emit(op, rd, rs1, rs2, 0, true);
    }
    case OPC_SYSTEM: {
      if (funct3 === 0) {
        switch (w) {
          case INSN_ECALL: return emit(Op.ECALL, 0, 0, 0, 0, true);
          case INSN_EBREAK: return emit(Op.EBREAK, 0, 0, 0, 0, true);
          case INSN_MRET: return emit(Op.MRET, 0, 0, 0, 0, true);
          case INSN_SRET: return emit(Op.SRET, 0, 0, 0, 0, true);
          case INSN_WFI: return emit(Op.WFI, 0, 0, 0, 0, true);
        }
        if (funct7 === FUNCT7_SFENCE_VMA && rd === 0) return emit(Op.SFENCE_VMA, 0, rs1, rs2, 0, true);
        return illegal(w, true);
      }
      const op = CSR_OPS[funct3];
      // CSR ops keep rd even when it is x0: csrrw with rd=x0 must not read the CSR (Zicsr ch. 9.1).
      if (op === Op.ILLEGAL) return illegal(w, true);
      out.word = pack(op, rd, rs1, 0, true);
      out.imm = w >>> 20;
      return out;
    }
  }
  return illegal(w, true);
}

// Register fields of the compressed formats: rd'/rs1'/rs2' name x8-x15.
const cReg = (bits: number) => 8 + (bits & 7);

/** Decodes a 16-bit RV32C instruction into its 32-bit equivalent. */
export function decode16(h: number): Decoded {
  const funct3 = h >>> 13;
  const rd = (h >>> 7) & 31, rs2 = (h >>> 2) & 31;
  const rdp = cReg(h >>> 2), rs1p = cReg(h >>> 7);
  const imm6 = (((h >>> 12) & 1) ? -32 : 0) | ((h >>> 2) & 31); // sign-extended imm[5|4:0]
  switch (h & 3) {
    case 0:
      switch (funct3) {
        case 0: { // C.ADDI4SPN
          const imm = (((h >>> 11) & 3) << 4) | (((h >>> 7) & 15) << 6) | (((h >>> 6) & 1) << 2) |
            (((h >>> 5) & 1) << 3);
          return imm === 0 ? illegal(h, false) : emit(Op.ADDI, rdp, 2, 0, imm, false);
        }
        case 2: case 6: { // C.LW, C.SW
          const imm = (((h >>> 10) & 7) << 3) | (((h >>> 6) & 1) << 2) | (((h >>> 5) & 1) << 6);
          return funct3 === 2 ? emit(Op.LW, rdp, rs1p, 0, imm, false) : emit(Op.SW, 0, rs1p, rdp, imm, false);
        }
      }
      return illegal(h, false); // C.FLD, C.FLW, C.FSD, C.FSW and the reserved slot
    case 1:
      switch (funct3) {
        case 0: return emit(Op.ADDI, rd, rd, 0, imm6, false); // C.ADDI (C.NOP when rd=0)
        case 1: case 5: { // C.JAL, C.J
          const imm = (((h >>> 12) & 1) ? -2048 : 0) | (((h >>> 11) & 1) << 4) | (((h >>> 9) & 3) << 8) |
            (((h >>> 8) & 1) << 10) | (((h >>> 7) & 1) << 6) | (((h >>> 6) & 1) << 7) |
            (((h >>> 3) & 7) << 1) | (((h >>> 2) & 1) << 5);
          return emit(Op.JAL, funct3 === 1 ? 1 : 0, 0, 0, imm, false);
        }
        case 2: return emit(Op.ADDI, rd, 0, 0, imm6, false); // C.LI
        case 3:
          if (rd === 2) { // C.ADDI16SP
            const imm = (((h >>> 12) & 1) ? -512 : 0) | (((h >>> 6) & 1) << 4) | (((h >>> 5) & 1) << 6) |
              (((h >>> 3) & 3) << 7) | (((h >>> 2) & 1) << 5);
            return imm === 0 ? illegal(h, false) : emit(Op.ADDI, 2, 2, 0, imm, false);
          }
          return imm6 === 0 ? illegal(h, false) : emit(Op.LUI, rd, 0, 0, imm6 << 12, false); // C.LUI
        case 4: {
          const funct2 = (h >>> 10) & 3;
          const shamt = rs2, shamt5 = (h >>> 12) & 1;
          if (funct2 === 0 || funct2 === 1) { // C.SRLI, C.SRAI: shamt[5]=1 is reserved on RV32
            if (shamt5) return illegal(h, false);
            return emit(funct2 === 0 ? Op.SRLI : Op.SRAI, rs1p, rs1p, 0, shamt, false);
          }
          if (funct2 === 2) return emit(Op.ANDI, rs1p, rs1p, 0, imm6, false); // C.ANDI
          if (shamt5) return illegal(h, false); // C.SUBW/C.ADDW are RV64 only
          const ops = [Op.SUB, Op.XOR, Op.OR, Op.AND];
          return emit(ops[(h >>> 5) & 3], rs1p, rs1p, rdp, 0, false);
        }
        case 6: case 7: { // C.BEQZ, C.BNEZ
          const imm = (((h >>> 12) & 1) ? -256 : 0) | (((h >>> 10) & 3) << 3) | (((h >>> 5) & 3) << 6) |
            (((h >>> 3) & 3) << 1) | (((h >>> 2) & 1) << 5);
          return emit(funct3 === 6 ? Op.BEQ : Op.BNE, 0, rs1p, 0, imm, false);
        }
      }
      break;
    case 2:
      switch (funct3) {
        case 0: // C.SLLI
          if ((h >>> 12) & 1) return illegal(h, false);
          return emit(Op.SLLI, rd, rd, 0, rs2, false);
        case 2: { // C.LWSP
          if (rd === 0) return illegal(h, false);
          const imm = (((h >>> 12) & 1) << 5) | (((h >>> 4) & 7) << 2) | (((h >>> 2) & 3) << 6);
          return emit(Op.LW, rd, 2, 0, imm, false);
        }
        case 4:
          if (((h >>> 12) & 1) === 0) {
            if (rs2 === 0) return rd === 0 ? illegal(h, false) : emit(Op.JALR, 0, rd, 0, 0, false); // C.JR
            return emit(Op.ADD, rd, 0, rs2, 0, false); // C.MV
          }
          if (rs2 === 0) {
            if (rd === 0) return emit(Op.EBREAK, 0, 0, 0, 0, false);
            return emit(Op.JALR, 1, rd, 0, 0, false); // C.JALR
          }
          return emit(Op.ADD, rd, rd, rs2, 0, false); // C.ADD
        case 6: { // C.SWSP
          const imm = (((h >>> 9) & 15) << 2) | (((h >>> 7) & 3) << 6);
          return emit(Op.SW, 0, 2, rs2, imm, false);
        }
      }
      return illegal(h, false); // C.FLDSP, C.FLWSP, C.FSDSP, C.FSWSP
  }
  return illegal(h, false);
}
