// The user stack grows down on demand, as Linux's does: a 1 MiB local array and a deep recursion
// run; a recursion without end is killed at the limit with a message and the shell goes on;
// --stack-max sets the limit; a grown stack is counted, shown by pmap, and copied by fork.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { CLI } from '../support/paths.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

const exec = (cmd: string, ...opts: string[]) =>
  spawnSync('node', [CLI, 'exec', '--snapshot', ...opts, '--', cmd], { encoding: 'latin1', timeout: CHILD_TIMEOUT_MS });

describe('the growing stack', () => {
  it('runs a 1 MiB local array and a recursion 10,000 deep, the stack growing page by page', () => {
    const r = exec('stackdemo', '--check');
    expect(r.stdout).toBe('stackdemo: a 1 MiB local array and a recursion 10000 deep ran; the stack grew by 256 pages\n');
    expect(r.stderr).toMatch(/no violations/);
    expect(r.status).toBe(0);
  });

  it('kills a recursion without end at the 8 MiB limit with a stack-overflow message, and the shell answers', () => {
    const r = exec('stackdemo overflow; echo status $?; echo still here');
    expect(r.stdout).toMatch(/^pid \d+ \(stackdemo\): stack overflow \(store page fault\) at pc 0x[0-9a-f]{8}, address 0x7f7f[0-9a-f]{4}, beyond the 8192 KiB stack limit: killed\nstatus 255\nstill here\n$/);
  });

  it('takes its limit from --stack-max, and refuses a bad one', () => {
    const r = exec('stackdemo overflow', '--stack-max', '1');
    expect(r.stdout).toMatch(/address 0x7fef[0-9a-f]{4}, beyond the 1024 KiB stack limit: killed/);
    // 1 MiB of locals does not fit in a 1 MiB stack (its first pages hold argv and main's frame).
    expect(exec('stackdemo', '--stack-max', '1').stdout).toMatch(/stack overflow/);
    const bad = exec('echo', '--stack-max', '0');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--stack-max needs a size in MiB from 1 to 512, not '0'/);
  });

  it('a touch below the stack\'s reach is not growth: the process is killed as before', () => {
    // usertests' faultkill touches 0x7f000000 (below the 8 MiB limit and its guard gap) and
    // expects a kill; its kind 4 is the recursion without end.
    const r = exec('usertests faultkill');
    expect(r.stdout).toMatch(/test faultkill: [\s\S]*OK\n/);
    expect(r.stdout).toMatch(/stack overflow/);
  });

  it('shows the grown stack in pmap, and a fork (cow, copy, odf) or vfork child keeps it right', () => {
    for (const mode of ['cow', 'copy', 'odf']) {
      const r = exec('stackdemo; usertests stackfork', '--fork-mode', mode, '--check');
      expect(r.stdout, mode).toMatch(/test stackfork: OK\n/);
      expect(r.stderr, mode).toMatch(/no violations/);
    }
  });
});
