// A short fingerprint of an image (the kernel a snapshot's RAM holds): FNV-1a over the bytes and
// the length. A snapshot records it so a host can refuse one taken with another kernel, whose
// symbols (which the kernel model and the page need) would not match the RAM.
export function imageId(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return `${(h >>> 0).toString(16).padStart(8, '0')}-${bytes.length}`;
}

/** The snapshot meta keys hosts share: the kernel it was taken with, and (the browser page's)
 *  the console's recent output, so a restored terminal shows the screen it had. */
export const META_KERNEL = 'kernel';
export const META_CONSOLE = 'console';

/** The meta that names `kernel` as a snapshot's kernel. */
export function kernelMeta(kernel: Uint8Array): Record<string, string> { return { [META_KERNEL]: imageId(kernel) }; }

/** Whether a snapshot's meta names this kernel (a snapshot of another kernel must not run with
 *  this one's symbols). */
export function takenWithKernel(meta: Record<string, string>, kernel: Uint8Array): boolean {
  return meta[META_KERNEL] === imageId(kernel);
}
