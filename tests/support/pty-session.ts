// `xv32 boot` in a real pseudo-terminal, driven as a person drives it: type, wait for text on
// the screen, press keys. Waits are generous (a loaded 2-core machine is slow) and say what the
// screen showed when they time out.
import { spawn, type IPty } from 'node-pty';
import { ROOT } from './paths.js';
import { SCREEN_TIMEOUT_MS } from './timeouts.js';

export class PtySession {
  readonly term: IPty;
  /** Everything the terminal has shown, control sequences included. */
  screen = '';
  readonly exited: Promise<number>;

  /** Runs `xv32 ARGS` (default: boot) in a shell in the terminal, which prints EXIT=status after. */
  constructor(args: string[] = ['boot'], shellTail = '') {
    const cmd = `node bin/xv32.mjs ${args.join(' ')}; echo EXIT=$?${shellTail}`;
    this.term = spawn('bash', ['--norc', '--noprofile', '-c', cmd],
      { cwd: ROOT, cols: 200, rows: 50, env: { ...process.env, TERM: 'xterm' } });
    this.exited = new Promise((resolve) => this.term.onExit((e) => resolve(e.exitCode)));
    this.term.onData((d) => { this.screen += d; });
  }

  /** Waits until `what` is on the screen after position `from`; returns where it ends. */
  waitFor(what: string | RegExp, from = 0, ms = SCREEN_TIMEOUT_MS): Promise<number> {
    const t0 = Date.now();
    return new Promise((resolve, reject) => {
      const check = () => {
        const rest = this.screen.slice(from);
        const m = typeof what === 'string' ? rest.indexOf(what) : rest.search(what);
        if (m >= 0) {
          const len = typeof what === 'string' ? what.length : rest.match(what)![0].length;
          return resolve(from + m + len);
        }
        if (Date.now() - t0 > ms) {
          return reject(new Error(`timed out waiting for ${String(what)}; screen ends ${JSON.stringify(this.screen.slice(-400))}`));
        }
        setTimeout(check, 20);
      };
      check();
    });
  }

  /** Waits for the shell's prompt after `from`. */
  prompt(from = 0): Promise<number> { return this.waitFor('$ ', from); }

  type(text: string): void { this.term.write(text); }

  /** Quits with Ctrl-A x and waits for xv32 to exit. */
  async quit(): Promise<number> {
    this.term.write('\x01x');
    await this.waitFor('EXIT=');
    return this.exited;
  }
}
