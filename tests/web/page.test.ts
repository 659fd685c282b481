// The browser page as a student meets it, in Debian's Chromium: the shell answers, a large paste
// arrives whole, files survive a reload, a dropped program runs, the memory view shows the pages
// of a copy-on-write fork split, a snapshot brings the shell back where it was, errors are shown,
// and the page works with the keyboard alone at 100% and 200% zoom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CLI, ROOT } from '../support/paths.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';
import { clearOutput, launchChromium, openPage, serveWebPage, shot, typeLine, waitForMessage, waitForOutput, PAGE_WAIT_MS } from './browser.js';

let server: ChildProcess, url: string, browser: Browser;
beforeAll(async () => {
  ({ server, url } = await serveWebPage(CLI));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  server?.kill();
});

/** A page in a fresh browser profile (its own IndexedDB). */
async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await openPage(page, url);
  return { context, page };
}

/** The page squares of one segment kind in the memory view of process `pid`, by state. */
async function segmentStates(page: Page, pid: number, kind: string): Promise<Record<string, number>> {
  return page.evaluate(([p, k]) => {
    const box = [...document.querySelectorAll('.process')].find((b) => b.getAttribute('aria-label') === `memory of pid ${p}`);
    const seg = [...(box?.querySelectorAll('.segment') ?? [])].find((s) => s.querySelector('.segment-label')?.textContent?.startsWith(k + ' '));
    const out: Record<string, number> = {};
    for (const c of seg?.querySelectorAll('.page') ?? []) out[(c as HTMLElement).dataset.state!] = (out[(c as HTMLElement).dataset.state!] ?? 0) + 1;
    return out;
  }, [pid, kind] as const);
}

describe('the browser page', () => {
  it('starts at the shell prompt and runs what is typed: echo hi | wc reads 1 1 3', async () => {
    const { context, page } = await freshPage();
    await typeLine(page, 'echo hi | wc');
    await waitForOutput(page, /1 1 3/);
    await expect.poll(() => page.locator('.xterm-rows').innerText(), { timeout: PAGE_WAIT_MS }).toContain('1 1 3');
    await shot(page, 'echo-hi-wc');
    await context.close();
  });

  it('takes a paste of 2,000 lines whole', async () => {
    const { context, page } = await freshPage();
    await typeLine(page, 'wc -l');
    const text = Array.from({ length: 2000 }, (_, i) => `pasted line ${i + 1}`).join('\n') + '\n';
    // A real paste event on xterm.js's input, as the browser fires for Ctrl-V.
    await page.evaluate((t) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', t);
      document.querySelector('.xterm-helper-textarea')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, text);
    await waitForOutput(page, /pasted line 2000/);
    await page.keyboard.press('Control+D');
    const out = await waitForOutput(page, /\n2000\s*\n/);
    expect(out).toMatch(/\n2000\s*\n/);
    await context.close();
  });

  it('keeps a file written in the guest across a reload of the page', async () => {
    const { context, page } = await freshPage();
    await typeLine(page, 'echo kept-across-reload > /note; echo written');
    await waitForOutput(page, /\nwritten/);
    // The worker reports the guest's disk writes once a second; give it two.
    await page.waitForTimeout(2500);
    await page.reload();
    await openPage(page, url);
    await expect.poll(() => page.locator('[data-counter="ready after"]').innerText(), { timeout: PAGE_WAIT_MS }).toMatch(/booted your saved disk/);
    await typeLine(page, 'cat /note');
    await waitForOutput(page, /kept-across-reload/);
    // Reset disk goes back to the built-in image: the file is gone.
    await page.getByRole('button', { name: 'Reset disk' }).click();
    await waitForMessage(page, /built-in one again/);
    await page.waitForFunction(() => window.__out.includes('$ '), null, { timeout: PAGE_WAIT_MS });
    await clearOutput(page);
    await typeLine(page, 'cat /note');
    await waitForOutput(page, /cat: cannot open \/note/);
    await context.close();
  });

  it('runs a program dropped on the page, and says why a file that is not an RV32 program is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xv32-web-'));
    const elf = join(dir, 'greet');
    execFileSync('node', [CLI, 'cc', join(ROOT, 'tests/web/programs/greet.c'), '-o', elf], { timeout: CHILD_TIMEOUT_MS });
    const { context, page } = await freshPage();
    // Dropped: a drop event carrying the file, as the browser fires when a file is let go.
    const drop = async (name: string, bytes: number[]) => page.evaluate(([n, b]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], n));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [name, bytes] as const);
    await drop('greet', [...readFileSync(elf)]);
    expect(await waitForMessage(page, /Added \/greet/)).toMatch(/type \/greet to run it/);
    await typeLine(page, '/greet one two');
    await waitForOutput(page, /greetings from a dropped program, 2 argument\(s\)/);
    // The host's own /bin/true is an ELF, but a 64-bit x86 one: refused, and the page goes on.
    await drop('true', [...readFileSync('/bin/true')]);
    expect(await waitForMessage(page, /not an RV32 program/)).toMatch(/true is not an RV32 program xv32 can run: not a 32-bit ELF/);
    // The file button takes programs too.
    await page.locator('#add-file').setInputFiles({ name: 'greet2', mimeType: 'application/octet-stream', buffer: readFileSync(elf) });
    await waitForMessage(page, /Added \/greet2/);
    await clearOutput(page);
    await typeLine(page, 'greet2');
    await waitForOutput(page, /greetings from a dropped program, 0 argument/);
    // A file comes out of the guest with Download file.
    await typeLine(page, 'echo out of the guest > /outfile');
    await page.locator('#guest-path').fill('/outfile');
    await page.waitForTimeout(300);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download file' }).click()]);
    expect(readFileSync((await download.path())!, 'latin1')).toBe('out of the guest\n');
    await shot(page, 'dropped-program');
    await context.close();
  });

  it('shows the heap pages of a cow fork shared, then one of them copied when the child writes it', async () => {
    const { context, page } = await freshPage();
    await page.locator('#fork-mode').selectOption('cow');
    await page.getByRole('button', { name: 'Run cowdemo' }).click();
    // Follows the demo: parent in the first box, child in the second.
    await waitForOutput(page, /the child writes page 5/);
    await expect.poll(() => page.locator('#proc-b').inputValue(), { timeout: PAGE_WAIT_MS }).not.toBe('');
    const child = Number(await page.locator('#proc-b').inputValue());
    const parent = Number(await page.locator('#proc-a').inputValue());
    expect(child).toBeGreaterThan(parent);
    await expect.poll(() => segmentStates(page, child, 'heap'), { timeout: PAGE_WAIT_MS }).toEqual({ shared: 16 });
    await shot(page, 'cowdemo-shared');
    await waitForOutput(page, /the child wrote page 5/);
    await expect.poll(() => segmentStates(page, child, 'heap'), { timeout: PAGE_WAIT_MS }).toEqual({ shared: 15, copied: 1 });
    expect(await page.locator(`.page-counts[data-pid="${child}"]`).innerText()).toMatch(/shared with pid \d+, \d+ copied/);
    await shot(page, 'cowdemo-copied');
    await waitForOutput(page, /the parent still reads 'p' there/);
    // In copy mode every heap page is copied at fork.
    await page.locator('#fork-mode').selectOption('copy');
    await clearOutput(page);
    await page.getByRole('button', { name: 'Run cowdemo' }).click();
    await waitForOutput(page, /the child writes page 5/);
    await expect.poll(async () => { const v = await page.locator('#proc-b').inputValue(); return v !== '' && v !== String(child); }, { timeout: PAGE_WAIT_MS }).toBe(true);
    const child2 = Number(await page.locator('#proc-b').inputValue());
    await expect.poll(() => segmentStates(page, child2, 'heap'), { timeout: PAGE_WAIT_MS }).toEqual({ copied: 16 });
    await context.close();
  });

  it('with ?mem=16&swap=64 runs memtouch 40 on a swap area in memory, marks the swapped pages, and will not save such a machine', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await openPage(page, url + '?mem=16&swap=64');
    await typeLine(page, 'memtouch 40');
    await expect.poll(() => page.locator('#proc-a option', { hasText: 'memtouch' }).count(), { timeout: PAGE_WAIT_MS }).toBeGreaterThan(0);
    const pid = Number(await page.locator('#proc-a option', { hasText: 'memtouch' }).first().getAttribute('value'));
    await page.locator('#proc-a').selectOption(String(pid));
    await expect.poll(async () => (await segmentStates(page, pid, 'heap')).swapped ?? 0, { timeout: PAGE_WAIT_MS }).toBeGreaterThan(100);
    expect(await page.locator(`.page-counts[data-pid="${pid}"]`).innerText()).toMatch(/; \d+ in swap$/);
    await shot(page, 'swapped-pages');
    await page.getByRole('button', { name: 'Save snapshot' }).click();
    await waitForMessage(page, /a machine with a swap area cannot be saved/);
    await waitForOutput(page, /memtouch: ok 10240 pages/);
    await context.close();
  });

  it('saves a snapshot, resets, and restores the shell where it was', async () => {
    const { context, page } = await freshPage();
    await typeLine(page, 'echo before > /before; echo shell-$$');
    const pid = /shell-(\d+)/.exec(await waitForOutput(page, /shell-\d+/))![1];
    await page.getByRole('button', { name: 'Save snapshot' }).click();
    await waitForMessage(page, /Snapshot saved/);
    await typeLine(page, 'echo after > /after; echo done-after');
    await waitForOutput(page, /done-after/);
    await page.getByRole('button', { name: 'Reset machine' }).click();
    await waitForMessage(page, /reset and booted again/);
    await page.getByRole('button', { name: 'Restore snapshot' }).click();
    expect(await waitForMessage(page, /Restored the snapshot in \d+ ms/)).toBeTruthy();
    await clearOutput(page);
    await typeLine(page, 'echo shell-$$; cat /before; cat /after');
    const out = await waitForOutput(page, /cat: cannot open \/after/);
    expect(out).toContain(`shell-${pid}\n`);
    expect(out).toContain('before\n');
    await shot(page, 'snapshot-restored');
    // The page's snapshot file is the one xv32 boot reads: the same shell answers in Node.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download snapshot' }).click()]);
    const node = spawnSync('node', [CLI, 'boot', '--restore', (await download.path())!], { input: 'echo node-$$; cat /before\n', encoding: 'latin1', timeout: CHILD_TIMEOUT_MS });
    expect(node.status).toBe(0);
    expect(node.stdout).toContain(`node-${pid}\nbefore\n`);
    await context.close();
  });

  it('shows a guest that powers off, and boots again on Reset machine', async () => {
    const { context, page } = await freshPage();
    await typeLine(page, 'poweroff 3');
    expect(await waitForMessage(page, /powered off \(status 3\)/)).toBeTruthy();
    await page.getByRole('button', { name: 'Reset machine' }).click();
    await waitForOutput(page, /xv32 kernel is booting[\s\S]*\$ /);
    await clearOutput(page);
    await typeLine(page, 'echo back');
    await waitForOutput(page, /\nback/);
    await context.close();
  });

  it('works with the keyboard alone, names every control, and reads at 200% zoom', async () => {
    const { context, page } = await freshPage();
    const unnamed = await page.evaluate(() => [...document.querySelectorAll('button, select, input, a')].filter((el) => {
      const e = el as HTMLInputElement;
      const name = e.getAttribute('aria-label') || (e.labels && e.labels.length ? e.labels[0].textContent : '') || e.textContent;
      return !name || !name.trim();
    }).map((e) => e.outerHTML));
    expect(unnamed).toEqual([]);
    // From the terminal, Shift+Tab leaves it (Tab is the shell's completion key) for the skip link.
    await page.locator('.xterm-helper-textarea').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('skip');
    await page.keyboard.press('Enter');
    const visited = new Set<string>();
    // Tab through the controls until focus comes round to the terminal again (where Tab is the
    // shell's: a keyboard user leaves it with Shift+Tab, as above).
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate(() => (document.activeElement?.classList.contains('xterm-helper-textarea') ? 'terminal' : document.activeElement?.id ?? ''));
      if (at === 'terminal') break;
      visited.add(at);
    }
    for (const id of ['fork-mode', 'sbrk-mode', 'pause', 'reset', 'save-snapshot', 'restore-snapshot', 'add-file', 'download-disk', 'reset-disk', 'proc-a', 'run-cowdemo']) {
      expect(visited, `Tab reaches #${id}`).toContain(id);
    }
    // Pause with the keyboard: focus the button, press Enter; the counters say paused.
    await page.locator('#pause').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-counter="guest MIPS"]').innerText(), { timeout: PAGE_WAIT_MS }).toBe('paused');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-counter="guest MIPS"]').innerText(), { timeout: PAGE_WAIT_MS }).not.toBe('paused');
    await shot(page, 'zoom-100');
    // 200% zoom: the same page in half the CSS pixels. Nothing needs a sideways scroll and the
    // terminal still has room for a shell line.
    await page.setViewportSize({ width: 640, height: 450 });
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    expect(await page.evaluate(() => window.xv32.terminal!.cols)).toBeGreaterThanOrEqual(40);
    await shot(page, 'zoom-200');
    await context.close();
  });
});
