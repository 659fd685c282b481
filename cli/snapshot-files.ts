// `xv32 boot --save FILE` and `--restore FILE`: the machine to and from a snapshot file (the
// format the browser page uses too, emulator/snapshot/snapshot-file.ts).
import { writeFileSync } from 'node:fs';
import type { Machine } from '../emulator/machine.js';
import { decodeSnapshot, encodeSnapshot, SnapshotError, type Snapshot } from '../emulator/snapshot/snapshot-file.js';
import { kernelMeta, takenWithKernel } from '../emulator/snapshot/image-id.js';
import { InputError } from './usage.js';
import { describeFileError, readUserFile } from './file-errors.js';

export async function readSnapshotFile(path: string, kernel: Uint8Array): Promise<Snapshot> {
  const bytes = readUserFile(path, 'not a snapshot');
  let snap: Snapshot;
  try { snap = await decodeSnapshot(bytes); } catch (e) {
    if (e instanceof SnapshotError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
  if (!takenWithKernel(snap.meta, kernel)) {
    throw new InputError(`${path}: the snapshot was taken with another xv32 kernel than this one; boot afresh and save again`);
  }
  if (!snap.disk) throw new InputError(`${path}: the snapshot has no disk (it was not taken by xv32 boot or the browser page)`);
  return snap;
}

/** Saves the machine; the one-line outcome, for the terminal. */
export async function writeSnapshotFile(path: string, m: Machine, kernel: Uint8Array): Promise<string> {
  const file = await encodeSnapshot(m.snapshot(kernelMeta(kernel)));
  try { writeFileSync(path, file); } catch (e) { return `xv32: could not save the machine: ${describeFileError(path, e)}`; }
  return `xv32: saved the machine to ${path} (${(file.length / 1024).toFixed(0)} KiB)`;
}
