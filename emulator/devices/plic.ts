// PLIC (platform-level interrupt controller, RISC-V PLIC spec 1.0.0) as on QEMU virt: sources
// 1..NUM_SOURCES with priorities, pending bits, and for hart 0 two contexts, 0 = M-mode (drives
// mip.MEIP) and 1 = S-mode (drives mip.SEIP), each with enables, a threshold and claim/complete.
import type { MmioDevice } from '../memory/bus.js';
import { loadFields, saveFields, type DeviceState } from '../snapshot/fields.js';

export const PLIC_SIZE = 0x600000;
export const PLIC_NUM_SOURCES = 96;
const PLIC_PRIORITY = 0x0;
const PLIC_PENDING = 0x1000;
const PLIC_ENABLE = 0x2000;
const PLIC_ENABLE_STRIDE = 0x80;
const PLIC_CONTEXT = 0x200000;
const PLIC_CONTEXT_STRIDE = 0x1000;
const PLIC_CONTEXTS = 2;
const WORDS = PLIC_NUM_SOURCES / 32;

const PLIC_STATE = ['priority', 'pending', 'level', 'claimed', 'enable', 'threshold'];

export class Plic implements MmioDevice {
  readonly name = 'plic';
  private readonly priority = new Uint32Array(PLIC_NUM_SOURCES);
  /** Pending bits, and the level of each source's line (a level-triggered source re-pends). */
  private readonly pending = new Uint32Array(WORDS);
  private readonly level = new Uint8Array(PLIC_NUM_SOURCES);
  /** Sources claimed and not yet completed: they do not pend again until completion. */
  private readonly claimed = new Uint8Array(PLIC_NUM_SOURCES);
  private readonly enable = new Uint32Array(PLIC_CONTEXTS * WORDS);
  private readonly threshold = new Uint32Array(PLIC_CONTEXTS);
  /** Called with the new interrupt lines: bit 0 = context 0 (M), bit 1 = context 1 (S). */
  onChange: (lines: number) => void = () => {};

  saveState(): DeviceState { return saveFields(this, PLIC_STATE); }
  loadState(s: DeviceState): void { loadFields(this, PLIC_STATE, s, 'plic'); this.update(); }

  /** A device raises or lowers its interrupt line. */
  setLevel(source: number, high: boolean): void {
    this.level[source] = high ? 1 : 0;
    if (high && !this.claimed[source]) this.setPending(source, true);
    this.update();
  }

  private setPending(source: number, on: boolean): void {
    if (on) this.pending[source >> 5] |= 1 << (source & 31);
    else this.pending[source >> 5] &= ~(1 << (source & 31));
  }

  /** The highest-priority pending enabled source above the threshold for `ctx`, or 0. */
  private best(ctx: number): number {
    let best = 0, bestPrio = this.threshold[ctx];
    for (let s = 1; s < PLIC_NUM_SOURCES; s++) {
      if (!((this.pending[s >> 5] >>> (s & 31)) & 1)) continue;
      if (!((this.enable[ctx * WORDS + (s >> 5)] >>> (s & 31)) & 1)) continue;
      if (this.priority[s] > bestPrio) { best = s; bestPrio = this.priority[s]; }
    }
    return best;
  }

  private update(): void {
    let lines = 0;
    for (let ctx = 0; ctx < PLIC_CONTEXTS; ctx++) if (this.best(ctx)) lines |= 1 << ctx;
    this.onChange(lines);
  }

  read(offset: number, _size: number): number {
    if (offset < PLIC_PENDING) return this.priority[(offset - PLIC_PRIORITY) >> 2] ?? 0;
    if (offset < PLIC_ENABLE) return this.pending[(offset - PLIC_PENDING) >> 2] ?? 0;
    if (offset < PLIC_CONTEXT) {
      const ctx = Math.floor((offset - PLIC_ENABLE) / PLIC_ENABLE_STRIDE);
      const word = ((offset - PLIC_ENABLE) % PLIC_ENABLE_STRIDE) >> 2;
      return ctx < PLIC_CONTEXTS && word < WORDS ? this.enable[ctx * WORDS + word] : 0;
    }
    const ctx = Math.floor((offset - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE);
    const reg = (offset - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
    if (ctx >= PLIC_CONTEXTS) return 0;
    if (reg === 0) return this.threshold[ctx];
    if (reg === 4) {
      // Claim: the best source stops pending until completed.
      const s = this.best(ctx);
      if (s) { this.setPending(s, false); this.claimed[s] = 1; this.update(); }
      return s;
    }
    return 0;
  }

  write(offset: number, _size: number, value: number): void {
    const v = value >>> 0;
    if (offset < PLIC_PENDING) {
      const s = (offset - PLIC_PRIORITY) >> 2;
      if (s > 0 && s < PLIC_NUM_SOURCES) this.priority[s] = v & 7;
    } else if (offset >= PLIC_ENABLE && offset < PLIC_CONTEXT) {
      const ctx = Math.floor((offset - PLIC_ENABLE) / PLIC_ENABLE_STRIDE);
      const word = ((offset - PLIC_ENABLE) % PLIC_ENABLE_STRIDE) >> 2;
      if (ctx < PLIC_CONTEXTS && word < WORDS) this.enable[ctx * WORDS + word] = word === 0 ? v & ~1 : v;
    } else if (offset >= PLIC_CONTEXT) {
      const ctx = Math.floor((offset - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE);
      const reg = (offset - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
      if (ctx >= PLIC_CONTEXTS) return;
      if (reg === 0) this.threshold[ctx] = v & 7;
      else if (reg === 4 && v > 0 && v < PLIC_NUM_SOURCES && this.claimed[v]) {
        // Complete: a source whose line is still high pends again.
        this.claimed[v] = 0;
        if (this.level[v]) this.setPending(v, true);
      }
    }
    this.update();
  }
}
