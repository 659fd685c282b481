// The host console of the Node CLI: guest output to stdout.
import type { HostConsole } from './console.js';

export class StdoutConsole implements HostConsole {
  write(bytes: Uint8Array): void {
    process.stdout.write(bytes);
  }
}
