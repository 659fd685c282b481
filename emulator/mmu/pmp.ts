// Physical memory protection (priv spec 3.7): 16 entries in OFF, TOR, NA4 or NAPOT mode.
// Checked on the slow path only: a TLB entry is made for a page only when a single PMP entry
// (or none, in M-mode) decides every byte of that page the same way.

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

/** The byte range [lo, hi) that entry `i` covers, or undefined if it is OFF. */
function range(cfgs: Int32Array, addrs: Int32Array, i: number): [number, number] | undefined {
  const cfg = (cfgs[i >> 2] >>> ((i & 3) * 8)) & 0xff;
  const a = (cfg >>> PMP_A_SHIFT) & 3;
  const addr = (addrs[i] >>> 0) * 4;
  switch (a) {
    case PMP_A_TOR: return [i === 0 ? 0 : (addrs[i - 1] >>> 0) * 4, addr];
    case PMP_A_NA4: return [addr, addr + 4];
    case PMP_A_NAPOT: {
      // The trailing ones of pmpaddr give the size: 2^(ones + 3) bytes.
      let ones = 0;
      while (ones < 32 && ((addrs[i] >>> ones) & 1)) ones++;
      const size = 2 ** (ones + 3);
      const base = Math.floor(addr / size) * size;
      return [base, base + size];
    }
  }
  return undefined;
}

/** Result codes of pmpCheck. */
export const PMP_DENY = 0;
export const PMP_ALLOW = 1;
/** Allowed, and the same entry decides the whole 4 KiB page, so the TLB may cache it. */
export const PMP_ALLOW_PAGE = 2;

/**
 * Checks an access of `size` bytes at physical `pa` for `kind` (0 fetch, 1 load, 2 store) at
 * privilege `priv` (3 = M). The first entry matching any byte decides; a partial match fails.
 */
export function pmpCheck(cfgs: Int32Array, addrs: Int32Array, pa: number, size: number, kind: number,
  priv: number): number {
  const pageLo = pa - (pa % 4096), pageHi = pageLo + 4096;
  for (let i = 0; i < PMP_ENTRIES; i++) {
    const r = range(cfgs, addrs, i);
    if (!r || r[0] >= r[1]) continue;
    const [lo, hi] = r;
    const touchesPage = lo < pageHi && pageLo < hi;
    if (!(lo < pa + size && pa < hi)) {
      if (touchesPage) return decideUncached(cfgs, addrs, pa, size, kind, priv, i);
      continue;
    }
    if (pa < lo || pa + size > hi) return PMP_DENY; // matches only part of the access
    const cfg = (cfgs[i >> 2] >>> ((i & 3) * 8)) & 0xff;
    const ok = (priv === 3 && !(cfg & PMP_L)) || (cfg & PERM_BY_KIND[kind]) !== 0;
    if (!ok) return PMP_DENY;
    return lo <= pageLo && pageHi <= hi ? PMP_ALLOW_PAGE : PMP_ALLOW;
  }
  // No entry matches: M-mode may access, S and U may not (entries are implemented).
  return priv === 3 ? PMP_ALLOW_PAGE : PMP_DENY;
}

/** Entry `from` covers part of the page but not this access: decide from the later entries. */
function decideUncached(cfgs: Int32Array, addrs: Int32Array, pa: number, size: number, kind: number,
  priv: number, from: number): number {
  for (let i = from + 1; i < PMP_ENTRIES; i++) {
    const r = range(cfgs, addrs, i);
    if (!r || r[0] >= r[1]) continue;
    const [lo, hi] = r;
    if (!(lo < pa + size && pa < hi)) continue;
    if (pa < lo || pa + size > hi) return PMP_DENY;
    const cfg = (cfgs[i >> 2] >>> ((i & 3) * 8)) & 0xff;
    const ok = (priv === 3 && !(cfg & PMP_L)) || (cfg & PERM_BY_KIND[kind]) !== 0;
    return ok ? PMP_ALLOW : PMP_DENY;
  }
  return priv === 3 ? PMP_ALLOW : PMP_DENY;
}

/** Whether any entry is active: with none, M-mode needs no checks at all. */
export function pmpAnyActive(cfgs: Int32Array): boolean {
  for (let i = 0; i < 4; i++) if (cfgs[i] & 0x18181818) return true;
  return false;
}
