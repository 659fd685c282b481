// Builds the guest (firmware, kernel, user programs) and the disk image, into build/guest/, and
// with --install copies them to images/ (committed, so booting needs no cross compiler).
// The build is deterministic: the test suite rebuilds and compares with images/.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds into `out` (default build/guest); with `install`, copies the images to images/. */
export async function buildImages(install = false, out = join(root, 'build/guest')) {
  execFileSync('make', ['-s', '-C', join(root, 'guest'), `OUT=${out}`], { stdio: 'inherit' });
  // mkfs is TypeScript: bundle it for this script.
  mkdirSync(out, { recursive: true });
  const mkfsBundle = join(out, 'mkfs.mjs');
  await build({ entryPoints: [join(root, 'kernel-model/mkfs.ts')], outfile: mkfsBundle, bundle: true,
    platform: 'node', format: 'esm', logLevel: 'warning' });
  const { mkfs } = await import(pathToFileURL(mkfsBundle).href + `?t=${Date.now()}`);
  const userDir = join(out, 'user');
  const names = readdirSync(userDir).sort();
  const files = names.map((name) => ({ name, data: new Uint8Array(readFileSync(join(userDir, name))) }));
  files.push({ name: 'README', data: new TextEncoder().encode(
    'xv32: an xv6-style Unix for RV32. Try: ls, echo hello | wc, usertests.\n') });
  writeFileSync(join(out, 'fs.img'), mkfs(files));
  if (install) {
    mkdirSync(join(root, 'images'), { recursive: true });
    for (const f of ['firmware.elf', 'kernel.elf', 'fs.img']) copyFileSync(join(out, f), join(root, 'images', f));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  await buildImages(process.argv.includes('--install'), i > 0 ? process.argv[i + 1] : undefined);
}
