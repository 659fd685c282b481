// The trigger module (RISC-V Debug spec 1.0, chapter 5, Sdtrig): two address-match triggers of
// type 2 (mcontrol) that raise a breakpoint exception (action 0) on an instruction's address,
// a load's or a store's. No debug mode, so dmode reads 0 and action 1 ("enter debug mode") is
// not offered; timing is "before" (the instruction does not run), select is the address, and
// the match is "equal" (any byte of the access), "at least" or "less than" (match 0, 2, 3).
//
// The hot path never looks here: while a trigger is armed the hart runs one instruction at a
// time through checkExecute() and keeps the data TLB empty, so every load and store comes to
// checkData() from its slow path. Disarmed, the only cost is a flag tested once per execute().

/** checkData()'s answer when a debugger's watchpoint, not a trigger, matched. */
export const WATCH_STOP = -2;

/** A debugger's watchpoint (gdb's Z2-Z4): `len` bytes from `addr`, on loads, stores or both. */
export interface Watch { addr: number; len: number; load: boolean; store: boolean }

/** How many triggers tselect selects among (QEMU's virt machine has two as well). */
export const TRIGGER_COUNT = 2;

// tdata1 as mcontrol, RV32 (debug spec 5.7.3).
export const MCONTROL_TYPE = 2;
export const TDATA1_TYPE_SHIFT = 28;
export const MCONTROL_HIT = 1 << 20;
export const MCONTROL_MATCH_SHIFT = 7;
export const MCONTROL_MATCH_MASK = 0xf << MCONTROL_MATCH_SHIFT;
export const MCONTROL_M = 1 << 6;
export const MCONTROL_S = 1 << 4;
export const MCONTROL_U = 1 << 3;
export const MCONTROL_EXECUTE = 1 << 2;
export const MCONTROL_STORE = 1 << 1;
export const MCONTROL_LOAD = 1 << 0;
/** match: tdata2 equals an address the access touches / is at most the address / is above it. */
export const MATCH_EQUAL = 0, MATCH_GE = 2, MATCH_LT = 3;
/** tinfo: bit N set for each trigger type supported, here only mcontrol. */
export const TINFO_MCONTROL = 1 << MCONTROL_TYPE;

/** The bits of mcontrol that can be written; the rest read as 0 (WARL). */
const MCONTROL_WRITABLE = MCONTROL_HIT | MCONTROL_MATCH_MASK | MCONTROL_M | MCONTROL_S | MCONTROL_U |
  MCONTROL_EXECUTE | MCONTROL_STORE | MCONTROL_LOAD;
const MCONTROL_BASE = MCONTROL_TYPE << TDATA1_TYPE_SHIFT;
/** The mode bit of mcontrol for privilege 0 (U), 1 (S), 3 (M). */
const MODE_BIT = [MCONTROL_U, MCONTROL_S, 0, MCONTROL_M];

export class Triggers {
  tselect = 0;
  readonly tdata1 = new Int32Array(TRIGGER_COUNT).fill(MCONTROL_BASE);
  readonly tdata2 = new Int32Array(TRIGGER_COUNT);
  /** The debugger's watchpoints: like triggers with dmode = 1, the guest cannot see them, and
   *  they stop the machine before the access (the access is not made, nothing is raised). */
  readonly watches: Watch[] = [];
  /** The watchpoint that last stopped an access. */
  watchHit: Watch | undefined;
  /** Some trigger can fire on an instruction's address / on a load or store. */
  execArmed = false;
  dataArmed = false;

  readTdata1(): number { return this.tdata1[this.tselect]; }
  readTdata2(): number { return this.tdata2[this.tselect]; }

  /** tselect is WARL: a trigger that does not exist leaves it as it was (software enumerates
   *  triggers by writing and reading back). */
  writeTselect(v: number): void { if ((v >>> 0) < TRIGGER_COUNT) this.tselect = v; }

  /** Any type written becomes mcontrol (the one type offered), with the fields it cannot hold
   *  cleared: a match other than 0, 2 or 3 becomes 0. */
  writeTdata1(v: number): void {
    let nv = MCONTROL_BASE | (v & MCONTROL_WRITABLE);
    const match = (nv & MCONTROL_MATCH_MASK) >>> MCONTROL_MATCH_SHIFT;
    if (match !== MATCH_EQUAL && match !== MATCH_GE && match !== MATCH_LT) nv &= ~MCONTROL_MATCH_MASK;
    this.tdata1[this.tselect] = nv;
  }

  writeTdata2(v: number): void { this.tdata2[this.tselect] = v; }

  /** Which checks are needed, after tdata1, the watchpoints or a snapshot changed (the hart's
   *  triggersChanged() calls it). */
  rearm(): void {
    let exec = false, data = false;
    for (let i = 0; i < TRIGGER_COUNT; i++) {
      const t = this.tdata1[i];
      if (!(t & (MCONTROL_M | MCONTROL_S | MCONTROL_U))) continue;
      if (t & MCONTROL_EXECUTE) exec = true;
      if (t & (MCONTROL_LOAD | MCONTROL_STORE)) data = true;
    }
    this.execArmed = exec;
    this.dataArmed = data || this.watches.length > 0;
  }

  /** The trigger that fires on fetching the instruction at `pc` in privilege `priv`, or -1. */
  checkExecute(pc: number, priv: number): number {
    return this.find(MCONTROL_EXECUTE, pc, 1, priv);
  }

  /** The trigger that fires on a `size`-byte load (or store) at `va` in privilege `priv`, or -1. */
  checkData(va: number, size: number, store: boolean, priv: number): number {
    for (const w of this.watches) {
      const a = va >>> 0;
      if ((store ? w.store : w.load) && a < w.addr + w.len && w.addr < a + size) {
        this.watchHit = w;
        return WATCH_STOP;
      }
    }
    return this.find(store ? MCONTROL_STORE : MCONTROL_LOAD, va, size, priv);
  }

  private find(kind: number, addr: number, size: number, priv: number): number {
    for (let i = 0; i < TRIGGER_COUNT; i++) {
      const t = this.tdata1[i];
      if (!(t & kind) || !(t & MODE_BIT[priv])) continue;
      const a = addr >>> 0, v = this.tdata2[i] >>> 0;
      const match = (t & MCONTROL_MATCH_MASK) >>> MCONTROL_MATCH_SHIFT;
      const hit = match === MATCH_EQUAL ? v >= a && v < a + size
        : match === MATCH_GE ? a >= v : a < v;
      if (hit) { this.tdata1[i] = t | MCONTROL_HIT; return i; }
    }
    return -1;
  }
}
