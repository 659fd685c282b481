// CLINT (SiFive core-local interruptor, QEMU virt at 0x0200_0000): msip, mtimecmp and mtime for
// hart 0. mtime itself comes from the machine's clock; the CLINT compares and drives MTIP/MSIP.
import type { MmioDevice } from '../memory/bus.js';
import { loadFields, saveFields, type DeviceState } from '../snapshot/fields.js';

export const CLINT_MSIP = 0x0000;
export const CLINT_MTIMECMP = 0x4000;
export const CLINT_MTIME = 0xbff8;
export const CLINT_SIZE = 0x10000;

const CLINT_STATE = ['msip', 'cmpLo', 'cmpHi'];

export class Clint implements MmioDevice {
  readonly name = 'clint';
  msip = 0;
  /** mtimecmp as two unsigned halves; it starts at the maximum, i.e. never. */
  cmpLo = 0xffffffff;
  cmpHi = 0xffffffff;

  /** mtimecmp as a number: exact below 2^53, and above that still larger than any mtime. */
  get mtimecmp(): number {
    return this.cmpHi * 2 ** 32 + this.cmpLo;
  }

  constructor(private readonly clock: { now(): number; set(t: number): void }) {}

  saveState(): DeviceState { return saveFields(this, CLINT_STATE); }
  loadState(s: DeviceState): void { loadFields(this, CLINT_STATE, s, 'clint'); }

  read(offset: number, _size: number): number {
    const t = this.clock.now();
    switch (offset) {
      case CLINT_MSIP: return this.msip;
      case CLINT_MTIMECMP: return this.cmpLo | 0;
      case CLINT_MTIMECMP + 4: return this.cmpHi | 0;
      case CLINT_MTIME: return lo(t) | 0;
      case CLINT_MTIME + 4: return hi(t) | 0;
    }
    return 0;
  }

  write(offset: number, _size: number, value: number): void {
    const v = value >>> 0;
    switch (offset) {
      case CLINT_MSIP: this.msip = v & 1; break;
      case CLINT_MTIMECMP: this.cmpLo = v; break;
      case CLINT_MTIMECMP + 4: this.cmpHi = v; break;
      case CLINT_MTIME: this.clock.set(hi(this.clock.now()) * 2 ** 32 + v); break;
      case CLINT_MTIME + 4: this.clock.set(v * 2 ** 32 + lo(this.clock.now())); break;
    }
  }
}

function hi(x: number): number { return Math.floor(x / 2 ** 32) >>> 0; }
function lo(x: number): number { return (x - Math.floor(x / 2 ** 32) * 2 ** 32) >>> 0; }
