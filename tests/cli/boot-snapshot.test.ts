// `xv32 boot --save FILE` keeps the whole machine; `--restore FILE` starts from it with the
// shell where it was and the files it had; a file that is not a snapshot is one line of error.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CLI } from '../support/paths.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

const dir = mkdtempSync(join(tmpdir(), 'xv32-snap-'));
const boot = (args: string[], input: string) =>
  spawnSync('node', [CLI, 'boot', ...args], { encoding: 'latin1', input, timeout: CHILD_TIMEOUT_MS });

describe('xv32 boot --save / --restore', () => {
  it('restores the machine at its prompt, with the file written before saving and the shell\'s pid', () => {
    const snap = join(dir, 'prompt.snap');
    const a = boot(['--save', snap, '--fork-mode', 'odf'], 'echo kept > note; echo $$ > shellpid\n');
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(/xv32: saved the machine to .*prompt\.snap \(\d+ KiB\)/);
    const b = boot(['--restore', snap], 'cat note; cat shellpid; echo $$; forkmode\n');
    expect(b.status).toBe(0);
    // No boot banner: the kernel was not started again, and the same shell answers.
    expect(b.stdout).not.toContain('xv32 kernel is booting');
    const lines = b.stdout.split('\n');
    const at = lines.findIndex((l) => l.endsWith('cat note; cat shellpid; echo $$; forkmode'));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toBe('kept');
    expect(lines[at + 3]).toBe(lines[at + 2]);
    expect(lines[at + 4]).toMatch(/odf/);
  });

  it('refuses a file that is not a snapshot, and options a snapshot fixes', () => {
    const junk = join(dir, 'junk.snap');
    writeFileSync(junk, 'not a snapshot at all');
    const r = boot(['--restore', junk], '');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`xv32: ${junk}: not an xv32 snapshot (not gzip data)\n`);
    const missing = boot(['--restore', join(dir, 'nope.snap')], '');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.snap: no such file or directory/);
    const fixed = boot(['--restore', junk, '--mem', '64'], '');
    expect(fixed.status).toBe(2);
    expect(fixed.stderr).toMatch(/--mem cannot change a restored machine/);
  });
});
