// The fork-cost lab's figures are counts on the virtual clock: two runs give the same numbers,
// and the committed results (bench/results/fork.json) are what the current code produces.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT } from '../support/paths.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

interface ForkRecord { mode: string; sizeBytes: number; pattern: string; forkInstret: number; pagesCopied: number; ptesWritten: number }

const quickCounts = (): ForkRecord[] => {
  const r = spawnSync(process.execPath, [CLI, 'bench', 'fork', '--quick', '--counts-only'], { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe('xv32 bench fork', () => {
  it('gives the same instruction and page counts as the committed results, made by another run', () => {
    const a = quickCounts();
    expect(a.length).toBe(3 * 3 * 2 + 2 * 2 + 2); // copy, cow and odf x 3 patterns, vfork x 2, spawn x 1; 2 sizes
    const committed: ForkRecord[] = JSON.parse(readFileSync(join(ROOT, 'bench/results/fork.json'), 'utf8'));
    for (const r of a) {
      const c = committed.find((x) => x.mode === r.mode && x.sizeBytes === r.sizeBytes && x.pattern === r.pattern);
      // Host times are measured, not counted: everything else must match.
      const { hostNsMedian: _m, hostNsSpread: _s, ...counts } = (c ?? {}) as ForkRecord & { hostNsMedian?: number; hostNsSpread?: number };
      expect(c ? counts : c, `${r.mode} ${r.sizeBytes} ${r.pattern}: rerun npx xv32 bench fork`).toEqual(r);
    }
  });
  it('meets the lab\'s targets at 64 MiB: cow under 1/50 of copy, odf under 1/10 of cow, vfork flat', () => {
    const committed: ForkRecord[] = JSON.parse(readFileSync(join(ROOT, 'bench/results/fork.json'), 'utf8'));
    const at = (mode: string, size: number) => committed.find((r) => r.mode === mode && r.sizeBytes === size && r.pattern === 'exit')!;
    const big = 64 << 20;
    expect(at('cow', big).forkInstret * 50).toBeLessThan(at('copy', big).forkInstret);
    expect(at('copy', big).pagesCopied).toBeGreaterThan(16384);
    expect(at('cow', big).pagesCopied).toBeLessThan(4);
    expect(at('odf', big).forkInstret * 10).toBeLessThan(at('cow', big).forkInstret);
    expect(at('odf', big).ptesWritten).toBeLessThan(at('cow', big).ptesWritten);
    const v = [64 << 10, big].map((s) => at('vfork', s).forkInstret);
    expect(Math.abs(v[1] - v[0]) / v[0]).toBeLessThan(0.05);
  });
});
