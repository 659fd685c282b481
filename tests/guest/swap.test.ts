// Swap (--swap MiB): a program larger than RAM runs to the end with its data right; dirty pages
// are written once and clean ones not again; a fork of a process half in swap keeps both sides
// right in every fork mode; with memory and swap both full the largest process is killed and the
// rest go on; pmap, top and /proc show what is swapped out. Counted, not timed.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { CLI } from '../support/paths.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

const exec = (cmd: string, ...opts: string[]) =>
  spawnSync('node', [CLI, 'exec', ...opts, '--', cmd], { encoding: 'latin1', timeout: CHILD_TIMEOUT_MS });
const swapLine = (out: string) => {
  const m = /swap (\d+) pages, used (\d+); written out (\d+), read back (\d+), out without a write (\d+), shared again (\d+); out-of-memory kills (\d+)/.exec(out);
  expect(m, out).not.toBeNull();
  const [pages, used, outs, ins, clean, reshared, kills] = m!.slice(1).map(Number);
  return { pages, used, outs, ins, clean, reshared, kills };
};

describe('swap', () => {
  it('memtouch 40 with --mem 16 --swap 64 runs to the end; each dirty page is written out once, clean ones are not written again', () => {
    const r = exec('memtouch 40; free', '--mem', '16', '--swap', '64', '--sbrk-mode', 'lazy', '--check');
    expect(r.stdout).toContain('memtouch: ok 10240 pages\n');
    expect(r.stderr).toMatch(/no violations/);
    const s = swapLine(r.stdout);
    expect(s.pages).toBe(16384);
    // 10,240 pages through about 3,000 frames: most go out while written, once each (plus a few
    // pages of sh and init), and come back for the check...
    expect(s.outs).toBeGreaterThan(10240 - 3200);
    expect(s.outs).toBeLessThan(10240 + 64);
    expect(s.ins).toBeGreaterThan(10240 - 3200);
    // ...and, read but not written, go out again without a write.
    expect(s.clean).toBeGreaterThan(5000);
    expect(s.kills).toBe(0);
  });

  for (const mode of ['copy', 'cow', 'odf']) {
    it(`a fork of a process mostly in swap, then writes on both sides, keeps both sides' data right; a page one side brought back is shared again by the other (${mode} fork, checked)`, () => {
      const r = exec('swapfork 20', '--mem', '16', '--swap', '64', '--fork-mode', mode, '--check');
      const m = /^swapfork: ok 5120 pages on each side; swap written out \d+, read back (\d+), shared again (\d+)\n$/.exec(r.stdout);
      expect(m, r.stdout + r.stderr).not.toBeNull();
      // The other side's untouched pages, read by its check, when still in memory (how many
      // depends on what was evicted meanwhile; without re-sharing there are none).
      expect(Number(m![2])).toBeGreaterThan(0);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/no violations/);
    });
  }

  it('with memory and swap both full, the largest process is killed with a message and the shell goes on', () => {
    const r = exec('memtouch 40; echo status $?; memtouch 4; free', '--mem', '16', '--swap', '4', '--check');
    expect(r.stdout).toMatch(/^out of memory and swap: killed pid \d+ \(memtouch\), \d+ KiB resident\n/);
    expect(r.stdout).toContain('status 255\nmemtouch: ok 1024 pages\n');
    expect(swapLine(r.stdout).kills).toBe(1);
    expect(r.stderr).toMatch(/no violations/);
  });

  it('top, /proc/meminfo and pmap -x show the swap and what each process has in it', () => {
    const r = exec('memtouch 30 & sleep 1; top -n 1; cat /proc/meminfo', '--mem', '16', '--swap', '64', '--sbrk-mode', 'lazy');
    const row = r.stdout.split('\n').find((l) => l.endsWith(' memtouch'))!.trim().split(/ +/);
    expect(Number(row[5])).toBeGreaterThan(0); // SWAP, KiB
    expect(r.stdout).toMatch(/; Swap: 65536 KiB total, \d+ KiB used\n/);
    expect(r.stdout).toMatch(/SwapTotal:\s+65536 kB\nSwapFree:\s+\d+ kB\n/);
    // cowdemo's parent (pid 3) touches 5,000 pages (20 MiB in 16 MiB of RAM), forks and waits
    // while its child sleeps: a process mostly in swap that holds still while pmap and cat look
    // (a process still swapping, as swapfork is, moves between the two readings).
    const p = exec('cowdemo 5000 1 4 & sleep 2; pmap -x 3; cat /proc/3/status', '--mem', '16', '--swap', '64');
    const total = p.stdout.split('\n').find((l) => l.startsWith('total kB'))!.trim().split(/ +/).map(Number);
    expect(total[6]).toBeGreaterThan(4000); // the Swap column
    const vmSwap = Number(/VmSwap:\s+(\d+) kB/.exec(p.stdout)![1]);
    expect(Math.abs(vmSwap - total[6])).toBeLessThan(total[6] * 0.05);
  });

  it('without --swap there is no swap, and a program larger than memory is told so', () => {
    const r = exec('memtouch 40; free', '--mem', '16');
    expect(r.stderr).toBe('memtouch: cannot allocate 40 MiB\n');
    expect(r.stdout).not.toMatch(/^swap /m);
  });
});
