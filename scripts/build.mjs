// Bundles the CLI for Node with esbuild (const enums inlined, one file). Run by `npm install`
// (prepare) and by bin/xv32.mjs when the bundle is missing or older than the sources.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // elfy is CommonJS and requires Node built-ins; give the ESM bundle a require().
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
};

/** dist/xv32.mjs (the CLI) and dist/emulator.mjs (the emulator library, for tests and benches). */
export async function buildCli() {
  await Promise.all([
    // benny, vega and playwright-core are development dependencies, loaded only by `xv32 bench`;
    // esbuild is loaded by `xv32 web` (it has a native binary of its own).
    build({ ...common, entryPoints: [join(root, 'cli/xv32.ts')], outfile: join(root, 'dist/xv32.mjs'), external: ['benny', 'vega', 'vega-lite', 'esbuild', 'playwright-core'] }),
    build({ ...common, entryPoints: [join(root, 'emulator/index.ts')], outfile: join(root, 'dist/emulator.mjs') }),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
