// RAM and disk images page by page: a page that holds one byte value after its first word is
// stored as that word and that byte (a free page in the guest's allocator is junk bytes behind
// the free list's next pointer; most of a fresh disk is zeros); the rest are copied. Gzip over the
// result then finds little left to do, so a 128 MiB machine saves and restores in milliseconds.
export const SNAP_PAGE = 4096;
const UNIFORM = 0, RAW = 1;
/** The bytes at the start of a page kept apart from the uniform rest. */
const HEAD = 4;

export function encodePages(bytes: Uint8Array): Uint8Array {
  const n = Math.ceil(bytes.length / SNAP_PAGE);
  const kinds = new Uint8Array(n), fills = new Uint8Array(n), heads = new Uint8Array(n * HEAD);
  let raw = 0;
  for (let p = 0; p < n; p++) {
    const page = bytes.subarray(p * SNAP_PAGE, (p + 1) * SNAP_PAGE);
    const v = page[HEAD];
    let same = page.length === SNAP_PAGE;
    for (let i = HEAD + 1; same && i < page.length; i++) if (page[i] !== v) same = false;
    if (same) { kinds[p] = UNIFORM; fills[p] = v; heads.set(page.subarray(0, HEAD), p * HEAD); } else { kinds[p] = RAW; raw++; }
  }
  const meta = (2 + HEAD) * n;
  const out = new Uint8Array(8 + meta + raw * SNAP_PAGE);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, bytes.length, true);
  dv.setUint32(4, n, true);
  out.set(kinds, 8);
  out.set(fills, 8 + n);
  out.set(heads, 8 + 2 * n);
  let o = 8 + meta;
  for (let p = 0; p < n; p++) {
    if (kinds[p] !== RAW) continue;
    out.set(bytes.subarray(p * SNAP_PAGE, (p + 1) * SNAP_PAGE), o);
    o += SNAP_PAGE;
  }
  return out;
}

/** Decodes one encodePages() blob at `at` in `buf`; returns the bytes and where the blob ends. */
export function decodePages(buf: Uint8Array, at: number): { bytes: Uint8Array; end: number } {
  if (at + 8 > buf.length) throw new RangeError('truncated page list');
  const dv = new DataView(buf.buffer, buf.byteOffset + at);
  const len = dv.getUint32(0, true), n = dv.getUint32(4, true);
  const meta = (2 + HEAD) * n;
  if (n !== Math.ceil(len / SNAP_PAGE) || at + 8 + meta > buf.length) throw new RangeError('bad page list');
  const kinds = buf.subarray(at + 8, at + 8 + n), fills = buf.subarray(at + 8 + n, at + 8 + 2 * n);
  const heads = buf.subarray(at + 8 + 2 * n, at + 8 + meta);
  const bytes = new Uint8Array(len);
  let o = at + 8 + meta;
  for (let p = 0; p < n; p++) {
    const start = p * SNAP_PAGE, end = Math.min(len, start + SNAP_PAGE);
    if (kinds[p] === UNIFORM) {
      if (fills[p]) bytes.fill(fills[p], start + HEAD, end);
      bytes.set(heads.subarray(p * HEAD, p * HEAD + HEAD), start);
    } else {
      if (o + SNAP_PAGE > buf.length) throw new RangeError('truncated page data');
      bytes.set(buf.subarray(o, o + (end - start)), start);
      o += SNAP_PAGE;
    }
  }
  return { bytes, end: o };
}
