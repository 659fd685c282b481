// `--gdb PORT` (`-s` for 1234, QEMU's shorthand) and `--gdb-wait` (`-S`): a GDB remote stub on
// 127.0.0.1, for boot, exec and run. Until a debugger attaches the machine runs as always (and
// counts the same instructions); a debugger that attaches finds it stopped (as QEMU's gdbstub
// does), and while one is attached the stub runs it.
import { createServer, type Server, type Socket } from 'node:net';
import type { Machine } from '../emulator/machine.js';
import { GdbStub, type ProcessProbe } from '../emulator/debug/gdb-stub.js';
import { InputError, UsageError } from './usage.js';

export interface GdbOptions { port?: number; wait: boolean }

/** Parses one gdb option at args[i]; returns how many arguments it took (0 if none is ours). */
export function parseGdbOption(args: string[], i: number, o: GdbOptions): number {
  const a = args[i];
  if (a === '-s') { o.port = 1234; return 1; }
  if (a === '-S' || a === '--gdb-wait') { o.wait = true; return 1; }
  if (a === '--gdb') {
    const v = Number(args[i + 1]);
    if (!Number.isInteger(v) || v < 1 || v > 65535) throw new UsageError(`--gdb needs a TCP port from 1 to 65535` + (args[i + 1] === undefined ? '' : `, not '${args[i + 1]}'`));
    o.port = v;
    return 2;
  }
  return 0;
}

export class GdbServer {
  private stub?: GdbStub;
  private socket?: Socket;
  private wake?: () => void;
  private readonly jit: boolean;

  private constructor(private readonly m: Machine, private readonly server: Server, private readonly probe?: ProcessProbe) {
    this.jit = m.hart.jit;
    server.on('connection', (sock) => this.attach(sock));
  }

  /** Listens on 127.0.0.1:port; with `wait`, returns only once a debugger has attached. */
  static async start(m: Machine, o: GdbOptions, probe?: ProcessProbe): Promise<GdbServer | undefined> {
    if (o.port === undefined) {
      if (o.wait) throw new UsageError('--gdb-wait (-S) needs --gdb PORT or -s');
      return undefined;
    }
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => reject(new InputError(
        `--gdb: cannot listen on 127.0.0.1:${o.port}: ${e.code === 'EADDRINUSE' ? 'the port is in use' : e.message}`)));
      server.listen(o.port, '127.0.0.1', () => resolve());
    });
    const g = new GdbServer(m, server, probe);
    process.stderr.write(`xv32: waiting for gdb on 127.0.0.1:${o.port} (target remote :${o.port})${o.wait ? '; stopped before the first instruction' : ''}\n`);
    if (o.wait) await new Promise<void>((resolve) => { g.wake = resolve; });
    return g;
  }

  /** Whether the debugger runs the machine now. */
  get attached(): boolean { return this.stub !== undefined && this.stub.state !== 'detached'; }

  /** Runs up to `budget` instructions under the debugger, or waits for it while it has the machine stopped. */
  async drive(budget: number): Promise<void> {
    const stub = this.stub!;
    if (stub.state === 'running') {
      stub.run(budget);
      await new Promise((r) => setImmediate(r));
    } else if (stub.state === 'stopped') {
      await new Promise<void>((resolve) => { this.wake = resolve; });
    }
    if (stub.state === 'detached') this.detach();
  }

  close(): void {
    this.socket?.destroy();
    this.server.close();
  }

  private attach(sock: Socket): void {
    if (this.socket) { sock.end(); return; } // one debugger at a time
    this.socket = sock;
    sock.setNoDelay(true);
    this.stub = new GdbStub(this.m, (s) => sock.write(s, 'latin1'), this.probe);
    sock.on('data', (d) => { this.stub?.receive(d.toString('latin1')); this.wake?.(); });
    sock.on('close', () => { this.detach(); this.wake?.(); });
    sock.on('error', () => {});
    this.wake?.();
  }

  /** The debugger is gone: the machine runs on at full speed. */
  private detach(): void {
    this.stub = undefined;
    this.socket?.destroy();
    this.socket = undefined;
    this.m.hart.jit = this.jit;
  }
}
