// The committed guest images (images/) are exactly what the sources build to: a deterministic
// build, so `npm start` boots the code in this repository and nothing else.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from '../support/paths.js';
import { fsck } from '../../kernel-model/fsck.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

describe('committed guest images', () => {
  it('are rebuilt byte for byte from source', () => {
    const out = mkdtempSync(join(tmpdir(), 'xv32-images-')); // a clean build, nothing reused
    execFileSync('node', [join(ROOT, 'scripts/build-images.mjs'), '--out', out], { cwd: ROOT, stdio: 'pipe' });
    for (const f of ['firmware.elf', 'kernel.elf', 'fs.img']) {
      const built = readFileSync(join(out, f)), committed = readFileSync(join(ROOT, 'images', f));
      expect(built.equals(committed), `${f} differs from images/${f}: run node scripts/build-images.mjs --install`).toBe(true);
    }
  }, CHILD_TIMEOUT_MS);
  it('include a disk image that passes fsck', () => {
    expect(fsck(new Uint8Array(readFileSync(join(ROOT, 'images/fs.img'))))).toEqual([]);
  });
});
