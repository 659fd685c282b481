// Builds the browser page into a folder of plain static files: the page and its CSS, the worker,
// the embeddable module, the guest images, and prompt.snap, a snapshot of the machine at its
// shell prompt so the page is usable at once. Node's built-ins that elfy needs are shimmed.
import { build, type BuildOptions } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine } from '../emulator/machine.js';
import { parseElf } from '../emulator/loader/elf.js';
import { MemoryDisk } from '../emulator/devices/block-backend.js';
import { encodeSnapshot } from '../emulator/snapshot/snapshot-file.js';
import { kernelMeta, META_CONSOLE } from '../emulator/snapshot/image-id.js';

/** The page's RAM (MiB): room for the demos, small enough to save and restore in a blink. */
export const PAGE_MEMORY_MIB = 64;
/** Instructions the boot may take to reach the prompt before the build gives up. */
const BOOT_LIMIT = 200_000_000;

function browserBuild(root: string, out: string, entry: string, outfile: string, format: 'esm' | 'iife'): BuildOptions {
  return {
    entryPoints: [join(root, entry)], outfile: join(out, outfile), bundle: true, format, platform: 'browser',
    target: 'es2022', sourcemap: true, logLevel: 'warning', minify: true,
    alias: { assert: join(root, 'web/shims/node-assert.cjs'), util: join(root, 'web/shims/node-util.cjs') },
    inject: [join(root, 'web/shims/buffer-global.ts')],
    nodePaths: [join(root, 'node_modules')],
  };
}

/** Boots the committed images to the shell prompt (virtual clock) and snapshots the machine. */
export async function promptSnapshot(images: string, memoryMiB = PAGE_MEMORY_MIB): Promise<Uint8Array> {
  const kernelBytes = new Uint8Array(readFileSync(join(images, 'kernel.elf')));
  let text = '';
  const m = new Machine({
    console: { write: (b) => { text = (text + String.fromCharCode(...b)).slice(-16 * 1024); } },
    ramBytes: memoryMiB << 20, disk: new MemoryDisk(new Uint8Array(readFileSync(join(images, 'fs.img')))),
  });
  m.bootImages(parseElf(readFileSync(join(images, 'firmware.elf'))), parseElf(kernelBytes));
  for (let n = 0; !text.endsWith('$ '); n += 1_000_000) {
    if (n > BOOT_LIMIT || m.halted) throw new Error(`the guest did not reach its prompt (it printed: ${JSON.stringify(text)})`);
    m.run(1_000_000);
  }
  // The boot's output goes with it, so the page shows the screen it had (machine-worker.ts).
  return encodeSnapshot(m.snapshot({ ...kernelMeta(kernelBytes), [META_CONSOLE]: text }));
}

export async function buildPage(root: string, out: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  const images = join(root, 'images');
  await Promise.all([
    build(browserBuild(root, out, 'web/page/app.ts', 'xv32-page.js', 'esm')),
    build(browserBuild(root, out, 'web/machine-worker.ts', 'xv32-worker.js', 'iife')),
    build(browserBuild(root, out, 'web/xv32-embed.ts', 'xv32-embed.js', 'esm')),
    build({ ...browserBuild(root, out, 'web/page/style.css', 'xv32-page.css', 'esm'), inject: [], alias: {} }),
  ]);
  copyFileSync(join(root, 'web/page/index.html'), join(out, 'index.html'));
  for (const f of ['firmware.elf', 'kernel.elf', 'fs.img']) copyFileSync(join(images, f), join(out, f));
  writeFileSync(join(out, 'prompt.snap'), await promptSnapshot(images));
}
