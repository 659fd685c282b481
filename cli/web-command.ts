// `xv32 web [--port P] [--open] [--build DIR]`: builds the browser page (web/build-page.ts) and
// serves it on 127.0.0.1, or only writes it to DIR as static files to host anywhere.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join, normalize, extname } from 'node:path';
import { buildPage } from '../web/build-page.js';
import { ROOT } from './guest.js';
import { UsageError } from './usage.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.map': 'application/json', '.elf': 'application/octet-stream', '.img': 'application/octet-stream', '.snap': 'application/octet-stream',
};
export const DEFAULT_WEB_PORT = 8032;

export async function webCommand(args: string[]): Promise<number> {
  let port = DEFAULT_WEB_PORT, open = false, buildDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--port') {
      port = Number(args[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port needs a port number (0-65535), not '${args[i] ?? ''}'`);
    } else if (a === '--open') open = true;
    else if (a === '--build') {
      buildDir = args[++i];
      if (!buildDir) throw new UsageError('--build needs a folder');
    } else throw new UsageError(a.startsWith('-') ? `unknown option ${a}` : `unexpected argument ${a}`);
  }
  const dir = buildDir ?? join(ROOT, 'build/web');
  const t0 = performance.now();
  await buildPage(ROOT, dir);
  process.stderr.write(`xv32: built the page in ${dir} (${Math.round(performance.now() - t0)} ms)\n`);
  if (buildDir) return 0;
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path.endsWith('/') ? path + 'index.html' : path);
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE'
      ? new UsageError(`port ${port} is in use on 127.0.0.1; choose another with --port`) : e));
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}/`;
  process.stdout.write(`xv32: serving the page at ${url} (Ctrl-C stops)\n`);
  if (open) {
    const opener = spawn(process.platform === 'darwin' ? 'open' : 'xdg-open', [url], { stdio: 'ignore', detached: true });
    opener.on('error', () => process.stderr.write(`xv32: could not open a browser; open ${url} yourself\n`));
    opener.unref();
  }
  await new Promise<void>((resolve) => { process.once('SIGINT', () => { server.close(); resolve(); }); process.once('SIGTERM', () => { server.close(); resolve(); }); });
  return 0;
}
