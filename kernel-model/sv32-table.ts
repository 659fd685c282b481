// Walking a user address space's Sv32 page table from outside (privileged spec 4.3): a root of
// 1024 PTEs, each a leaf for 4 MiB or a pointer to a table of 1024 leaves for 4 KiB pages.
import type { PhysicalMemory } from './physical-memory.js';

export const PGSIZE = 4096;
export const PTES = 1024;
export const PTE_V = 1 << 0;
export const PTE_R = 1 << 1;
export const PTE_W = 1 << 2;
export const PTE_X = 1 << 3;
export const PTE_U = 1 << 4;
export const PTE_G = 1 << 5;
export const PTE_A = 1 << 6;
export const PTE_D = 1 << 7;

/** The physical address a PTE points to (PPN << 12; Sv32's 34-bit addresses stay below 4 GiB here). */
export const pteAddress = (pte: number): number => ((pte >>> 10) * PGSIZE) >>> 0;
const isLeaf = (pte: number): boolean => (pte & (PTE_R | PTE_W | PTE_X)) !== 0;

/** A valid leaf: its address, the page it maps, the PTE, and where the PTE is (a level-0 table
 *  shared by on-demand fork is one set of PTEs in several address spaces). */
export interface Leaf { va: number; pa: number; pte: number; ptePa: number }

/** A swapped-out page's PTE (guest/kernel/swap.h: V clear, R set, the slot where the PPN was). */
export interface SwapEntry { va: number; slot: number; pte: number; ptePa: number }
export const isSwapEntry = (pte: number): boolean => (pte & (PTE_V | PTE_R)) === PTE_R;

export interface UserSpace {
  /** Level-0 tables under the root's user entries. */
  tables: number[];
  /** Every valid 4 KiB leaf below `usertop`, by address. */
  leaves: Leaf[];
  /** Every swapped-out page's PTE, by address. */
  swapped: SwapEntry[];
  /** Invalid PTEs that are neither 0 nor swap entries (the kernel never makes them). */
  junk: SwapEntry[];
  /** User-range root entries that are leaves (the kernel never makes them). */
  superpages: Leaf[];
  /** Root entries at and above `usertop`: the kernel's, copied into every table. */
  kernelEntries: Uint32Array;
}

/** Reads the user half of the address space rooted at `root`. Tables outside RAM are skipped
 * and reported by the caller, which knows which pages are RAM the kernel manages. */
export function readUserSpace(mem: PhysicalMemory, root: number, usertop: number): UserSpace {
  const userEntries = usertop >>> 22;
  const space: UserSpace = { tables: [], leaves: [], swapped: [], junk: [], superpages: [], kernelEntries: new Uint32Array(PTES - userEntries) };
  for (let i = userEntries; i < PTES; i++) space.kernelEntries[i - userEntries] = mem.u32(root + 4 * i);
  for (let i = 0; i < userEntries; i++) {
    const pte = mem.u32(root + 4 * i);
    if (!(pte & PTE_V)) continue;
    if (isLeaf(pte)) { space.superpages.push({ va: i << 22, pa: pteAddress(pte), pte, ptePa: root + 4 * i }); continue; }
    const table = pteAddress(pte);
    space.tables.push(table);
    if (!mem.contains(table, PGSIZE)) continue;
    for (let j = 0; j < PTES; j++) {
      const leaf = mem.u32(table + 4 * j);
      if (leaf === 0) continue;
      const va = ((i << 22) | (j << 12)) >>> 0;
      if (leaf & PTE_V) space.leaves.push({ va, pa: pteAddress(leaf), pte: leaf, ptePa: table + 4 * j });
      else (isSwapEntry(leaf) ? space.swapped : space.junk).push({ va, slot: leaf >>> 10, pte: leaf, ptePa: table + 4 * j });
    }
  }
  return space;
}
