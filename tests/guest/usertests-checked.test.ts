// usertests in every memory mode, with the kernel model checking the kernel's books at every
// process event (its own file, so that vitest runs it beside the other guest tests).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fsck } from '../../kernel-model/fsck.js';
import { CLI, ROOT } from '../support/paths.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

const exec = (cmd: string, ...opts: string[]) =>
  spawnSync('node', [CLI, 'exec', ...opts, '--', cmd], { encoding: 'latin1', timeout: CHILD_TIMEOUT_MS });

describe('usertests in all six fork x sbrk modes, checked', () => {
  for (const mode of ['copy', 'cow', 'odf'] as const) {
    for (const sbrk of ['eager', 'lazy'] as const) {
      it(`usertests passes in ${mode} fork mode with ${sbrk} sbrk, the kernel model's invariants holding at every process event`, () => {
        // 80 MiB: enough for usertests' 64 MiB lazy sbrk, less to fill for the out-of-memory tests.
        const disk = join(mkdtempSync(join(tmpdir(), 'xv32-usertests-')), 'fs.img');
        copyFileSync(join(ROOT, 'images/fs.img'), disk);
        const r = exec('usertests', '--disk', disk, '--mem', '80', '--fork-mode', mode, '--check', '--sbrk-mode', sbrk);
        expect(fsck(new Uint8Array(readFileSync(disk)))).toEqual([]); // the disk whole after it all (diskfull included)
        expect(r.stdout).toContain('ALL TESTS PASSED');
        expect(r.status).toBe(0);
        const m = r.stderr.match(/^xv32: --check: (\d+) checks \((.*)\), no violations\n$/)!;
        expect(m).not.toBeNull();
        expect(Number(m[1])).toBeGreaterThan(500); // usertests forks hundreds of times
        for (const e of ['fork', 'vfork', 'exec', 'exit', 'reap']) expect(m[2]).toMatch(new RegExp(`\\d+ ${e}\\b`));
      });
    }
  }
  it('usertests passes on a hart that traps misaligned accesses (--misaligned trap), the firmware performing them', () => {
    const r = exec('usertests', '--snapshot', '--mem', '80', '--misaligned', 'trap', '--check');
    // The kernel's message for the child it kills (a misaligned load from unmapped memory) comes first.
    expect(r.stdout).toMatch(/test misaligned: pid \d+ \(usertests\): load page fault at pc 0x[0-9a-f]+, address 0x5fff0001: killed\nOK\n/);
    expect(r.stdout).toContain('ALL TESTS PASSED');
    expect(r.stderr).toMatch(/no violations/);
  });
});
