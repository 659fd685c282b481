// The host console of the Node CLI: guest output to stdout.
import type { HostConsole } from './console.js';

export class StdoutConsole implements HostConsole {
  write(bytes: Uint8Array): void {
    process.stdout.write(bytes);
  }
}

/**
 * Bytes from the process's stdin to the guest's UART, delivered between run slices. Only a
 * pipe or file is read: a terminal is left alone (interactive use puts it in raw mode itself).
 */
export class StdinFeed {
  private ended = process.stdin.isTTY === true;
  private waiter: (() => void) | undefined;
  private readonly onData = (b: Buffer) => { this.machine.uart.receive(b); this.waiter?.(); };
  private readonly onEnd = () => { this.ended = true; this.atEnd?.(); this.waiter?.(); };

  /** `atEnd` runs when the input ends (exec sends the guest a ^D then). */
  constructor(private readonly machine: { uart: { receive(b: Uint8Array): void } }, private readonly atEnd?: () => void) {
    if (!this.ended) {
      process.stdin.on('data', this.onData);
      process.stdin.on('end', this.onEnd);
      process.stdin.on('error', this.onEnd);
    }
  }

  /** Lets pending input events run (between slices). */
  poll(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** Waits for more input; false if there will be none. */
  wait(): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.waiter = () => { this.waiter = undefined; resolve(true); };
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
