// `npm start` works without a cross compiler because its ELF is committed; the committed ELF must
// be exactly what its source builds to.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from '../support/paths.js';

describe('npm start', () => {
  it('runs the demo: greets, names the ISA, and exits 0', () => {
    const r = spawnSync('npm', ['start', '--silent'], { cwd: ROOT, encoding: 'utf8', input: '' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Hello from xv32');
    expect(r.stdout).toContain('This hart is RV32ACIMSU (misa = 0x40141105)');
    expect(r.stdout).toMatch(/There are 168 primes below 1000, computed in \d+ instructions\./);
  });
  it('uses a committed ELF that is byte-identical to a fresh build of its source', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'xv32-hello-')), 'hello.elf');
    execFileSync('make', ['-s', '-C', join(ROOT, 'examples'), `OUT=${out}`]);
    expect(readFileSync(out).equals(readFileSync(join(ROOT, 'examples/hello.elf')))).toBe(true);
  });
});
