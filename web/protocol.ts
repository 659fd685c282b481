// The messages between a page (web/xv32-embed.ts) and the machine's Web Worker
// (web/machine-worker.ts). Bytes travel as Uint8Array, transferred where they are large.

export type ForkMode = 'copy' | 'cow' | 'odf';
export type SbrkMode = 'eager' | 'lazy';

/** How a machine starts: booted from the images with a disk, or restored from a snapshot. */
export interface StartOptions {
  firmware: Uint8Array;
  kernel: Uint8Array;
  /** The disk image to boot with (ignored when a snapshot is given: it holds its own disk). */
  disk?: Uint8Array;
  snapshot?: Uint8Array;
  memoryMiB: number;
  /** A swap area of that many MiB, in the worker's memory (none if 0 or missing). */
  swapMiB?: number;
  forkMode?: ForkMode;
  sbrkMode?: SbrkMode;
}

export type ToWorker =
  | { type: 'start'; options: StartOptions }
  | { type: 'input'; bytes: Uint8Array }
  | { type: 'run' }
  | { type: 'pause' }
  | { type: 'modes'; forkMode?: ForkMode; sbrkMode?: SbrkMode }
  | { type: 'save'; id: number }
  | { type: 'addFile'; id: number; path: string; bytes: Uint8Array }
  | { type: 'readFile'; id: number; path: string }
  | { type: 'readDisk'; id: number }
  | { type: 'memory'; id: number; pids: number[] };

/** The counters the page shows, read a few times a second. */
export interface Stats {
  instret: number;
  /** Guest instructions per host second since the last report. */
  mips: number;
  /** TLB hit rate per access kind (hits / accesses, 0-1; NaN before any access). */
  tlbHit: { fetch: number; load: number; store: number };
  /** Page faults taken by cause. */
  pageFaults: { fetch: number; load: number; store: number };
  /** The kernel's own counters (memstat), undefined where this kernel lacks one. */
  kernel: { cowFaults?: number; cowCopied?: number; forkCopied?: number; lazyFaults?: number; freePages?: number; totalPages?: number };
  forkMode: ForkMode | '';
  sbrkMode: SbrkMode | '';
  running: boolean;
}

import type { ProcessSummary, ProcessView } from '../kernel-model/page-view.js';
export type { PageView, SegmentView, ProcessView, ProcessSummary } from '../kernel-model/page-view.js';

export interface MemoryView {
  processes: ProcessSummary[];
  /** The maps of the pids asked for (those that have user memory). */
  maps: ProcessView[];
}

export type FromWorker =
  | { type: 'output'; bytes: Uint8Array }
  | { type: 'stderr'; bytes: Uint8Array }
  /** The machine runs: booted or restored, after `ms` in the worker (`phases` says where they went). */
  | { type: 'started'; restored: boolean; ms: number; phases: string }
  | { type: 'stats'; stats: Stats }
  | { type: 'halted'; exitCode: number; cause: string }
  /** Blocks of the disk the guest changed since the last report: the page persists them. */
  | { type: 'diskWrites'; blocks: { index: number; bytes: Uint8Array }[] }
  | { type: 'reply'; id: number; ok: true; value?: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }
  | { type: 'error'; message: string };

/** Blocks of this size are what the page saves to IndexedDB. */
export const PERSIST_BLOCK = 4096;
