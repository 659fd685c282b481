// The physical address space: RAM as one ArrayBuffer with typed views, and MMIO devices at fixed
// ranges (QEMU `virt` layout, see ARCHITECTURE.md). Only slow paths come here; the hot path reaches
// RAM through the TLB's host offsets and these views directly.

/** A memory-mapped device. Offsets are relative to the device's base; sizes are 1, 2 or 4. */
export interface MmioDevice {
  readonly name: string;
  read(offset: number, size: number): number;
  write(offset: number, size: number, value: number): void;
}

interface Mapping { base: number; size: number; device: MmioDevice }

export const RAM_BASE = 0x8000_0000;
export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;

export class Bus {
  readonly ramBase = RAM_BASE;
  readonly ramSize: number;
  readonly ram: ArrayBuffer;
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
  private readonly mappings: Mapping[] = [];

  /** `ram`, if given, becomes the RAM itself (a snapshot's, decoded: no second copy). */
  constructor(ramBytes: number, ram?: ArrayBuffer) {
    if (ramBytes <= 0 || ramBytes % PAGE_SIZE !== 0 || ramBytes > 0x7000_0000) {
      throw new Error(`RAM size must be a positive multiple of 4 KiB, at most 1.75 GiB (got ${ramBytes})`);
    }
    if (ram && ram.byteLength !== ramBytes) throw new Error(`RAM buffer of ${ram.byteLength} bytes for ${ramBytes} bytes of RAM`);
    this.ramSize = ramBytes;
    this.ram = ram ?? new ArrayBuffer(ramBytes);
    this.u8 = new Uint8Array(this.ram);
    this.i8 = new Int8Array(this.ram);
    this.u16 = new Uint16Array(this.ram);
    this.i16 = new Int16Array(this.ram);
    this.i32 = new Int32Array(this.ram);
  }

  /** Places a device at [base, base+size). Overlapping ranges are a configuration bug. */
  map(base: number, size: number, device: MmioDevice): void {
    for (const m of this.mappings) {
      if (base < m.base + m.size && m.base < base + size) {
        throw new Error(`${device.name} at 0x${base.toString(16)} overlaps ${m.device.name}`);
      }
    }
    this.mappings.push({ base, size, device });
  }

  /** Host byte offset into RAM of physical address `pa` (unsigned), or -1 if not RAM. */
  ramOffset(pa: number): number {
    const off = pa - this.ramBase;
    return off >= 0 && off < this.ramSize ? off : -1;
  }

  /** The device mapping that holds physical address `pa`, or undefined (an access fault). */
  findDevice(pa: number): Mapping | undefined {
    for (const m of this.mappings) {
      if (pa >= m.base && pa - m.base < m.size) return m;
    }
    return undefined;
  }
}
