// The browser page under test: `xv32 web --port 0` serving it, and Debian's Chromium driven by
// playwright-core (the test set-up installs chromium through apt when it is missing). Output is
// collected from the embed API's onOutput, and screenshots go to build/test-output/web/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../support/paths.js';

export { serveWebPage, launchChromium } from '../../bench/headless-page.js';

export const SHOTS = join(ROOT, 'build/test-output/web');
/** Waits in the page are in guest work, not host speed; this bounds them on a loaded machine. */
export const PAGE_WAIT_MS = 120_000;

declare global {
  interface Window { xv32: import('../../web/xv32-embed.js').Xv32; __out: string }
}

/** Opens the page and waits until the shell is ready; output from then on collects in __out. */
export async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.readyMs && window.xv32, null, { timeout: PAGE_WAIT_MS });
  await page.evaluate(() => { window.__out = ''; window.xv32.onOutput((t) => { window.__out += t; }); });
}

/** Waits until the output since openPage (or the last clearOutput) matches. */
export async function waitForOutput(page: Page, pattern: RegExp): Promise<string> {
  const handle = await page.waitForFunction((src) => {
    const m = new RegExp(src.source, src.flags).exec(window.__out);
    return m ? window.__out : undefined;
  }, { source: pattern.source, flags: pattern.flags }, { timeout: PAGE_WAIT_MS, polling: 100 });
  return (await handle.jsonValue()) as string;
}

export const clearOutput = (page: Page) => page.evaluate(() => { window.__out = ''; });

/** Types a line at the terminal as a user does (keys to xterm.js's input). */
export async function typeLine(page: Page, line: string): Promise<void> {
  await page.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Waits for a page message (role status or alert) matching `pattern`; its text. */
export async function waitForMessage(page: Page, pattern: RegExp): Promise<string> {
  const loc = page.locator('#messages .message', { hasText: pattern }).last();
  await loc.waitFor({ timeout: PAGE_WAIT_MS });
  return loc.innerText();
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
