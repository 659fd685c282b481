// The kernel model's rule `synced` (checked at each sync() under --check): a clean cache page of
// a file mapped MAP_SHARED must hold what the disk holds; a page some PTE maps dirty is exempt.
import { describe, expect, it } from 'vitest';
import { mkfs } from '../../kernel-model/mkfs.js';
import { FsImage } from '../../kernel-model/fs-image.js';
import { checkSynced } from '../../kernel-model/synced-files.js';
import { PhysicalMemory } from '../../kernel-model/physical-memory.js';
import { PTE_D, PTE_V } from '../../kernel-model/sv32-table.js';
import type { KernelState } from '../../kernel-model/kernel-state.js';

const BASE = 0x8000_0000, PA = BASE + 0x1000;

function setup(pte: number) {
  const disk = mkfs([{ name: 'f', data: new Uint8Array(5000).fill(0x61) }]);
  const inum = new FsImage(disk).lookup('/f')!;
  const ram = new Uint8Array(0x4000);
  ram.fill(0x61, 0x1000, 0x2000); // page 0 of f, as read from the disk
  const state = {
    processes: [{ pid: 3, segments: [{ start: 0x10000, end: 0x12000, perm: 3, kind: 5, mapShared: true, inum, pgoff: 0 }] }],
    spaces: new Map([[0x8000_3000, { pids: [3], space: { leaves: [{ va: 0x10000, pa: PA, pte, ptePa: 0 }] } }]]),
    cacheEntries: [{ inum, index: 0, pa: PA, stale: false }],
  } as unknown as KernelState;
  return { disk, ram, state, mem: new PhysicalMemory(ram, BASE) };
}

describe('the synced rule', () => {
  it('passes when the cache page and the file on the disk agree', () => {
    const { disk, state, mem } = setup(PTE_V);
    expect(checkSynced(state, mem, disk)).toEqual([]);
  });
  it('names the page and the first differing byte of a clean page the disk does not have', () => {
    const { disk, ram, state, mem } = setup(PTE_V);
    ram[0x1000 + 100] = 0x7a;
    const v = checkSynced(state, mem, disk);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ rule: 'synced', pid: 3, page: PA });
    expect(v[0].message).toMatch(/page 0 of inode \d+ \(mapped shared\) differs from the disk at byte 100 after sync: cache 0x7a, disk 0x61/);
  });
  it('leaves alone a page a PTE maps dirty (stored to since it was written back)', () => {
    const { disk, ram, state, mem } = setup(PTE_V | PTE_D);
    ram[0x1000 + 100] = 0x7a;
    expect(checkSynced(state, mem, disk)).toEqual([]);
  });
});
