// The TLB and PMP as the hart uses them: what gets a fast entry, what is forgotten when, and
// which accesses PMP lets through.
import { describe, expect, it } from 'vitest';
import { Machine } from '../../emulator/machine.js';
import { BufferConsole } from '../../emulator/host/console.js';
import { ACCESS_LOAD, ACCESS_STORE, TlbSet, regimeBase } from '../../emulator/memory/tlb.js';
import { PTE_V, PTE_R, PTE_W, PTE_A, PTE_D, SATP_MODE_SV32 } from '../../emulator/mmu/sv32.js';
import { pmpCheck, PMP_ALLOW, PMP_ALLOW_PAGE, PMP_DENY } from '../../emulator/mmu/pmp.js';
import { PRV_S } from '../../emulator/cpu/riscv.js';

const RAM = 0x80000000;
const ROOT = RAM + 0x10000, L0 = RAM + 0x11000, DATA = RAM + 0x20000;
const VA = 0x40000000;

/** A machine in S-mode with Sv32 on: VA 0x40000000 + i*4096 -> DATA + i*4096, flags per page. */
function sv32Machine(flags: number[]) {
  const m = new Machine({ console: new BufferConsole(), ramBytes: 1 << 20 });
  const w32 = (pa: number, v: number) => { m.bus.i32[(pa - RAM) >> 2] = v; };
  w32(ROOT + (VA >>> 22) * 4, ((L0 / 4096) << 10) | PTE_V);
  flags.forEach((f, i) => w32(L0 + i * 4, (((DATA / 4096) + i) << 10) | f));
  const h = m.hart;
  h.setPmpaddr(0, -1);
  h.setPmpcfg(0, 0x1f); // NAPOT over everything, RWX
  h.priv = PRV_S;
  h.updateRegimes();
  h.setSatp(SATP_MODE_SV32 | (ROOT / 4096));
  const pte = (i: number) => m.bus.i32[(L0 + i * 4 - RAM) >> 2];
  const hasEntry = (kind: number, va: number) =>
    h.tlb.tag[kind][regimeBase(PRV_S) + ((va >>> 12) & TlbSet.MASK)] === va >>> 12;
  return { m, h, pte, hasEntry };
}

describe('the TLB', () => {
  it('makes a load entry after a walk, and no store entry until a store has set D', () => {
    const { h, pte, hasEntry } = sv32Machine([PTE_V | PTE_R | PTE_W]);
    h.loadSlow(VA, 4, true);
    expect(hasEntry(ACCESS_LOAD, VA)).toBe(true);
    expect(hasEntry(ACCESS_STORE, VA)).toBe(false);
    expect(pte(0) & (PTE_A | PTE_D)).toBe(PTE_A);
    h.storeSlow(VA + 8, 7, 4);
    expect(pte(0) & PTE_D).toBe(PTE_D);
    expect(hasEntry(ACCESS_STORE, VA)).toBe(true);
    expect(h.walks).toBe(2);
  });
  it('forgets exactly one page on sfence.vma with an address, and everything without', () => {
    const { h, hasEntry } = sv32Machine([PTE_V | PTE_R | PTE_A, PTE_V | PTE_R | PTE_A]);
    h.loadSlow(VA, 4, true);
    h.loadSlow(VA + 4096, 4, true);
    h.sfenceVma(VA + 4096);
    expect([hasEntry(ACCESS_LOAD, VA), hasEntry(ACCESS_LOAD, VA + 4096)]).toEqual([true, false]);
    h.sfenceVma(undefined);
    expect(hasEntry(ACCESS_LOAD, VA)).toBe(false);
    expect(h.sfences).toBe(2);
  });
  it('counts a page fault by cause and makes no entry for it', () => {
    const { h, hasEntry } = sv32Machine([PTE_V | PTE_R | PTE_A]);
    h.storeSlow(VA, 1, 4); // read-only page
    expect(h.pageFaults[15]).toBe(1);
    expect(h.scause === 15 || h.mcause === 15).toBe(true);
    expect(hasEntry(ACCESS_STORE, VA)).toBe(false);
  });
});

describe('PMP', () => {
  const cfg = (entries: number[]) => Int32Array.from([0, 1, 2, 3].map((w) =>
    entries.slice(w * 4, w * 4 + 4).reduce((acc, c, i) => acc | (c << (8 * i)), 0)));
  const addrs = (xs: number[]) => Int32Array.from({ length: 16 }, (_, i) => xs[i] ?? 0);
  const TOR = 1 << 3, NAPOT = 3 << 3, R = 1, W = 2, X = 4, L = 0x80;
  it('denies S and U everything when no entry matches, and lets M through', () => {
    expect(pmpCheck(cfg([]), addrs([]), RAM, 4, 1, 1)).toBe(PMP_DENY);
    expect(pmpCheck(cfg([]), addrs([]), RAM, 4, 1, 3)).toBe(PMP_ALLOW_PAGE);
  });
  it('opens all memory with one NAPOT entry of all ones', () => {
    const c = cfg([NAPOT | R | W | X]), a = addrs([-1]);
    for (const kind of [0, 1, 2]) expect(pmpCheck(c, a, RAM + 0x1234, 4, kind, 0)).toBe(PMP_ALLOW_PAGE);
  });
  it('applies a TOR region\'s permissions, and does not let the TLB cache a partly covered page', () => {
    // Entry 0: TOR [0, RAM + 0x800) read-only; entry 1: everything RWX.
    const c = cfg([TOR | R, NAPOT | R | W | X]), a = addrs([(RAM + 0x800) / 4, -1]);
    expect(pmpCheck(c, a, RAM + 0x10, 4, 2, 1)).toBe(PMP_DENY);          // store into the RO part
    expect(pmpCheck(c, a, RAM + 0x10, 4, 1, 1)).toBe(PMP_ALLOW);         // allowed, not cacheable
    expect(pmpCheck(c, a, RAM + 0x900, 4, 2, 1)).toBe(PMP_ALLOW);        // same page, other entry
    expect(pmpCheck(c, a, RAM + 0x7fe, 4, 1, 1)).toBe(PMP_DENY);         // straddles the boundary
    expect(pmpCheck(c, a, RAM + 0x1000, 4, 2, 1)).toBe(PMP_ALLOW_PAGE);  // a page wholly in entry 1
  });
  it('checks M-mode only against locked entries', () => {
    const c = cfg([NAPOT | R | L]), a = addrs([-1]);
    expect(pmpCheck(c, a, RAM, 4, 2, 3)).toBe(PMP_DENY);
    expect(pmpCheck(cfg([NAPOT | R]), a, RAM, 4, 2, 3)).toBe(PMP_ALLOW_PAGE);
  });
});
