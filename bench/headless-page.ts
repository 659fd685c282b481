// The browser page served and opened headless, for its tests and its benchmark: `xv32 web
// --port 0` in a child process, and Debian's Chromium through playwright-core (loaded only when
// asked for: it is a development dependency), launched with the flags this machine needs.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Headless as root, and no calls to the network this machine does not have. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

/** Starts `xv32 web` on a free port; its URL and the process (kill it when done). */
export async function serveWebPage(cli: string): Promise<{ url: string; server: ChildProcess }> {
  const server = spawn('node', [cli, 'web', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '', err = '';
    server.stdout!.on('data', (b) => { out += b; const m = /serving the page at (\S+)/.exec(out); if (m) resolve(m[1]); });
    server.stderr!.on('data', (b) => { err += b; });
    server.on('exit', (code) => reject(new Error(`xv32 web exited with status ${code}: ${err}`)));
  });
  return { url, server };
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}
