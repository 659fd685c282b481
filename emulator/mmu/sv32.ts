// Sv32 address translation (priv spec 4.3, "Sv32: Page-Based 32-bit Virtual-Memory Systems").
// A plain two-level walk over guest RAM; the hart caches its results in the TLB, so this runs
// only on misses. It sets A and D in the PTE itself, as QEMU does (Svadu-style updates).

// satp fields (priv spec 4.1.11).
export const SATP_MODE_SV32 = 1 << 31;
export const SATP_ASID_SHIFT = 22;
export const SATP_ASID_MASK = 0x1ff;
export const SATP_PPN_MASK = 0x3fffff;

// PTE bits (priv spec 4.3.1, figure 4.18).
export const PTE_V = 1 << 0;
export const PTE_R = 1 << 1;
export const PTE_W = 1 << 2;
export const PTE_X = 1 << 3;
export const PTE_U = 1 << 4;
export const PTE_G = 1 << 5;
export const PTE_A = 1 << 6;
export const PTE_D = 1 << 7;
export const PTE_PPN_SHIFT = 10;

export const PAGE_SIZE = 4096;
export const MEGAPAGE_SIZE = 4 * 1024 * 1024;
export const PTE_SIZE = 4;
/** Virtual page number of `va` at level 1 (bits 31:22) and level 0 (bits 21:12). */
export const vpn1 = (va: number) => va >>> 22;
export const vpn0 = (va: number) => (va >>> 12) & 0x3ff;

export const ACCESS_FETCH = 0;
export const ACCESS_LOAD = 1;
export const ACCESS_STORE = 2;

/** Why a walk failed: a page fault, or an access fault on a PTE read (PMP or not RAM). */
export const WALK_OK = 0;
export const WALK_PAGE_FAULT = 1;
export const WALK_ACCESS_FAULT = 2;

/** What the walker needs from the machine: reading and writing PTEs by physical address. */
export interface PteMemory {
  /** The PTE at physical address `pa`, or undefined if it cannot be read (not RAM, PMP). */
  readPte(pa: number): number | undefined;
  writePte(pa: number, pte: number): void;
}

/** Result of a walk; one object, reused, so a walk allocates nothing. */
export interface WalkResult {
  status: number;
  /** Physical address (may exceed 32 bits: Sv32 PPNs are 22 bits). */
  pa: number;
  /** The leaf PTE after any A/D update, and its level (1 = megapage). */
  pte: number;
  level: number;
  /** Physical address of the leaf PTE. */
  pteAddr: number;
}

/**
 * Translates `va` for an access of `kind` made at privilege `priv` (0 = U, 1 = S) under `satp`,
 * with mstatus.SUM/MXR as given. Follows the algorithm of priv spec 4.3.2 step by step.
 */
export function walk(mem: PteMemory, satp: number, va: number, kind: number, priv: number,
  sum: boolean, mxr: boolean, out: WalkResult): WalkResult {
  let a = (satp & SATP_PPN_MASK) * PAGE_SIZE;
  for (let level = 1; level >= 0; level--) {
    const pteAddr = a + (level === 1 ? vpn1(va) : vpn0(va)) * PTE_SIZE;
    const read = mem.readPte(pteAddr);
    if (read === undefined) return fail(out, WALK_ACCESS_FAULT);
    let pte = read >>> 0;
    // Step 3: invalid, or the reserved W-without-R encoding.
    if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W))) return fail(out, WALK_PAGE_FAULT);
    if (!(pte & (PTE_R | PTE_X))) {
      // Step 4: a pointer to the next level; none below level 0.
      if (level === 0) return fail(out, WALK_PAGE_FAULT);
      a = (pte >>> PTE_PPN_SHIFT) * PAGE_SIZE;
      continue;
    }
    // Step 5: a leaf. U pages are for U-mode, and for S-mode data accesses only with SUM;
    // S-mode never executes from a U page.
    if (pte & PTE_U) {
      if (priv === 1 && (kind === ACCESS_FETCH || !sum)) return fail(out, WALK_PAGE_FAULT);
    } else if (priv === 0) {
      return fail(out, WALK_PAGE_FAULT);
    }
    const allowed = kind === ACCESS_FETCH ? (pte & PTE_X) !== 0
      : kind === ACCESS_LOAD ? (pte & PTE_R) !== 0 || (mxr && (pte & PTE_X) !== 0)
        : (pte & PTE_W) !== 0;
    if (!allowed) return fail(out, WALK_PAGE_FAULT);
    // Step 6: a megapage must be aligned: its PPN[0] must be zero.
    if (level === 1 && ((pte >>> PTE_PPN_SHIFT) & 0x3ff) !== 0) return fail(out, WALK_PAGE_FAULT);
    // Step 7: set A, and D for a store.
    const want = PTE_A | (kind === ACCESS_STORE ? PTE_D : 0);
    if ((pte & want) !== want) {
      pte = (pte | want) >>> 0;
      mem.writePte(pteAddr, pte);
    }
    const ppn = pte >>> PTE_PPN_SHIFT;
    out.status = WALK_OK;
    out.pa = level === 1
      ? (ppn >>> 10) * MEGAPAGE_SIZE + (va & (MEGAPAGE_SIZE - 1))
      : ppn * PAGE_SIZE + (va & (PAGE_SIZE - 1));
    out.pte = pte;
    out.level = level;
    out.pteAddr = pteAddr;
    return out;
  }
  return fail(out, WALK_PAGE_FAULT);
}

function fail(out: WalkResult, status: number): WalkResult {
  out.status = status;
  return out;
}

export function newWalkResult(): WalkResult {
  return { status: WALK_OK, pa: 0, pte: 0, level: 0, pteAddr: 0 };
}
