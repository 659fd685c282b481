// The host consoles of the Node CLI: guest output to stdout (and, apart, its stderr), and
// stdin to the guest's UART.
import type { HostConsole } from './console.js';

export class StdoutConsole implements HostConsole {
  write(bytes: Uint8Array): void {
    process.stdout.write(bytes);
  }
}

export class StderrConsole implements HostConsole {
  write(bytes: Uint8Array): void {
    process.stderr.write(bytes);
  }
}

/** Above this many bytes waiting behind the UART's FIFO the host stops reading its input; below
 *  the low mark it reads again. The guest takes bytes only as its console has room. */
const BACKLOG_HIGH = 1 << 20, BACKLOG_LOW = 1 << 18;

interface UartInput { receive(b: Uint8Array): void; readonly rxBacklog: number }

export interface StdinFeedOptions {
  /** Runs once when the input ends (exec and boot send the guest a ^D then). */
  atEnd?: () => void;
  /** Read a terminal too (boot puts it in raw mode itself); by default only a pipe or file. */
  terminal?: boolean;
  /** Turns what was read into what the guest gets (boot takes its Ctrl-A keys out here). */
  filter?: (b: Buffer) => Uint8Array;
}

/**
 * Bytes from the process's stdin to the guest's UART, delivered between run slices, with flow
 * control: stdin is paused while much is waiting for the guest, so a huge pipe costs no memory.
 */
export class StdinFeed {
  ended: boolean;
  private paused = false;
  private waiter: (() => void) | undefined;
  private readonly onData = (b: Buffer) => {
    const bytes = this.opts.filter ? this.opts.filter(b) : b;
    if (bytes.length) this.uart.receive(bytes);
    if (this.uart.rxBacklog > BACKLOG_HIGH && !this.paused) { this.paused = true; process.stdin.pause(); }
    this.waiter?.();
  };
  private readonly onEnd = () => {
    if (this.ended) return;
    this.ended = true;
    this.opts.atEnd?.();
    this.waiter?.();
  };

  constructor(private readonly uart: UartInput, private readonly opts: StdinFeedOptions = {}) {
    this.ended = process.stdin.isTTY === true && !opts.terminal;
    if (!this.ended) {
      process.stdin.on('data', this.onData);
      process.stdin.on('end', this.onEnd);
      process.stdin.on('error', this.onEnd);
    }
  }

  /** Lets pending input events run (between slices), reading again once the guest has caught up. */
  poll(): Promise<void> {
    if (this.paused && this.uart.rxBacklog < BACKLOG_LOW) { this.paused = false; process.stdin.resume(); }
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** Waits for more input, at most `ms` milliseconds; false if there will be none. */
  wait(ms = Infinity): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    if (this.paused && this.uart.rxBacklog < BACKLOG_LOW) { this.paused = false; process.stdin.resume(); }
    return new Promise((resolve) => {
      const t = ms === Infinity ? undefined : setTimeout(() => { this.waiter = undefined; resolve(true); }, Math.max(1, ms));
      this.waiter = () => { if (t) clearTimeout(t); this.waiter = undefined; resolve(true); };
    });
  }

  close(): void {
    process.stdin.off('data', this.onData);
    process.stdin.off('end', this.onEnd);
    process.stdin.off('error', this.onEnd);
    process.stdin.pause();
    process.stdin.unref?.();
  }
}
