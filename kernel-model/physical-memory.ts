// Read-only access to the guest's RAM by physical address, as the kernel model sees it: the
// kernel maps RAM at its physical address, so its pointers are physical addresses too.
export class PhysicalMemory {
  private readonly dv: DataView;
  readonly end: number;

  constructor(readonly ram: Uint8Array, readonly base: number) {
    this.dv = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
    this.end = base + ram.length;
  }

  /** Whether [pa, pa + n) is in RAM. */
  contains(pa: number, n = 1): boolean {
    return pa >= this.base && pa + n <= this.end;
  }

  u32(pa: number): number {
    this.need(pa, 4);
    return this.dv.getUint32(pa - this.base, true);
  }

  u16(pa: number): number {
    this.need(pa, 2);
    return this.dv.getUint16(pa - this.base, true);
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
