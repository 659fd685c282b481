// The block compiler (docs/ARCHITECTURE.md, "block compiler"). A block is the code reachable from
// an entry point within its page, as a tree of paths (compileBlock() says how it branches),
// never past the end of the next page and never including an instruction that needs the
// interpreter (CSRs, system instructions, atomics, fence.i, illegal ones). A block that runs
// into the next virtual page (a loop across a page boundary) checks at entry that the fetch TLB
// still maps that page to the physical page it was compiled from, and runs nothing otherwise.
// It becomes one JS function with registers as `r[i]`, immediates as constants and the TLB fast
// path inlined; a path back to its entry runs as a JS loop. Blocks are pc-relative, so the same
// physical code is right under any virtual mapping. Decoding comes from the DecodeCache: this
// file never reads bits.
import { Op, Word } from './opcodes.js';
import { TlbSet } from '../memory/tlb.js';

/**
 * A compiled block: runs from virtual pc = `halfPc << 1`, returns the next pc >> 1 and sets
 * h.blockRan. Halved because pc is always even and a halved pc is always a V8 small integer,
 * while a pc like 0x8000_1234 would be boxed in a new heap number at every call and return.
 */
export type BlockFn = (dbase: number, budget: number, halfPc: number) => number;

/** What compiled code needs from the hart: a few result fields (a block makes no calls into it:
 *  an access the TLB does not map leaves the block for the interpreter). */
export interface BlockHost {
  blockRan: number;
  loads: number;
  stores: number;
  /** The fetch TLB's set base for the current regime (a block crossing pages checks it). */
  fetchBase: number;
}

export interface BlockMemory {
  /** The hart the blocks run on and its registers (bound into each block: fewer arguments to pass). */
  h: BlockHost; r: Int32Array;
  ldTag: Int32Array; ldOff: Int32Array; stTag: Int32Array; stOff: Int32Array; ftTag: Int32Array; ftOff: Int32Array;
  u8: Uint8Array; i8: Int8Array; u16: Uint16Array; i16: Int16Array; i32: Int32Array;
  mulh(a: number, b: number): number; mulhu(a: number, b: number): number; mulhsu(a: number, b: number): number;
}

/** The most instructions one path through a block retires. */
export const MAX_BLOCK = 64;

const reg = (i: number) => (i === 0 ? '0' : `r[${i}]`);

/** Adds the block's loads and stores so far to the hart's counters. */
const count = (nl: number, ns: number) => (nl ? `h.loads += ${nl}; ` : '') + (ns ? `h.stores += ${ns}; ` : '');

/**
 * Source of one non-terminating instruction at byte offset `off` from the block's entry; it is
 * the block's instruction number `k`, after `nl` loads and `ns` stores.
 */
function body(w: number, imm: number, off: number, k: number, nl: number, ns: number): string | undefined {
  const op = w & 0xff, rd = (w >>> 8) & 31, a = reg((w >>> 13) & 31), b = reg((w >>> 18) & 31);
  const d = `r[${rd}]`;
  // A load or store the TLB does not map (a miss, MMIO, a misaligned address, a page holding code
  // or a watched word) leaves the block before it, having retired the instructions before it, and
  // the interpreter does it through its slow path. No call is left in a block: a call on a path
  // that has run keeps TurboFan from holding the typed arrays' bases in registers across the
  // loop, and after every TLB flush under a kernel those paths do run (crc32 under xv32's kernel
  // 0.66-0.71 s with the slow paths called in the block, 0.47-0.61 leaving; 0.46 bare-metal).
  const leave = `{ ${count(nl, ns)}h.blockRan = k + ${k}; return ((pc + ${off}) | 0) >> 1; }`;
  const load = (fast: string, align: number) =>
    `{ const a = (${a} + ${imm}) | 0, vpn = a >>> 12, ti = dbase + (vpn & ${TlbSet.MASK});` +
    ` if (ldTag[ti] !== vpn${align ? ` || (a & ${align}) !== 0` : ''}) ${leave}` + (rd !== 0 ? ` ${d} = ${fast}; }` : ' }');
  const store = (fast: string, align: number) =>
    `{ const a = (${a} + ${imm}) | 0, vpn = a >>> 12, ti = dbase + (vpn & ${TlbSet.MASK});` +
    ` if (stTag[ti] !== vpn${align ? ` || (a & ${align}) !== 0` : ''}) ${leave} ${fast} = ${b}; }`;
  switch (op) {
    case Op.NOP: case Op.FENCE: return '';
    case Op.LUI: case Op.LI: return `${d} = ${imm};`;
    case Op.AUIPC: return `${d} = (pc + ${(off + imm) | 0}) | 0;`;
    case Op.LB: return load('i8[(a + ldOff[ti]) | 0]', 0);
    case Op.LBU: return load('u8[(a + ldOff[ti]) | 0]', 0);
    case Op.LH: return load('i16[(a + ldOff[ti]) >> 1]', 1);
    case Op.LHU: return load('u16[(a + ldOff[ti]) >> 1]', 1);
    case Op.LW: return load('i32[(a + ldOff[ti]) >> 2]', 3);
    case Op.SB: return store('u8[(a + stOff[ti]) | 0]', 0);
    case Op.SH: return store('u16[(a + stOff[ti]) >> 1]', 1);
    case Op.SW: return store('i32[(a + stOff[ti]) >> 2]', 3);
    case Op.ADDI: return `${d} = (${a} + ${imm}) | 0;`;
    case Op.SLTI: return `${d} = ${a} < ${imm} ? 1 : 0;`;
    case Op.SLTIU: return `${d} = (${a} >>> 0) < ${imm >>> 0} ? 1 : 0;`;
    case Op.XORI: return `${d} = ${a} ^ ${imm};`;
    case Op.ORI: return `${d} = ${a} | ${imm};`;
    case Op.ANDI: return `${d} = ${a} & ${imm};`;
    case Op.SLLI: return `${d} = ${a} << ${imm};`;
    case Op.SRLI: return `${d} = ${a} >>> ${imm};`;
    case Op.SRAI: return `${d} = ${a} >> ${imm};`;
    case Op.ADD: return `${d} = (${a} + ${b}) | 0;`;
    case Op.SUB: return `${d} = (${a} - ${b}) | 0;`;
    case Op.SLL: return `${d} = ${a} << ${b};`;
    case Op.SLT: return `${d} = ${a} < ${b} ? 1 : 0;`;
    case Op.SLTU: return `${d} = (${a} >>> 0) < (${b} >>> 0) ? 1 : 0;`;
    case Op.XOR: return `${d} = ${a} ^ ${b};`;
    case Op.SRL: return `${d} = ${a} >>> ${b};`;
    case Op.SRA: return `${d} = ${a} >> ${b};`;
    case Op.OR: return `${d} = ${a} | ${b};`;
    case Op.AND: return `${d} = ${a} & ${b};`;
    case Op.MUL: return `${d} = Math.imul(${a}, ${b});`;
    case Op.MULH: return `${d} = mulh(${a}, ${b});`;
    case Op.MULHSU: return `${d} = mulhsu(${a}, ${b});`;
    case Op.MULHU: return `${d} = mulhu(${a}, ${b});`;
    case Op.DIV: return `{ const x = ${a}, y = ${b}; ${d} = y === 0 ? -1 : (x === -2147483648 && y === -1) ? x : (x / y) | 0; }`;
    case Op.DIVU: return `{ const y = ${b} >>> 0; ${d} = y === 0 ? -1 : ((${a} >>> 0) / y) | 0; }`;
    case Op.REM: return `{ const x = ${a}, y = ${b}; ${d} = y === 0 ? x : (x === -2147483648 && y === -1) ? 0 : (x % y) | 0; }`;
    case Op.REMU: return `{ const y = ${b} >>> 0; ${d} = y === 0 ? ${a} : ((${a} >>> 0) % y) | 0; }`;
  }
  return undefined; // needs the interpreter
}

const BRANCH_CONDITIONS: Partial<Record<Op, (a: string, b: string) => string>> = {
  [Op.BEQ]: (a, b) => `${a} === ${b}`,
  [Op.BNE]: (a, b) => `${a} !== ${b}`,
  [Op.BLT]: (a, b) => `${a} < ${b}`,
  [Op.BGE]: (a, b) => `${a} >= ${b}`,
  [Op.BLTU]: (a, b) => `(${a} >>> 0) < (${b} >>> 0)`,
  [Op.BGEU]: (a, b) => `(${a} >>> 0) >= (${b} >>> 0)`,
};

/** The most instructions one block's code holds, over all its paths. */
export const MAX_BLOCK_CODE = 160;

/** How far back (in bytes) a taken branch may go and still be compiled into the block: an inner
 *  loop of about 40 instructions. Farther back it leaves: with no limit, outer loops filled the
 *  block and recurse took 4.1 s against 2.3 (SCALE 64, min of 3). */
export const MAX_BACK_BRANCH = 128;

/**
 * Compiles the block whose entry is at byte offset `entryOff` of its page. `decoded(off)` gives
 * the decoded word and immediate at another offset of the page (decoding it if needed), or of
 * the next page for offsets from 4096 (up to `end`, 4096 or 8192) when `nextHost`, the next
 * page's host page, is known. Returns undefined when the first instruction cannot be compiled;
 * else the function and whether it reached into the next page.
 *
 * A block is a tree of paths from its entry: at a conditional branch whose target lies in the
 * page, not far behind it and not compiled already, the taken path is compiled too (inside the
 * `if`), while the code can grow; otherwise it is a side exit. Each instruction is compiled at
 * most once in a block, so its code is no bigger than the code it covers. A path that comes
 * back to the entry (by a branch, a jump, or running into it) goes round a JS loop, so a loop
 * with an if/else in its body runs without leaving the block. Along each path the instruction
 * count is a constant, so every exit knows what it retired.
 */
export function compileBlock(entryOff: number, decoded: (off: number) => [number, number] | undefined,
  mem: BlockMemory, end = 4096, nextHost = -1): { fn: BlockFn; crossesPage: boolean } | undefined {
  let emitted = 0; // instructions compiled, over all paths
  let longest = 0; // the most instructions any path retires before it leaves or goes round
  let loops = false; // some path goes back to the entry
  const inBlock = new Set<number>(); // offsets compiled already: each is compiled at most once
  let crossesPage = false; // an instruction of the block lies (at least in part) in the next page
  // Leaving along a path after its k instructions, nl loads and ns stores, for pc + `to`.
  const exit = (k: number, nl: number, ns: number, to: number) => {
    longest = Math.max(longest, k);
    return `${count(nl, ns)}h.blockRan = k + ${k}; return ((pc + ${to}) | 0) >> 1;`;
  };
  // Going round again: only if a whole pass of any path still fits in the budget.
  const again = (k: number, nl: number, ns: number) => {
    longest = Math.max(longest, k);
    loops = true;
    return `${count(nl, ns)}k += ${k}; if (k + LONGEST <= budget) continue; h.blockRan = k; return halfPc;`;
  };

  /** The code of the path from offset `off` after k instructions (nl loads, ns stores). Coming
   *  to an instruction compiled already (on this path or another) leaves, for it: copying code
   *  into several paths made blocks bigger and slower (list 1.0 s -> 2.6 s), not faster. */
  const path = (off: number, k: number, nl: number, ns: number): string => {
    const lines: string[] = [];
    for (;;) {
      if (off === 0 && k > 0) { lines.push(again(k, nl, ns)); break; }
      if (k >= MAX_BLOCK || emitted >= MAX_BLOCK_CODE || inBlock.has(off) || entryOff + off >= end) {
        lines.push(exit(k, nl, ns, off)); break;
      }
      const d = decoded(entryOff + off);
      if (!d) { lines.push(exit(k, nl, ns, off)); break; }
      const [w, imm] = d;
      const len = (w & Word.LEN4) ? 4 : 2;
      if (entryOff + off + len > 4096) crossesPage = true;
      inBlock.add(off);
      emitted++;
      const op = w & 0xff, cond = BRANCH_CONDITIONS[op as Op];
      const a = reg((w >>> 13) & 31), b = reg((w >>> 18) & 31), rd = (w >>> 8) & 31;
      const n = k + 1;
      if (cond) {
        const target = (off + imm) | 0;
        const inPage = entryOff + target >= 0 && entryOff + target < end;
        let taken: string;
        if (target === 0) taken = again(n, nl, ns);
        else if (inPage && !inBlock.has(target) && off - target <= MAX_BACK_BRANCH) taken = path(target, n, nl, ns);
        else taken = exit(n, nl, ns, target);
        lines.push(`if (${cond(a, b)}) { ${taken} }`);
        k = n;
        off += len;
        continue;
      }
      if (op === Op.JAL) {
        const link = rd !== 0 ? `r[${rd}] = (pc + ${off + len}) | 0; ` : '';
        const target = (off + imm) | 0;
        if (link) lines.push(link);
        // A jump or call within the page: the path follows it.
        if (entryOff + target >= 0 && entryOff + target < end) { k = n; off = target; continue; }
        lines.push(exit(n, nl, ns, target));
        break;
      }
      if (op === Op.JALR) {
        const link = rd !== 0 ? ` r[${rd}] = (pc + ${off + len}) | 0;` : '';
        longest = Math.max(longest, n);
        lines.push(`{ const t = (${a} + ${imm}) & -2;${link} ${count(nl, ns)}h.blockRan = k + ${n}; return t >> 1; }`);
        break;
      }
      const src = body(w, imm, off, k, nl, ns);
      if (src === undefined) { emitted--; inBlock.delete(off); lines.push(exit(k, nl, ns, off)); break; }
      lines.push(src);
      if (op >= Op.LB && op <= Op.LHU) nl++;
      if (op >= Op.SB && op <= Op.SW) ns++;
      k = n;
      off += len;
    }
    return lines.join('\n');
  };

  const main = path(0, 0, 0, 0);
  if (emitted === 0) return undefined;
  const k = longest;
  // A block runs whole or not at all: with fewer than its longest path's instructions left of
  // the budget it returns having run none (blockRan 0) and the interpreter takes them one by one,
  // so a timer interrupt is taken at the same instruction whichever blocks happen to be compiled
  // (a machine restored from a snapshot, its block cache cold, runs exactly as the original).
  let guard = `if (budget < ${k}) { h.blockRan = 0; return halfPc; }\n`;
  // Code from the next page is right only while that page maps to the one it came from.
  if (crossesPage) {
    guard += `{ const v2 = ((halfPc << 1) + ${4096 - entryOff}) >>> 12, t2 = h.fetchBase + (v2 & ${TlbSet.MASK});` +
      ` if (ftTag[t2] !== v2 || (((v2 << 12) + ftOff[t2]) | 0) !== ${nextHost}) { h.blockRan = 0; return halfPc; } }\n`;
  }
  const code = loops
    ? `${guard}let k = 0; for (;;) {\n${main.replaceAll('LONGEST', String(k))}\n}`
    : `${guard}const k = 0;\n${main}`;
  // Strict code: V8 calls a sloppy function with an undefined receiver through a slower path
  // (it substitutes the global object), and every block is called that way (fsm: 2.4 s vs 2.0 s).
  const factory = new Function('h', 'r', 'ldTag', 'ldOff', 'stTag', 'stOff', 'ftTag', 'ftOff', 'u8', 'i8', 'u16', 'i16', 'i32',
    'mulh', 'mulhu', 'mulhsu', `'use strict'; return function block(dbase, budget, halfPc) {\nconst pc = halfPc << 1;\n${code}\n};`);
  const fn = factory(mem.h, mem.r, mem.ldTag, mem.ldOff, mem.stTag, mem.stOff, mem.ftTag, mem.ftOff, mem.u8, mem.i8, mem.u16, mem.i16, mem.i32,
    mem.mulh, mem.mulhu, mem.mulhsu) as BlockFn;
  return { fn, crossesPage };
}
