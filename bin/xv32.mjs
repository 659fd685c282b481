#!/usr/bin/env node
// Entry point of `npx xv32`: runs the bundled CLI, building it first if it is missing or stale.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist/xv32.mjs');

function newestSource(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (p.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const stale = !existsSync(bundle) ||
  ['cli', 'emulator', 'bench', 'kernel-model'].some((d) => newestSource(join(root, d)) > statSync(bundle).mtimeMs);
if (stale) {
  const { buildCli } = await import(pathToFileURL(join(root, 'scripts/build.mjs')).href);
  await buildCli();
}
await import(pathToFileURL(bundle).href);
