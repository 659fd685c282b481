// What a host (CLI, browser terminal, test) gives the machine for its console.
export interface HostConsole {
  /** Bytes the guest wrote to the UART. */
  write(bytes: Uint8Array): void;
}

/** A console that keeps everything the guest wrote, for tests and `exec`. */
export class BufferConsole implements HostConsole {
  private chunks: Uint8Array[] = [];
  write(bytes: Uint8Array): void {
    this.chunks.push(bytes.slice());
  }
  /** Everything written, one character per byte (ISO 8859-1, as Node's 'latin1'). */
  text(): string {
    const bytes = concat(this.chunks);
    let s = '';
    for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return s;
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}
