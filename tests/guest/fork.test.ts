// Fork modes, switchable at run time: copy (every page at fork) and cow (shared until written).
// Counted, not timed: the pages fork and copy-on-write copy are what the kernel reports.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { CLI } from '../support/paths.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

const exec = (cmd: string, forkMode?: 'copy' | 'cow' | 'odf', ...opts: string[]) =>
  spawnSync('node', [CLI, 'exec', ...(forkMode ? ['--fork-mode', forkMode] : []), ...opts, '--', cmd], { encoding: 'latin1', timeout: CHILD_TIMEOUT_MS });

describe('fork modes', () => {
  for (const mode of ['copy', 'cow', 'odf'] as const) {
    it(`in ${mode} mode, parent and child see their own x at the same virtual address`, () => {
      const lines = exec('forkdemo', mode).stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^child: {2}x = 6 at (0x[0-9a-f]+)$/);
      expect(lines[1]).toMatch(/^parent: x = 5 at (0x[0-9a-f]+)$/);
      expect(lines[0].split(' at ')[1]).toBe(lines[1].split(' at ')[1]);
    });
  }
  it('the default is cow, and the forkmode program switches it without a reboot', () => {
    expect(exec('forkmode; forkmode copy; forkmode; forkmode odf').stdout).toBe('fork mode: cow\nfork mode: copy\nfork mode: copy\nfork mode: odf\n');
  });
  it('in odf mode a fork shares page tables: no page copied until written, then each written page once', () => {
    const out = exec('forkmode odf; forkcost 8; forkcost 8 write').stdout;
    const counts = out.split('\n').filter((l) => l.includes('fork of 8 MiB')).map((l) => l.match(/fork copied (\d+) pages, cow faults (\d+), cow copied (\d+)/)!.slice(1).map(Number));
    expect(counts[0]).toEqual([0, 0, 0]);
    expect(counts[1][0]).toBe(0);
    expect(counts[1][2]).toBeGreaterThanOrEqual(2048);
  });
  it('forking 8 MiB of touched heap copies 2048+ pages in copy mode, none in cow mode until written', () => {
    const counts = (line: string) => line.match(/fork copied (\d+) pages, cow faults (\d+), cow copied (\d+)/)!.slice(1).map(Number);
    const [copy, cow, cowWritten] = exec('forkmode copy; forkcost 8; forkmode cow; forkcost 8; forkcost 8 write')
      .stdout.split('\n').filter((l) => l.includes('fork of 8 MiB')).map(counts);
    expect(copy[0]).toBeGreaterThanOrEqual(2048);
    expect(cow).toEqual([0, 0, 0]);
    expect(cowWritten[0]).toBe(0);
    expect(cowWritten[2]).toBeGreaterThanOrEqual(2048); // each page the child wrote, copied once
  });
  it('pmap -x prints a process map in the layout of Linux pmap -x', () => {
    const out = exec('pmap -x 1').stdout;
    expect(out).toMatch(/^1:\nAddress   Kbytes     RSS   Dirty  Shared    Swap Mode  Mapping\n/);
    expect(out).toMatch(/\n00000000 +\d+ +\d+ +\d+ +\d+ +\d+ r-x-- \[ text \]\n/);
    // The stack is last, at the top of user space: one page, until it grows.
    expect(out).toMatch(/\n7ffff000 +4 +4 +4 +0 +0 rw--- \[ stack \]\n-{8}/);
    expect(out).toMatch(/\ntotal kB +\d+ +\d+ +\d+ +\d+ +\d+\n$/);
  });
  it('a fork bomb ends with fork returning -1, and the shell still answers', () => {
    const r = exec('usertests forkfull; echo still answering');
    expect(r.stdout).toBe('test forkfull: OK\nALL TESTS PASSED\nstill answering\n');
  });
  it('lazy sbrk allocates on first touch, and vfork shares memory until exec or exit', () => {
    const r = exec('usertests lazysbrk; usertests vfork');
    expect(r.stdout).toMatch(/^test lazysbrk: pid \d+ \(usertests\): store page fault at pc 0x[0-9a-f]+, address 0x040[0-9a-f]{5}: killed\nOK\n/);
    expect(r.stdout).toContain('test vfork: OK\n');
    expect(r.stdout.match(/ALL TESTS PASSED/g)).toHaveLength(2);
  });
  it('free reports pages total, used, free, shared and holding page tables, and what fork, cow and lazy sbrk did', () => {
    const r = exec('free', undefined, '--check', '--sbrk-mode', 'lazy');
    expect(r.stdout).toMatch(/^pages: total \d+, used \d+, free \d+, shared \d+, page tables (\d+)\n/);
    expect(Number(r.stdout.match(/page tables (\d+)/)![1])).toBeGreaterThanOrEqual(7); // kernel, init, sh: root + tables
    expect(r.stdout).toMatch(/\nfork mode cow; pages copied by fork 0; cow faults \d+, pages they copied \d+\nsbrk mode lazy; heap pages allocated on first touch \d+\nstack pages grown on first touch \d+ \(the stack may grow to 8192 KiB\)\npage cache \d+ pages; read from disk \d+, found \d+, given back \d+; file pages mapped \d+, written back \d+, let go \d+\n$/);
    expect(r.stderr).toMatch(/no violations/); // the model counted the same page-table pages at every event
  });
  it('the sbrkmode program switches sbrk between eager and lazy without a reboot; --sbrk-mode sets it at boot', () => {
    expect(exec('sbrkmode; sbrkmode lazy; sbrkmode').stdout).toBe('sbrk mode: eager\nsbrk mode: lazy\nsbrk mode: lazy\n');
    expect(exec('sbrkmode', undefined, '--sbrk-mode', 'lazy').stdout).toBe('sbrk mode: lazy\n');
  });
  it('touching more lazy heap than memory holds kills only that process, with a message, and frees its pages', () => {
    const r = exec('usertests lazyoom; echo still here', undefined, '--check');
    expect(r.stdout).toMatch(/^test lazyoom: pid \d+ \(usertests\): out of memory for a lazy heap page at 0x[0-9a-f]{8}: killed\nOK\n/);
    expect(r.stdout).toContain('still here');
    expect(r.stderr).toMatch(/no violations/);
  });
  it('a copy-on-write fault with no free page kills only that process, with a message', () => {
    // The child exhausts memory, then writes a page it still shares with its parent.
    const r = exec('usertests cowoom; echo still here');
    expect(r.stdout).toMatch(/pid \d+ \(usertests\): out of memory for a copy-on-write page at 0x[0-9a-f]+: killed/);
    expect(r.stdout).toContain('ALL TESTS PASSED');
    expect(r.stdout).toContain('still here');
  });
});
