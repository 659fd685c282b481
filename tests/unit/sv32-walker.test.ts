// The Sv32 walker against hand-built page tables, and against a plain reference walker on random
// page tables (a property test): same physical address or same kind of fault, same A/D updates.
import { describe, expect, it } from 'vitest';
import {
  walk, newWalkResult, PTE_V, PTE_R, PTE_W, PTE_X, PTE_U, PTE_A, PTE_D, WALK_OK, WALK_PAGE_FAULT,
  WALK_ACCESS_FAULT, ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, SATP_MODE_SV32, type PteMemory,
} from '../../emulator/mmu/sv32.js';

/** Physical memory as a map from word address to PTE; addresses at or above `limit` fault. */
class TableMemory implements PteMemory {
  words = new Map<number, number>();
  writes = 0;
  constructor(readonly limit = 2 ** 34) {}
  readPte(pa: number) { return pa >= this.limit ? undefined : (this.words.get(pa) ?? 0); }
  writePte(pa: number, pte: number) { this.words.set(pa, pte >>> 0); this.writes++; }
  set(table: number, index: number, pte: number) { this.words.set(table * 4096 + index * 4, pte >>> 0); }
}
const leaf = (ppn: number, flags: number) => ((ppn << 10) | flags) >>> 0;
const ptr = (ppn: number) => ((ppn << 10) | PTE_V) >>> 0;
const ROOT = 0x80000, L0 = 0x80001; // table page numbers
const satp = (SATP_MODE_SV32 | ROOT) | 0;
const S = 1, U = 0;

function run(mem: TableMemory, va: number, kind: number, priv: number, sum = false, mxr = false) {
  return { ...walk(mem, satp, va, kind, priv, sum, mxr, newWalkResult()) };
}

describe('Sv32 walker on hand-built tables', () => {
  const mem = () => {
    const m = new TableMemory();
    m.set(ROOT, 0x100, ptr(L0));                                        // VA 0x40000000: level-0 table
    m.set(L0, 1, leaf(0x80042, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)); // 0x40001000 -> 0x80042000
    m.set(L0, 2, leaf(0x80043, PTE_V | PTE_R | PTE_U | PTE_A));         // a U page, read-only
    m.set(L0, 3, leaf(0x80044, PTE_V | PTE_X | PTE_A));                 // execute-only
    m.set(L0, 4, leaf(0x80045, PTE_V | PTE_W));                         // W without R
    m.set(L0, 5, leaf(0x80046, PTE_V | PTE_R | PTE_W));                 // A and D clear
    m.set(ROOT, 0x300, leaf(0x80000, PTE_V | PTE_R | PTE_X | PTE_A));   // 0xc0000000: megapage
    m.set(ROOT, 0x301, leaf(0x80001, PTE_V | PTE_R | PTE_A));           // misaligned megapage
    m.set(ROOT, 0x302, leaf(0x80400, PTE_V));                           // pointer to an empty table
    return m;
  };
  it('maps a 4 KiB page, keeping the page offset', () => {
    expect(run(mem(), 0x40001abc, ACCESS_LOAD, S)).toMatchObject({ status: WALK_OK, pa: 0x80042abc, level: 0 });
  });
  it('maps a 4 MiB megapage with 22 bits of offset', () => {
    expect(run(mem(), 0xc0123456, ACCESS_FETCH, S)).toMatchObject({ status: WALK_OK, pa: 0x80123456, level: 1 });
  });
  it('faults on a misaligned megapage, an invalid PTE, W without R, and an empty table', () => {
    expect(run(mem(), 0xc0400000, ACCESS_LOAD, S).status).toBe(WALK_PAGE_FAULT);
    expect(run(mem(), 0x40006000, ACCESS_LOAD, S).status).toBe(WALK_PAGE_FAULT);
    expect(run(mem(), 0x40004000, ACCESS_LOAD, S).status).toBe(WALK_PAGE_FAULT);
    expect(run(mem(), 0xc0800000, ACCESS_LOAD, S).status).toBe(WALK_PAGE_FAULT);
  });
  it('keeps U pages from S-mode unless SUM, and from S-mode fetches always', () => {
    expect(run(mem(), 0x40002000, ACCESS_LOAD, S).status).toBe(WALK_PAGE_FAULT);
    expect(run(mem(), 0x40002000, ACCESS_LOAD, S, true).status).toBe(WALK_OK);
    expect(run(mem(), 0x40002000, ACCESS_LOAD, U).status).toBe(WALK_OK);
    expect(run(mem(), 0x40001000, ACCESS_LOAD, U).status).toBe(WALK_PAGE_FAULT);
    expect(run(mem(), 0x40002000, ACCESS_STORE, U).status).toBe(WALK_PAGE_FAULT); // read-only
  });
  it('reads an execute-only page only with MXR', () => {
    expect(run(mem(), 0x40003000, ACCESS_LOAD, S).status).toBe(WALK_PAGE_FAULT);
    expect(run(mem(), 0x40003000, ACCESS_LOAD, S, false, true).status).toBe(WALK_OK);
    expect(run(mem(), 0x40003000, ACCESS_FETCH, S).status).toBe(WALK_OK);
  });
  it('sets A on any access and D on a store, in memory', () => {
    const m = mem();
    run(m, 0x40005000, ACCESS_LOAD, S);
    expect(m.words.get(L0 * 4096 + 5 * 4)! & (PTE_A | PTE_D)).toBe(PTE_A);
    run(m, 0x40005000, ACCESS_STORE, S);
    expect(m.words.get(L0 * 4096 + 5 * 4)! & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    const writes = m.writes;
    run(m, 0x40005000, ACCESS_STORE, S);
    expect(m.writes).toBe(writes); // nothing to update the second time
  });
  it('reports an access fault when a PTE cannot be read', () => {
    const m = mem();
    m.set(ROOT, 0x303, ptr(0x3ffff0)); // a table far above RAM
    const far = new TableMemory(0x3ffff0 * 4096);
    far.words = m.words;
    expect(run(far, 0xc0c00000, ACCESS_LOAD, S).status).toBe(WALK_ACCESS_FAULT);
  });
});

// A reference walker written straight from priv spec 4.3.2, independent of the one under test.
function referenceWalk(mem: Map<number, number>, va: number, kind: number, priv: number, sum: boolean,
  mxr: boolean): { pa: number; fault: boolean; pteAddr?: number; newPte?: number } {
  const vpn = [(va >>> 12) & 0x3ff, va >>> 22];
  let a = ROOT * 4096;
  for (let i = 1; i >= 0; i--) {
    const pteAddr = a + vpn[i] * 4;
    const pte = (mem.get(pteAddr) ?? 0) >>> 0;
    const v = pte & 1, r = (pte >> 1) & 1, w = (pte >> 2) & 1, x = (pte >> 3) & 1, u = (pte >> 4) & 1;
    if (!v || (!r && w)) return { pa: 0, fault: true };
    if (!r && !x) { a = (pte >>> 10) * 4096; continue; }
    if (priv === U && !u) return { pa: 0, fault: true };
    if (priv === S && u && (!sum || kind === ACCESS_FETCH)) return { pa: 0, fault: true };
    const ok = kind === ACCESS_FETCH ? x : kind === ACCESS_LOAD ? (r || (mxr && x)) : w;
    if (!ok) return { pa: 0, fault: true };
    const ppn0 = (pte >>> 10) & 0x3ff, ppn1 = pte >>> 20;
    if (i === 1 && ppn0 !== 0) return { pa: 0, fault: true };
    const newPte = (pte | PTE_A | (kind === ACCESS_STORE ? PTE_D : 0)) >>> 0;
    const pa = i === 1 ? ppn1 * 2 ** 22 + (va & 0x3fffff) : (pte >>> 10) * 4096 + (va & 0xfff);
    return { pa, fault: false, pteAddr, newPte };
  }
  return { pa: 0, fault: true };
}

describe('Sv32 walker against a reference walker', () => {
  it('agrees on 20,000 random translations of random page tables', () => {
    // mulberry32: the low bits of a plain LCG cycle too fast for `% n`.
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const flagsOf = () => rand(256); // any combination of V R W X U G A D
    let mapped = 0;
    for (let trial = 0; trial < 200; trial++) {
      const mem = new TableMemory();
      const tables = [0x80001, 0x80002, 0x80003];
      const populated: number[] = []; // VAs (page-aligned) whose walk reaches a leaf candidate
      // A root with pointers, megapages (some misaligned) and junk; level-0 tables of random leaves.
      for (let i = 0; i < 64; i++) {
        const idx = rand(1024), kind = rand(4);
        if (kind === 0) {
          const t = tables[rand(3)];
          mem.set(ROOT, idx, ptr(t));
          for (let j = 0; j < 16; j++) {
            const e = rand(1024);
            mem.set(t, e, leaf(rand(0x400000), flagsOf()));
            populated.push(((idx << 22) | (e << 12)) >>> 0);
          }
        } else if (kind === 1) {
          mem.set(ROOT, idx, leaf((rand(0x1000) << 10) | (rand(4) === 0 ? 1 + rand(1023) : 0), flagsOf()));
          populated.push((idx << 22) >>> 0);
        } else {
          mem.set(ROOT, idx, rand(2 ** 31) * 2 + rand(2));
        }
      }
      for (let q = 0; q < 100; q++) {
        const base = rand(8) ? populated[rand(populated.length)] : ((rand(1024) << 22) | (rand(1024) << 12)) >>> 0;
        const va = (base + ((base & 0x3fffff) === 0 ? rand(0x400000) : rand(4096))) >>> 0;
        const kind = rand(3), priv = rand(2), sum = rand(2) === 1, mxr = rand(2) === 1;
        const ref = referenceWalk(mem.words, va, kind, priv, sum, mxr);
        const got = walk(mem, satp, va | 0, kind, priv, sum, mxr, newWalkResult());
        const where = `va ${va.toString(16)} kind ${kind} priv ${priv} sum ${sum} mxr ${mxr}`;
        expect(got.status === WALK_OK ? 'ok' : 'fault', where).toBe(ref.fault ? 'fault' : 'ok');
        if (!ref.fault) {
          mapped++;
          expect(got.pa, where).toBe(ref.pa);
          expect(mem.words.get(ref.pteAddr!), where).toBe(ref.newPte);
        }
      }
    }
    expect(mapped).toBeGreaterThan(1000); // enough translations succeed to compare addresses
  });
});
