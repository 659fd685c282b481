// Random machine code (in M-mode, and in S-mode under Sv32), with a machine timer interrupt every
// few hundred instructions and loads from the CLINT's mtime and the UART among the random code,
// run with every block compiled on first entry and with the default threshold: the emulator must
// never throw (every oddity is a trap), and the interpreter, run for exactly as many instructions
// (a block may overrun a budget), must end in the same state: registers, pc, instructions retired,
// RAM (where the handler counts the interrupts it took) and the bytes the UART printed.
import { describe, expect, it } from 'vitest';
import { Machine, BufferConsole } from '../support/emulator.js';
import { xorshift } from '../support/xorshift.js';

const RAM = 0x8000_0000;
const RAM_BYTES = 64 * 1024;
/** RV32 major opcodes (bits 6:0) that decode to something. */
const OPCODES = [0x37, 0x17, 0x6f, 0x67, 0x63, 0x03, 0x23, 0x13, 0x33, 0x0f, 0x73, 0x2f];


// Just enough of an assembler for the harness around the random code.
const X0 = 0, MTIME_REG = 14, UART_REG = 15, T4 = 29, T5 = 30, T6 = 31;
const CSR_MEPC = 0x341, CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343, CSR_MTVEC = 0x305, CSR_SATP = 0x180, CSR_MSTATUS = 0x300,
  CSR_MIE = 0x304, CSR_PMPCFG0 = 0x3a0, CSR_PMPADDR0 = 0x3b0;
const MIE_MTIE = 0x80, MSTATUS_MIE = 0x8;
const CLINT = 0x0200_0000, CLINT_MTIMECMP = CLINT + 0x4000, CLINT_MTIME = CLINT + 0xbff8, UART0 = 0x1000_0000;
const itype = (op: number, f3: number, rd: number, rs1: number, imm: number) => (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
const rtype = (f3: number, rd: number, rs1: number, rs2: number) => ((rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | 0x33) >>> 0;
const btype = (f3: number, rs1: number, rs2: number, off: number) =>
  ((((off >> 12) & 1) << 31) | (((off >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
    (((off >> 1) & 0xf) << 8) | (((off >> 11) & 1) << 7) | 0x63) >>> 0;
const stype = (f3: number, rs1: number, rs2: number, imm: number) =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | 0x23) >>> 0;
const lw = (rd: number, rs1: number, imm: number) => itype(0x03, 2, rd, rs1, imm);
const sw = (rs1: number, rs2: number, imm: number) => stype(2, rs1, rs2, imm);
const lui = (rd: number, upper: number) => ((upper & 0xfffff000) | (rd << 7) | 0x37) >>> 0;
const addi = (rd: number, rs1: number, imm: number) => itype(0x13, 0, rd, rs1, imm);
const csrr = (rd: number, csr: number) => itype(0x73, 2, rd, X0, csr);
const csrw = (csr: number, rs1: number) => itype(0x73, 1, X0, rs1, csr);
const MRET = 0x30200073;
const IRQ_COUNT = 0xfc; // the word where the handler counts timer interrupts, after the start-up code
const HANDLER_AT = 0x100;
const CODE = 0x1a0; // where the random instructions start, after the handler
const ROOT = 0xf000; // with Sv32: the root page table, past the random code
/** A megapage PTE mapping a 4 MiB region to itself: V R W X A D (privileged spec 4.3.1). */
const identityMegapage = (pa: number) => (((pa >>> 12) << 10) | 0xcf) >>> 0;

/**
 * The M-mode trap handler. A timer interrupt sets mtimecmp `interval` ticks past mtime and counts
 * itself at IRQ_COUNT. An exception steps over the instruction that trapped (2 or 4 bytes, read at
 * mepc), or, for a fetch fault, jumps to a spot in the random code chosen by the bad address; so a
 * run wanders through all of the random code instead of trapping back to its start.
 */
function handler(interval: number): number[] {
  return [
    csrr(T6, CSR_MCAUSE), btype(4, T6, X0, 4 * 21),                              // interrupt: below
    addi(T5, X0, 2), btype(6, T6, T5, 4 * 10),                                    // cause < 2: fetch fault
    csrr(T6, CSR_MEPC), itype(0x03, 5, T5, T6, 0), itype(0x13, 7, T5, T5, 3),    // lhu t5, 0(t6); andi t5, t5, 3
    addi(T6, T6, 2), addi(T4, X0, 3), btype(1, T5, T4, 8), addi(T6, T6, 2),      // 4 bytes unless compressed
    csrw(CSR_MEPC, T6), MRET,
    csrr(T6, CSR_MTVAL), lui(T5, 0x10000), addi(T5, T5, -4), rtype(7, T6, T6, T5), // t6 = mtval & 0xfffc
    lui(T5, RAM), itype(0x13, 6, T5, T5, CODE), rtype(6, T6, T6, T5),            // | RAM | CODE
    csrw(CSR_MEPC, T6), MRET,
    lui(T5, CLINT_MTIME + 8), lw(T6, T5, -8), addi(T6, T6, interval),             // the timer: mtimecmp =
    lui(T5, CLINT_MTIMECMP), sw(T5, X0, 4), sw(T5, T6, 0),                        // mtime + interval
    lui(T5, RAM), lw(T6, T5, IRQ_COUNT), addi(T6, T6, 1), sw(T5, T6, IRQ_COUNT), MRET,
  ];
}

/**
 * A program: mtvec at the handler, x5-x13 pointing into RAM, x14 at mtime and x15 at the UART,
 * the timer armed, then random instructions, run in M-mode, or (sv32) in S-mode with RAM, the
 * CLINT and the UART mapped by megapages, so loads, stores and fetches go through the TLB (traps
 * and interrupts still go to the M-mode handler, which returns to S-mode).
 */
function program(seed: number, sv32: boolean): Uint32Array {
  const rnd = xorshift(seed);
  const words = new Uint32Array(RAM_BYTES / 4);
  let i = 0;
  words[i++] = lui(T6, RAM);
  words[i++] = addi(T6, T6, HANDLER_AT);
  words[i++] = csrw(CSR_MTVEC, T6);
  for (let r = 5; r <= 15; r++) {
    words[i++] = lui(r, RAM + (rnd() % RAM_BYTES));
    words[i++] = addi(r, r, rnd() % 2048);
  }
  words[i++] = lui(MTIME_REG, CLINT_MTIME + 8); words[i++] = addi(MTIME_REG, MTIME_REG, -8);
  words[i++] = lui(UART_REG, UART0);
  const interval = 20 + rnd() % 40; // ticks of 10 instructions
  words[i++] = lui(T5, CLINT_MTIMECMP); words[i++] = addi(T6, X0, interval);
  words[i++] = sw(T5, X0, 4); words[i++] = sw(T5, T6, 0);
  words[i++] = addi(T6, X0, MIE_MTIE); words[i++] = csrw(CSR_MIE, T6);
  if (sv32) {
    for (const pa of [RAM, CLINT, UART0]) words[(ROOT + 4 * (pa >>> 22)) / 4] = identityMegapage(pa);
    words[i++] = addi(T6, X0, -1); words[i++] = csrw(CSR_PMPADDR0, T6);  // PMP: S-mode may use all
    words[i++] = addi(T6, X0, 0x1f); words[i++] = csrw(CSR_PMPCFG0, T6); // of memory (NAPOT, RWX)
    words[i++] = lui(T6, 0x80000000 | ((RAM + ROOT) >>> 12));           // satp: Sv32, root page
    words[i++] = addi(T6, T6, ((RAM + ROOT) >>> 12) & 0xfff);
    words[i++] = csrw(CSR_SATP, T6);
    words[i++] = addi(T6, X0, 0x400); words[i++] = addi(T6, T6, 0x400); // mstatus.MPP = S (0x800)
    words[i++] = csrw(CSR_MSTATUS, T6);
    words[i++] = lui(T6, RAM); words[i++] = addi(T6, T6, CODE);
    words[i++] = csrw(CSR_MEPC, T6);
    words[i] = MRET;
  } else {
    words[i++] = itype(0x73, 6, X0, MSTATUS_MIE, CSR_MSTATUS); // csrsi mstatus, MIE
    words[i] = ((((CODE - 4 * i) >> 1) & 0x3ff) << 21 | 0x6f) >>> 0; // j CODE
  }
  if (i >= IRQ_COUNT / 4) throw new Error('the start-up code runs into the interrupt count');
  const trap = handler(interval);
  if (HANDLER_AT + 4 * trap.length > CODE) throw new Error('the handler runs into the random code');
  words.set(trap, HANDLER_AT / 4);
  for (i = CODE / 4; i < (sv32 ? ROOT : RAM_BYTES) / 4; i++) {
    const kind = rnd() % 8;
    if (kind === 0) words[i] = rnd();                                          // anything
    else if (kind === 1) words[i] = rnd() & 0xffff0000 | (rnd() & 0xfffc) | 1; // compressed pairs
    else if (kind === 2) words[i] = mmioAccess(rnd());
    else words[i] = (rnd() & ~0x7f | OPCODES[rnd() % OPCODES.length]) >>> 0;   // a major opcode, random fields
  }
  return words;
}

/** A load of mtime's low or high word, a byte load from a UART register, or a byte to the UART. */
function mmioAccess(r: number): number {
  const rd = 1 + (r >>> 8) % 31;
  switch (r & 3) {
    case 0: return lw(rd, MTIME_REG, (r & 4));
    case 1: return itype(0x03, 4, rd, UART_REG, (r >>> 2) & 7);           // lbu
    case 2: return stype(0, UART_REG, rd, 0);                              // sb to THR
    default: return itype(0x03, 0, rd, MTIME_REG, (r >>> 2) & 7);          // lb, some misaligned
  }
}

/** Runs about 30,000 instructions, or exactly `insns` (the interpreter stops where told). */
function run(words: Uint32Array, engine: 'interpreter' | 'compile-all' | 'default', insns?: number) {
  const out = new BufferConsole();
  const m = new Machine({ console: out, ramBytes: RAM_BYTES, jit: engine !== 'interpreter',
    blockThreshold: engine === 'compile-all' ? 1 : undefined });
  m.bus.u8.set(new Uint8Array(words.buffer));
  m.hart.reset(RAM);
  const target = insns ?? 30_000;
  while (!m.halted && m.hart.insns < target) if (m.run(Math.min(5_000, target - m.hart.insns)) === 'idle') break;
  let hash = 0;
  for (const b of m.bus.u8) hash = (Math.imul(hash, 31) + b) | 0;
  const interrupts = new DataView(m.bus.u8.buffer, m.bus.u8.byteOffset).getUint32(IRQ_COUNT, true);
  return { pc: m.hart.pc, regs: Array.from(m.hart.regs), insns: m.hart.insns, instret: m.hart.instretCount(), hash,
    halted: m.halted, interrupts, printed: out.text() };
}

describe('random code', () => {
  it('never throws, and the interpreter and compiled blocks end in the same state', () => {
    // Many short runs: random branches soon fall into a small loop, so each seed sees its start.
    let interrupts = 0, printed = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const words = program(seed, seed % 2 === 0);
      for (const engine of ['compile-all', 'default'] as const) {
        const compiled = run(words, engine);
        expect(compiled, `seed ${seed}, ${engine}`).toEqual(run(words, 'interpreter', compiled.insns));
        interrupts += compiled.interrupts;
        printed += compiled.printed.length;
      }
    }
    // The runs did take interrupts and print (so the comparison covers them).
    expect(interrupts).toBeGreaterThan(1000);
    expect(printed).toBeGreaterThan(100);
  });
});
