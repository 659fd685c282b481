// Device access to guest RAM by physical address (DMA). Writes tell the hart, so decoded code in
// the pages written is forgotten. Out-of-RAM addresses are reported, never followed.
import type { Bus } from './bus.js';

export class Dma {
  constructor(private readonly bus: Bus, private readonly onWrite: (off: number, len: number) => void) {}

  /** Host offset of [pa, pa+len) if it lies wholly in RAM, else -1. */
  private span(pa: number, len: number): number {
    const off = this.bus.ramOffset(pa);
    return off >= 0 && off + len <= this.bus.ramSize ? off : -1;
  }

  /** Whether [pa, pa+len) lies wholly in RAM. */
  inRam(pa: number, len: number): boolean { return this.span(pa, len) >= 0; }

  u16(pa: number): number | undefined {
    const o = this.span(pa, 2);
    return o < 0 ? undefined : this.bus.u8[o] | (this.bus.u8[o + 1] << 8);
  }
  u32(pa: number): number | undefined {
    const o = this.span(pa, 4);
    if (o < 0) return undefined;
    const u8 = this.bus.u8;
    return (u8[o] | (u8[o + 1] << 8) | (u8[o + 2] << 16) | (u8[o + 3] << 24)) >>> 0;
  }
  setU16(pa: number, v: number): boolean { return this.write(pa, Uint8Array.of(v & 0xff, (v >>> 8) & 0xff)); }
  setU32(pa: number, v: number): boolean {
    return this.write(pa, Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff));
  }
  /** A copy of guest bytes [pa, pa+len), or undefined. */
  read(pa: number, len: number): Uint8Array | undefined {
    const o = this.span(pa, len);
    return o < 0 ? undefined : this.bus.u8.slice(o, o + len);
  }
  write(pa: number, bytes: Uint8Array): boolean {
    const o = this.span(pa, bytes.length);
    if (o < 0) return false;
    this.bus.u8.set(bytes, o);
    this.onWrite(o, bytes.length);
    return true;
  }
}
