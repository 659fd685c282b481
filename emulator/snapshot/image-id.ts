// A short fingerprint of an image (the kernel a snapshot's RAM holds): FNV-1a over the bytes and
// the length. A snapshot records it so a host can refuse one taken with another kernel, whose
// symbols (which the kernel model and the page need) would not match the RAM.
export function imageId(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return `${(h >>> 0).toString(16).padStart(8, '0')}-${bytes.length}`;
}
