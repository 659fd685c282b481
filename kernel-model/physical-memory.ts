// Read-only access to the guest's RAM by physical address, as the kernel model sees it: the
// kernel maps RAM at its physical address, so its pointers are physical addresses too.
export class PhysicalMemory {
  private readonly dv: DataView;
  /** RAM as aligned words, for the long walks (the free list). */
  private readonly words: Uint32Array;
  readonly end: number;

  constructor(readonly ram: Uint8Array, readonly base: number) {
    this.dv = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
    this.end = base + ram.length;
    this.words = new Uint32Array(ram.buffer, ram.byteOffset, ram.byteLength >>> 2);
  }

  /** The word at an aligned pa in RAM; the caller has checked both. */
  alignedU32(pa: number): number {
    return this.words[(pa - this.base) >>> 2];
  }

  /** Whether [pa, pa + n) is in RAM. */
  contains(pa: number, n = 1): boolean {
    return pa >= this.base && pa + n <= this.end;
  }

  u32(pa: number): number {
    this.need(pa, 4);
    return this.dv.getUint32(pa - this.base, true);
  }

  /** Stores a word: only the host's live-disk editor does, to mark kernel caches stale. */
  setU32(pa: number, v: number): void {
    this.need(pa, 4);
    this.dv.setUint32(pa - this.base, v >>> 0, true);
  }

  /** A copy of `n` little-endian 16-bit words at pa (the host is little-endian, as RV32 is). */
  u16s(pa: number, n: number): Uint16Array {
    this.need(pa, 2 * n);
    const off = this.ram.byteOffset + pa - this.base;
    if (off % 2 === 0) return new Uint16Array(this.ram.buffer, off, n).slice();
    const out = new Uint16Array(n);
    for (let i = 0; i < n; i++) out[i] = this.dv.getUint16(pa - this.base + 2 * i, true);
    return out;
  }

  /** A view of n bytes at pa (not a copy: read it before the guest runs on). */
  bytes(pa: number, n: number): Uint8Array {
    this.need(pa, n);
    return this.ram.subarray(pa - this.base, pa - this.base + n);
  }

  /** A NUL-terminated string of at most `max` bytes at pa. */
  cstring(pa: number, max: number): string {
    this.need(pa, max);
    let s = '';
    for (let i = 0; i < max; i++) {
      const c = this.ram[pa - this.base + i];
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    return s;
  }

  private need(pa: number, n: number): void {
    if (!this.contains(pa, n)) throw new KernelModelError(`address 0x${(pa >>> 0).toString(16)} is outside RAM`);
  }
}

/** The kernel's memory cannot be read as the model expects (a wrong kernel, or wild pointers). */
export class KernelModelError extends Error {}
