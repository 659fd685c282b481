// The snapshot file: a whole machine (RAM, hart, devices, disk) in one gzip-compressed file, the
// same in Node (`xv32 boot --save/--restore`) and in the browser. Inside the gzip stream:
//   "XV32SNAP", u32 version, u32 header length, the header (JSON), RAM pages, disk pages.
// Gzip is done with the web's CompressionStream, which Node 20 has too.
import { decodePages, encodePages } from './page-codec.js';
import { SnapshotError, type DeviceState } from './fields.js';

const MAGIC = 'XV32SNAP';
export const SNAPSHOT_VERSION = 1;

export interface MachineState {
  hart: DeviceState; clint: DeviceState; plic: DeviceState; uart: DeviceState;
  uart1?: DeviceState; disk?: DeviceState;
  /** mtime when saved: the restored clock continues from it. */
  mtime: number;
  halted: boolean; exitCode: number; haltCause: string;
}

export interface Snapshot {
  state: MachineState;
  ram: Uint8Array;
  disk?: Uint8Array;
  /** What the host needs to run it again (the kernel it booted, its options), as it chooses. */
  meta: Record<string, string>;
}

interface Header { version: number; state: MachineState; meta: Record<string, string>; hasDisk: boolean }

async function pipe(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([data as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

export async function encodeSnapshot(s: Snapshot): Promise<Uint8Array> {
  const header: Header = { version: SNAPSHOT_VERSION, state: s.state, meta: s.meta, hasDisk: s.disk !== undefined };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const parts = [encodePages(s.ram), ...(s.disk ? [encodePages(s.disk)] : [])];
  const body = new Uint8Array(16 + json.length + parts.reduce((n, p) => n + p.length, 0));
  body.set(new TextEncoder().encode(MAGIC), 0);
  const dv = new DataView(body.buffer);
  dv.setUint32(8, SNAPSHOT_VERSION, true);
  dv.setUint32(12, json.length, true);
  body.set(json, 16);
  let o = 16 + json.length;
  for (const p of parts) { body.set(p, o); o += p.length; }
  return pipe(body, new CompressionStream('gzip'));
}

/** Reads a snapshot file; anything else (or a damaged one) is a SnapshotError saying so. */
export async function decodeSnapshot(file: Uint8Array): Promise<Snapshot> {
  if (file.length < 2 || file[0] !== 0x1f || file[1] !== 0x8b) throw new SnapshotError('not an xv32 snapshot (not gzip data)');
  let body: Uint8Array;
  try { body = await pipe(file, new DecompressionStream('gzip')); } catch {
    throw new SnapshotError('damaged xv32 snapshot (its gzip data is truncated or corrupt)');
  }
  if (body.length < 16 || new TextDecoder().decode(body.subarray(0, 8)) !== MAGIC) throw new SnapshotError('not an xv32 snapshot');
  const dv = new DataView(body.buffer, body.byteOffset);
  const version = dv.getUint32(8, true), jsonLen = dv.getUint32(12, true);
  if (version !== SNAPSHOT_VERSION) throw new SnapshotError(`xv32 snapshot version ${version}; this xv32 reads version ${SNAPSHOT_VERSION}`);
  try {
    const header = JSON.parse(new TextDecoder().decode(body.subarray(16, 16 + jsonLen))) as Header;
    const ram = decodePages(body, 16 + jsonLen);
    const disk = header.hasDisk ? decodePages(body, ram.end).bytes : undefined;
    return { state: header.state, meta: header.meta ?? {}, ram: ram.bytes, disk };
  } catch (e) {
    throw new SnapshotError(`damaged xv32 snapshot (${(e as Error).message})`);
  }
}

export { SnapshotError };
