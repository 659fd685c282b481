// Micro benchmarks of the memory path (benny): a TLB-hit load, a TLB miss that walks the page
// table, and a store that must set D. Run in S-mode under Sv32 on a machine set up by hand.
import { Machine } from '../emulator/machine.js';
import { BufferConsole } from '../emulator/host/console.js';
import { PTE_V, PTE_R, PTE_W, PTE_X, PTE_A, PTE_D, SATP_MODE_SV32 } from '../emulator/mmu/sv32.js';
import { PRV_S } from '../emulator/cpu/riscv.js';

const RAM = 0x80000000;
const ROOT = RAM + 0x10000, L0 = RAM + 0x11000, DATA = RAM + 0x20000, CODE = RAM + 0x30000;
const VA = 0x40000000;
/** Loads in the benchmark loop, and its instructions per iteration (the loads, addi, bne). */
export const LOADS_PER_ITERATION = 32;
const INSNS_PER_ITERATION = LOADS_PER_ITERATION + 2;

// Hand-encoded RV32I (unpriv spec ch. 2 formats), so the benchmark needs no cross compiler.
const lw = (rd: number, rs1: number, imm: number) => ((imm << 20) | (rs1 << 15) | (2 << 12) | (rd << 7) | 0x03) >>> 0;
const addi = (rd: number, rs1: number, imm: number) => (((imm & 0xfff) << 20) | (rs1 << 15) | (rd << 7) | 0x13) >>> 0;
const bne = (rs1: number, rs2: number, off: number) => (((off >> 12) & 1) << 31 | ((off >> 5) & 0x3f) << 25 |
  rs2 << 20 | rs1 << 15 | 1 << 12 | ((off >> 1) & 0xf) << 8 | ((off >> 11) & 1) << 7 | 0x63) >>> 0;
const T0 = 5, T2 = 7, A0 = 10;

export function mmuMachine() {
  const m = new Machine({ console: new BufferConsole(), ramBytes: 1 << 20 });
  const w32 = (pa: number, v: number) => { m.bus.i32[(pa - RAM) >> 2] = v | 0; };
  // Root: VA 0x40000000 -> level-0 table; RAM identity megapage for the code.
  w32(ROOT + (VA >>> 22) * 4, ((L0 / 4096) << 10) | PTE_V);
  w32(ROOT + (RAM >>> 22) * 4, ((RAM / 4096) << 10) | PTE_V | PTE_R | PTE_X | PTE_A);
  for (let i = 0; i < 16; i++) w32(L0 + i * 4, (((DATA / 4096) + i) << 10) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
  // The loop: 32 loads from VA, then t0--, and back while t0 != 0.
  for (let i = 0; i < LOADS_PER_ITERATION; i++) w32(CODE + i * 4, lw(A0, T2, (i * 4) & 0x7ff));
  w32(CODE + LOADS_PER_ITERATION * 4, addi(T0, T0, -1));
  w32(CODE + (LOADS_PER_ITERATION + 1) * 4, bne(T0, 0, -(LOADS_PER_ITERATION + 1) * 4));
  const h = m.hart;
  h.setPmpaddr(0, -1);
  h.setPmpcfg(0, 0x1f);
  h.priv = PRV_S;
  h.updateRegimes();
  h.setSatp(SATP_MODE_SV32 | (ROOT / 4096));
  return { m, h, pteAddr: (i: number) => L0 + i * 4 - RAM };
}

/** Runs the benny suite; returns nanoseconds per operation for each case. */
export async function runMmuMicroBenchmarks(log: (line: string) => void): Promise<Record<string, number>> {
  const b = (await import('benny')).default;
  const { m, h, pteAddr } = mmuMachine();
  const i32 = m.bus.i32;
  const ITERATIONS = 1000;
  const results: Record<string, number> = {};
  const perOp: Record<string, number> = {
    'TLB-hit load (compiled loop)': ITERATIONS * LOADS_PER_ITERATION,
    'TLB-miss load (page walk)': 1,
    'store that sets D (walk + PTE write)': 1,
  };
  await b.suite('xv32 memory path (Sv32, S-mode)',
    b.add('TLB-hit load (compiled loop)', () => {
      h.regs[T0] = 1 << 30; // never reaches 0: execute() stops on its budget
      h.regs[T2] = VA;
      h.pc = CODE | 0;
      h.execute(ITERATIONS * INSNS_PER_ITERATION);
    }),
    b.add('TLB-miss load (page walk)', () => {
      h.tlb.flushPage(VA >>> 12);
      h.loadSlow(VA, 4, true);
    }),
    b.add('store that sets D (walk + PTE write)', () => {
      i32[pteAddr(1) >> 2] &= ~PTE_D;
      h.tlb.flushPage((VA + 4096) >>> 12);
      h.storeSlow(VA + 4096, 1, 4);
    }),
    b.configure({ cases: { minTime: 0.5, maxTime: 2 } }),
    b.complete((summary) => {
      for (const r of summary.results) {
        const ns = 1e9 / r.ops / perOp[r.name];
        results[r.name] = ns;
        log(`| ${r.name} | ${ns.toFixed(2)} ns |`);
      }
    }),
  );
  return results;
}
