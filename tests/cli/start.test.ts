// `npm start` boots the committed guest images (no cross compiler needed) to the shell; piped
// input is typed to it. The bare-metal example stays reproducible from its source.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from '../support/paths.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

describe('npm start', () => {
  it('boots to the shell, runs what is typed, and powers off when the input ends', () => {
    const r = spawnSync('npm', ['start', '--silent'], { cwd: ROOT, encoding: 'utf8', input: 'echo hello | wc\n', timeout: CHILD_TIMEOUT_MS });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('xv32 kernel is booting');
    expect(r.stdout).toContain('$ echo hello | wc\n1 1 6 \n$ ');
  });
});

describe('xv32 boot with piped input', () => {
  it('runs every line of a 500-line script, in order, then powers off', () => {
    const script = Array.from({ length: 500 }, (_, i) => `echo line ${i + 1}`).join('\n') + '\n';
    const r = spawnSync('node', ['bin/xv32.mjs', 'boot'], { cwd: ROOT, encoding: 'utf8', input: script, timeout: CHILD_TIMEOUT_MS });
    expect(r.status).toBe(0);
    const out = r.stdout.split('\n').filter((l) => /^line \d+$/.test(l));
    expect(out).toEqual(Array.from({ length: 500 }, (_, i) => `line ${i + 1}`));
  });
});

describe('examples/hello.elf', () => {
  it('is byte-identical to a fresh build of its source, and runs', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'xv32-hello-')), 'hello.elf');
    execFileSync('make', ['-s', '-C', join(ROOT, 'examples'), `OUT=${out}`]);
    expect(readFileSync(out).equals(readFileSync(join(ROOT, 'examples/hello.elf')))).toBe(true);
    const r = spawnSync('node', [join(ROOT, 'bin/xv32.mjs'), 'run', out], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/There are 168 primes below 1000, computed in \d+ instructions\./);
  });
});
