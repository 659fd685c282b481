// Operation ids of decoded instructions. A `const enum` so that the bundled executor's `switch`
// has literal cases (V8 turns that into a jump table). Compressed forms decode to these too.
export const enum Op {
  NOT_DECODED = 0,
  /** Marks a 4-byte instruction that crosses into the next page: decoded afresh each time. */
  SPANNING = 1,
  ILLEGAL, NOP,
  LUI, AUIPC, JAL, JALR,
  BEQ, BNE, BLT, BGE, BLTU, BGEU,
  LB, LH, LW, LBU, LHU, SB, SH, SW,
  ADDI, LI, SLTI, SLTIU, XORI, ORI, ANDI, SLLI, SRLI, SRAI,
  ADD, SUB, SLL, SLT, SLTU, XOR, SRL, SRA, OR, AND,
  MUL, MULH, MULHSU, MULHU, DIV, DIVU, REM, REMU,
  FENCE, FENCE_I,
  ECALL, EBREAK, MRET, SRET, WFI, SFENCE_VMA,
  CSRRW, CSRRS, CSRRC, CSRRWI, CSRRSI, CSRRCI,
  LR_W, SC_W, AMOSWAP_W, AMOADD_W, AMOXOR_W, AMOAND_W, AMOOR_W, AMOMIN_W, AMOMAX_W,
  AMOMINU_W, AMOMAXU_W,
  COUNT,
}

/** Mnemonics indexed by Op, for the tracer and disassembler. */
export const OP_NAMES: readonly string[] = [
  '?', 'spanning', 'illegal', 'nop',
  'lui', 'auipc', 'jal', 'jalr',
  'beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu',
  'lb', 'lh', 'lw', 'lbu', 'lhu', 'sb', 'sh', 'sw',
  'addi', 'li', 'slti', 'sltiu', 'xori', 'ori', 'andi', 'slli', 'srli', 'srai',
  'add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and',
  'mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu',
  'fence', 'fence.i',
  'ecall', 'ebreak', 'mret', 'sret', 'wfi', 'sfence.vma',
  'csrrw', 'csrrs', 'csrrc', 'csrrwi', 'csrrsi', 'csrrci',
  'lr.w', 'sc.w', 'amoswap.w', 'amoadd.w', 'amoxor.w', 'amoand.w', 'amoor.w', 'amomin.w', 'amomax.w',
  'amominu.w', 'amomaxu.w',
];

// Layout of a packed decoded word: op in bits 0-7, rd 8-12, rs1 13-17, rs2 18-22, and bit 23
// set for a 4-byte instruction; bit 24 marks the entry of a compiled block. A word is never 0 once
// decoded (op >= 1), so 0 marks "not yet". A const enum, as Op: the bundle then has literals on
// the interpreter's hot path, where a module constant is a load and a check at every use.
export const enum Word {
  RD = 8,
  RS1 = 13,
  RS2 = 18,
  LEN4 = 1 << 23,
  /** Set when a compiled block starts at that instruction (block-compiler.ts). */
  BLOCK = 1 << 24,
}

export function pack(op: Op, rd: number, rs1: number, rs2: number, len4: boolean): number {
  return op | (rd << Word.RD) | (rs1 << Word.RS1) | (rs2 << Word.RS2) | (len4 ? Word.LEN4 : 0);
}
