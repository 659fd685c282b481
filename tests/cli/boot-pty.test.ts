// `xv32 boot` driven through a real pseudo-terminal, as a person uses it: wait for the prompt,
// type a pipeline, read the answer, look at memory with Ctrl-A m, quit with Ctrl-A x, and find
// the terminal as it was.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node-pty';
import { ROOT } from '../support/paths.js';
import { CHILD_TIMEOUT_MS, SCREEN_TIMEOUT_MS } from '../support/timeouts.js';

describe('xv32 boot in a terminal', () => {
  it('runs `echo hello | wc`, quits on Ctrl-A x and restores the terminal mode', async () => {
    // A shell in the pty runs xv32, then prints the terminal's mode once xv32 has exited.
    const term = spawn('bash', ['--norc', '--noprofile', '-c', 'node bin/xv32.mjs boot; echo EXIT=$?; stty -a'],
      { cwd: ROOT, cols: 100, rows: 30, env: { ...process.env, TERM: 'xterm' } });
    let screen = '';
    const waitFor = (text: string, ms = SCREEN_TIMEOUT_MS) => new Promise<void>((resolve, reject) => {
      const t0 = Date.now();
      const check = () => {
        if (screen.includes(text)) return resolve();
        if (Date.now() - t0 > ms) return reject(new Error(`timed out waiting for ${JSON.stringify(text)}; screen: ${JSON.stringify(screen.slice(-300))}`));
        setTimeout(check, 20);
      };
      check();
    });
    const exited = new Promise<number>((resolve) => term.onExit((e) => resolve(e.exitCode)));
    term.onData((d) => { screen += d; });
    await waitFor('$ ');
    term.write('echo hello | wc\r');
    await waitFor('1 1 6');
    await waitFor('$ ', 5000).catch(() => {});
    // Ctrl-A m: the kernel model's view, init and the shell with their maps.
    term.write('\x01m');
    await waitFor('fork mode cow, sbrk mode eager');
    const report = screen.slice(screen.indexOf('[xv32: memory, from outside]')).replace(/\r/g, '');
    expect(report).toMatch(/pid 1 \(init\) sleeping, parent 0\nAddress   Kbytes     RSS   Dirty  Shared    Swap Mode  Mapping\n00000000 /);
    expect(report).toMatch(/pid 2 \(sh\) (sleeping|running|runnable), parent 1\n/);
    expect(report).toMatch(/\npages: total \d+, free \d+, shared \d+, page tables \d+; fork mode cow, sbrk mode eager\n/);
    term.write('\x01x');
    await waitFor('EXIT=0');
    expect(await exited).toBe(0);
    expect(screen).toContain('xv32: quit (Ctrl-A x)');
    // Raw mode would show -icanon and -echo; restored, the terminal is canonical with echo.
    const stty = screen.slice(screen.indexOf('EXIT=0'));
    expect(stty).toMatch(/(^|\s)icanon(\s|$)/m);
    expect(stty).toMatch(/(^|\s)echo(\s|$)/m);
  }, CHILD_TIMEOUT_MS);
});
