// The software TLB (ARCHITECTURE.md; TinyEMU's and QEMU's softmmu idea) in typed arrays.
// Per access kind (load, store, fetch) and per translation regime (U, S, M), a direct-mapped table
// from virtual page number to a host offset: host byte = (va + off) | 0. A hit is one compare and
// one add. Entries are only ever made for RAM pages whose access needs no more bookkeeping.

/** Entries per set (one regime of one access kind). A const enum, so that the interpreter's hot
 *  path has a literal mask, not a module constant's load and check. */
export const enum TlbSet { BITS = 10, SIZE = 1 << 10, MASK = (1 << 10) - 1 }

/** Regimes: each privilege level translates with its own permissions, so each has its own set. */
export const REGIME_U = 0;
export const REGIME_S = 1;
export const REGIME_M = 2;
export const REGIMES = 3;

export const ACCESS_FETCH = 0;
export const ACCESS_LOAD = 1;
export const ACCESS_STORE = 2;

/** The TLB set (base index) used for a privilege level (PRV_U=0, PRV_S=1, PRV_M=3). */
export function regimeBase(priv: number): number {
  return (priv === 3 ? REGIME_M : priv) * TlbSet.SIZE;
}

export class Tlb {
  readonly tag: Int32Array[] = [];
  readonly off: Int32Array[] = [];
  /** Fetch lookups that hit (loads and stores count hits as accesses minus misses). */
  hits = [0, 0, 0];
  /** Accesses that took the slow path: walks, MMIO, misaligned or watched accesses. */
  misses = [0, 0, 0];

  constructor() {
    for (let k = 0; k < 3; k++) {
      this.tag.push(new Int32Array(REGIMES * TlbSet.SIZE).fill(-1));
      this.off.push(new Int32Array(REGIMES * TlbSet.SIZE));
    }
  }

  /** Records that virtual page `vpn` of `regime` is at host byte offset `hostPage` for `kind`. */
  fill(kind: number, regimeBaseIndex: number, vpn: number, hostPage: number): void {
    const i = regimeBaseIndex + (vpn & TlbSet.MASK);
    this.tag[kind][i] = vpn;
    this.off[kind][i] = (hostPage - (vpn << 12)) | 0;
  }

  /** Forgets every entry. */
  flushAll(): void {
    for (let k = 0; k < 3; k++) this.tag[k].fill(-1);
  }

  /** Forgets the entries of virtual page `vpn` in every kind and regime. */
  flushPage(vpn: number): void {
    for (let k = 0; k < 3; k++) {
      for (let g = 0; g < REGIMES; g++) {
        const i = g * TlbSet.SIZE + (vpn & TlbSet.MASK);
        if (this.tag[k][i] === vpn) this.tag[k][i] = -1;
      }
    }
  }

  /** Forgets every store entry that maps host page `hostPage` (it now holds decoded code). */
  dropStoresTo(hostPage: number): void {
    const tag = this.tag[ACCESS_STORE], off = this.off[ACCESS_STORE];
    for (let i = 0; i < tag.length; i++) {
      if (tag[i] >= 0 && (((tag[i] << 12) + off[i]) | 0) === hostPage) tag[i] = -1;
    }
  }
}
