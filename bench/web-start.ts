// How long the browser page takes to be usable, in Debian's Chromium (headless, through
// playwright-core): from navigation to a shell that takes input, booting the built-in disk
// (`?start=boot`: its first prompt) and restoring the page's prompt snapshot; and the worker's
// own time to restore (decode and load the snapshot). Median of `runs` loads, each in a fresh
// browser profile.
import { join } from 'node:path';
import { launchChromium, serveWebPage } from './headless-page.js';

export interface WebStartFigure { bootMs: number; snapshotMs: number; restoreMs: number; runs: number }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function measureWebStart(root: string, runs = 5): Promise<WebStartFigure> {
  const { url, server } = await serveWebPage(join(root, 'bin/xv32.mjs'));
  try {
    const browser = await launchChromium();
    const load = async (query: string) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url + query);
      await page.waitForFunction(() => document.body.dataset.readyMs, null, { timeout: 120_000 });
      const r = await page.evaluate(() => ({ ready: Number(document.body.dataset.readyMs), start: Number(document.body.dataset.startMs ?? 0) }));
      await context.close();
      return r;
    };
    await load(''); // the first load warms the server's file cache and Chromium's code cache
    const boot: number[] = [], snap: number[] = [], restore: number[] = [];
    for (let i = 0; i < runs; i++) {
      boot.push((await load('?start=boot')).ready);
      const s = await load('');
      snap.push(s.ready);
      restore.push(s.start);
    }
    await browser.close();
    return { bootMs: median(boot), snapshotMs: median(snap), restoreMs: median(restore), runs };
  } finally {
    server.kill();
  }
}
