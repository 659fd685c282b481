// Decoded instructions cached per physical RAM page (ARCHITECTURE.md, "decode once").
// A page that holds decoded code gets a slot of 2048 entries (one per halfword). Stores into such a
// page clear just the entries they overlap, so self-modifying code and reloaded programs are always
// seen and fence.i has nothing left to do. When the slots run out, all are dropped at once.
// Compiled blocks hang off the same entries (Word.BLOCK in the word); a store into a page that has
// any clears all its words, so no block can run code that has changed.
import { PAGE_SHIFT } from '../memory/bus.js';
import type { BlockFn } from './block-compiler.js';

export const SLOT_ENTRIES = 2048;

export class DecodeCache {
  /** Entry i's packed decoded word (see opcodes.ts; 0 = not decoded yet) at 2i and its immediate
   *  at 2i + 1: side by side, so the interpreter finds both in one array and one cache line. */
  readonly code: Int32Array;
  /** An entry after every slot's, where the interpreter puts an instruction to run once (one
   *  spanning two pages, or one a block starts at); the entries after it are never written, so
   *  the interpreter's fetch stops there. */
  readonly scratch: number;
  /** Slot index of each RAM page, or -1 if the page holds no decoded code. */
  readonly slotOfPage: Int32Array;
  /** Compiled blocks by entry, reachable only while the entry's word has Word.BLOCK. */
  readonly blocks: (BlockFn | undefined)[];
  /** How often each entry was reached by a jump; a block is compiled at the hart's threshold. */
  readonly heat: Uint8Array;
  private readonly slotHasBlocks: Uint8Array;
  /** For each slot, the slots holding blocks that run on into its page (they go when it changes). */
  private readonly dependents: (number[] | undefined)[];
  private readonly pageOfSlot: Int32Array;
  blocksCompiled = 0;
  private used = 0;
  flushes = 0;

  constructor(ramBytes: number, readonly maxSlots = 1024) {
    this.scratch = maxSlots * SLOT_ENTRIES;
    this.code = new Int32Array((this.scratch + 4) * 2);
    this.blocks = new Array(maxSlots * SLOT_ENTRIES).fill(undefined);
    this.heat = new Uint8Array(maxSlots * SLOT_ENTRIES);
    this.slotHasBlocks = new Uint8Array(maxSlots);
    this.dependents = new Array(maxSlots).fill(undefined);
    this.slotOfPage = new Int32Array(ramBytes >>> PAGE_SHIFT).fill(-1);
    this.pageOfSlot = new Int32Array(maxSlots).fill(-1);
  }

  /** Entry index of the first entry of RAM page `page`, allocating a slot. `isNew` tells the caller. */
  slotBase(page: number): number {
    const s = this.slotOfPage[page];
    if (s >= 0) return s * SLOT_ENTRIES;
    this.isNew = true;
    if (this.used === this.maxSlots) this.flushAll();
    const slot = this.used++;
    this.heat.fill(0, slot * SLOT_ENTRIES, (slot + 1) * SLOT_ENTRIES);
    this.slotOfPage[page] = slot;
    this.pageOfSlot[slot] = page;
    return slot * SLOT_ENTRIES;
  }
  isNew = false;

  /** Forgets the decoded entries overlapping host bytes [off, off+len) of RAM. */
  invalidate(off: number, len: number): void {
    let page = off >>> PAGE_SHIFT;
    const lastPage = (off + len - 1) >>> PAGE_SHIFT;
    for (; page <= lastPage; page++) {
      const s = this.slotOfPage[page];
      if (s < 0) continue;
      const pageStart = page << PAGE_SHIFT;
      // A 4-byte instruction starting 2 bytes before the write overlaps it too.
      const from = Math.max(off - 2, pageStart) - pageStart;
      const to = Math.min(off + len, pageStart + (1 << PAGE_SHIFT)) - pageStart;
      if (this.slotHasBlocks[s]) {
        this.dropBlocks(s);
      } else {
        const base = s * SLOT_ENTRIES;
        this.code.fill(0, (base + (from >>> 1)) * 2, (base + ((to + 1) >>> 1)) * 2);
      }
    }
  }

  /** Clears every word and block of slot s, and of the slots whose blocks run into its page. */
  private dropBlocks(s: number): void {
    const base = s * SLOT_ENTRIES;
    this.code.fill(0, base * 2, (base + SLOT_ENTRIES) * 2);
    this.blocks.fill(undefined, base, base + SLOT_ENTRIES);
    this.slotHasBlocks[s] = 0;
    const deps = this.dependents[s];
    this.dependents[s] = undefined;
    if (deps) for (const d of deps) if (this.slotHasBlocks[d]) this.dropBlocks(d);
  }

  /** Records that blocks of slot `from` run on into the page of slot `into`. */
  addDependent(into: number, from: number): void {
    const list = this.dependents[into] ?? (this.dependents[into] = []);
    if (!list.includes(from)) list.push(from);
    this.slotHasBlocks[into] = 1; // so a store into it takes the path that drops dependents
  }

  /** Records a compiled block at entry `idx`. */
  addBlock(idx: number, fn: BlockFn): void {
    this.blocks[idx] = fn;
    this.slotHasBlocks[(idx / SLOT_ENTRIES) | 0] = 1;
    this.blocksCompiled++;
  }

  /** Drops every decoded page. */
  flushAll(): void {
    for (let s = 0; s < this.used; s++) this.slotOfPage[this.pageOfSlot[s]] = -1;
    this.code.fill(0, 0, this.used * SLOT_ENTRIES * 2);
    this.blocks.fill(undefined, 0, this.used * SLOT_ENTRIES);
    this.slotHasBlocks.fill(0);
    this.dependents.fill(undefined);
    this.pageOfSlot.fill(-1);
    this.used = 0;
    this.flushes++;
  }
}
