// Physical memory protection (priv spec 3.7): 16 entries in OFF, TOR, NA4 or NAPOT mode.
// Checked on the slow path only: a TLB entry is made for a page only when a single PMP entry
// (or none, in M-mode) decides every byte of that page the same way. The entries' byte ranges
// are worked out once per CSR write, so a check is a short loop over the active entries.

export const PMP_R = 1 << 0;
export const PMP_W = 1 << 1;
export const PMP_X = 1 << 2;
export const PMP_A_SHIFT = 3;
export const PMP_L = 1 << 7;
export const PMP_A_OFF = 0;
export const PMP_A_TOR = 1;
export const PMP_A_NA4 = 2;
export const PMP_A_NAPOT = 3;
export const PMP_ENTRIES = 16;

const PERM_BY_KIND = [PMP_X, PMP_R, PMP_W]; // fetch, load, store

/** Result codes of check(). */
export const PMP_DENY = 0;
export const PMP_ALLOW = 1;
/** Allowed, and the same entry decides the whole 4 KiB page, so the TLB may cache it. */
export const PMP_ALLOW_PAGE = 2;

export class Pmp {
  /** The active entries in priority order: byte range [lo, hi) and their cfg byte. */
  private readonly lo = new Float64Array(PMP_ENTRIES);
  private readonly hi = new Float64Array(PMP_ENTRIES);
  private readonly cfg = new Uint8Array(PMP_ENTRIES);
  private count = 0;
  /** Whether an entry is locked, so M-mode accesses must be checked too. */
  locked = false;

  /** Recomputes the ranges from pmpcfg0-3 and pmpaddr0-15. */
  update(cfgs: Int32Array, addrs: Int32Array): void {
    this.count = 0;
    this.locked = false;
    for (let i = 0; i < PMP_ENTRIES; i++) {
      const cfg = (cfgs[i >> 2] >>> ((i & 3) * 8)) & 0xff;
      const a = (cfg >>> PMP_A_SHIFT) & 3;
      if (cfg & PMP_L) this.locked = true;
      const addr = (addrs[i] >>> 0) * 4;
      let lo: number, hi: number;
      if (a === PMP_A_TOR) { lo = i === 0 ? 0 : (addrs[i - 1] >>> 0) * 4; hi = addr; }
      else if (a === PMP_A_NA4) { lo = addr; hi = addr + 4; }
      else if (a === PMP_A_NAPOT) {
        // The trailing ones of pmpaddr give the size: 2^(ones + 3) bytes.
        let ones = 0;
        while (ones < 32 && ((addrs[i] >>> ones) & 1)) ones++;
        const size = 2 ** (ones + 3);
        lo = Math.floor(addr / size) * size;
        hi = lo + size;
      } else continue;
      if (lo >= hi) continue; // an empty TOR range matches nothing
      this.lo[this.count] = lo;
      this.hi[this.count] = hi;
      this.cfg[this.count] = cfg;
      this.count++;
    }
  }

  /**
   * Checks an access of `size` bytes at physical `pa` for `kind` (0 fetch, 1 load, 2 store) at
   * privilege `priv` (3 = M). The first entry matching any byte decides; a partial match fails.
   */
  check(pa: number, size: number, kind: number, priv: number): number {
    const pageLo = pa - (pa % 4096), pageHi = pageLo + 4096;
    let cacheable = true;
    for (let i = 0; i < this.count; i++) {
      const lo = this.lo[i], hi = this.hi[i];
      if (!(lo < pa + size && pa < hi)) {
        // An earlier entry that covers another part of this page: the page can't be cached.
        if (lo < pageHi && pageLo < hi) cacheable = false;
        continue;
      }
      if (pa < lo || pa + size > hi) return PMP_DENY; // matches only part of the access
      const cfg = this.cfg[i];
      if (!((priv === 3 && !(cfg & PMP_L)) || (cfg & PERM_BY_KIND[kind]))) return PMP_DENY;
      return cacheable && lo <= pageLo && pageHi <= hi ? PMP_ALLOW_PAGE : PMP_ALLOW;
    }
    // No entry matches: M-mode may access, S and U may not (entries are implemented).
    if (priv !== 3) return PMP_DENY;
    return cacheable ? PMP_ALLOW_PAGE : PMP_ALLOW;
  }
}

/** A one-off check from raw CSR values (for tests and tools; the hart keeps a Pmp). */
export function pmpCheck(cfgs: Int32Array, addrs: Int32Array, pa: number, size: number, kind: number,
  priv: number): number {
  const p = new Pmp();
  p.update(cfgs, addrs);
  return p.check(pa, size, kind, priv);
}
