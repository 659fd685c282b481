// Saving and restoring a device's registers by name: numbers, booleans and strings as they are,
// typed arrays and arrays of numbers as plain arrays (copied back into the live arrays, which are
// often readonly views the hot path holds). One list of names per device keeps what a snapshot
// carries next to the fields it reads.
export type FieldValue = number | boolean | string | number[] | number[][];
export type DeviceState = Record<string, FieldValue>;

type Indexable = Record<string, unknown>;

export function saveFields(obj: object, names: readonly string[]): DeviceState {
  const o = obj as Indexable, out: DeviceState = {};
  for (const n of names) {
    const v = o[n];
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') out[n] = v;
    else if (ArrayBuffer.isView(v)) out[n] = Array.from(v as unknown as ArrayLike<number>);
    else if (Array.isArray(v)) out[n] = v.map((x) => (ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x));
    else throw new Error(`snapshot: field ${n} has no savable value`);
  }
  return out;
}

export class SnapshotError extends Error {}

export function loadFields(obj: object, names: readonly string[], state: DeviceState, what: string): void {
  const o = obj as Indexable;
  for (const n of names) {
    const v = state[n], cur = o[n];
    if (v === undefined) throw new SnapshotError(`snapshot: ${what} has no ${n}`);
    if (ArrayBuffer.isView(cur)) {
      const arr = cur as unknown as { length: number; set(a: ArrayLike<number>): void; fill(x: number): void };
      if (!Array.isArray(v) || v.length !== arr.length) throw new SnapshotError(`snapshot: ${what}.${n} has the wrong length`);
      arr.set(v as number[]);
    } else if (Array.isArray(cur)) {
      if (!Array.isArray(v)) throw new SnapshotError(`snapshot: ${what}.${n} is not a list`);
      cur.length = 0;
      for (const x of v) cur.push(Array.isArray(x) ? Uint8Array.from(x) : x);
    } else {
      if (typeof v !== typeof cur) throw new SnapshotError(`snapshot: ${what}.${n} is a ${typeof v}, not a ${typeof cur}`);
      o[n] = v;
    }
  }
}
