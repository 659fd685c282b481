// A disk with a volatile write cache, for crash tests: writes land in the cache (reads see them),
// a flush (VIRTIO_BLK_T_FLUSH) makes everything before it stable, and a power cut keeps the
// stable bytes plus any subset of the cached writes, applied in any order, as a real disk that
// reorders its cache may do. A kill of the emulator is the kinder case: every write survives.
import type { BlockBackend } from '../../emulator/devices/block-backend.js';

interface Write { offset: number; data: Uint8Array }

export class PowerCutDisk implements BlockBackend {
  readonly readOnly = false;
  private readonly stable: Uint8Array;
  private cache: Write[] = [];
  flushes = 0;
  constructor(image: Uint8Array) { this.stable = image.slice(); }
  get size(): number { return this.stable.length; }

  read(offset: number, length: number): Uint8Array {
    const out = this.stable.slice(offset, offset + length);
    for (const w of this.cache) {
      const from = Math.max(offset, w.offset), to = Math.min(offset + length, w.offset + w.data.length);
      if (from < to) out.set(w.data.subarray(from - w.offset, to - w.offset), from - offset);
    }
    return out;
  }
  write(offset: number, data: Uint8Array): void { this.cache.push({ offset, data: data.slice() }); }
  flush(): void {
    for (const w of this.cache) this.stable.set(w.data, w.offset);
    this.cache = [];
    this.flushes++;
  }

  /** Writes not yet flushed. */
  get cached(): number { return this.cache.length; }

  /** What a kill leaves: every write (the host's page cache keeps them). */
  afterKill(): Uint8Array { return this.read(0, this.size); }

  /** What a power cut leaves: the stable bytes and a random subset of the cached writes, each
   *  kept with probability `keep`, applied in a random order. */
  afterPowerCut(rnd: () => number, keep: number): Uint8Array {
    const img = this.stable.slice();
    const kept = this.cache.filter(() => rnd() / 2 ** 32 < keep);
    for (let i = kept.length - 1; i > 0; i--) { const j = rnd() % (i + 1); [kept[i], kept[j]] = [kept[j], kept[i]]; }
    for (const w of kept) img.set(w.data, w.offset);
    return img;
  }
}
