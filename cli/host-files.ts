// Host files into a guest disk image (`--add`, `--fs`, `xv32 disk put|mkfs`): which host file
// goes to which guest path, read with one-line errors, written through the kernel model's
// image editor.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FsImage, FsImageError } from '../kernel-model/fs-image.js';
import { InputError } from './usage.js';
import { describeFileError, readUserFile } from './file-errors.js';

/** A host file and where it goes in the guest. */
export interface HostFile { host: string; guest: string }

/** FILE or FILE:/PATH (the guest path defaults to /NAME, the file's own name). */
export function parseHostFile(spec: string): HostFile {
  const colon = spec.lastIndexOf(':');
  // "C:\..." is no guest path; a guest path starts with '/'.
  if (colon > 0 && spec[colon + 1] === '/') return { host: spec.slice(0, colon), guest: spec.slice(colon + 1) };
  return { host: spec, guest: '/' + basename(spec) };
}

/** Every file under dir, with its guest path (subfolders become directories). */
export function hostTree(dir: string, prefix = ''): HostFile[] {
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch (e) { throw new InputError(describeFileError(dir, e)); }
  const out: HostFile[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const host = join(dir, e.name), guest = `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...hostTree(host, guest));
    else if (e.isFile()) out.push({ host, guest });
  }
  return out;
}

/** Writes the files into the image (in place), replacing files of the same names. */
export function putHostFiles(img: Uint8Array, files: HostFile[], imageName: string): void {
  try {
    const fs = new FsImage(img);
    for (const f of files) fs.write(f.guest, readUserFile(f.host, 'not a file (--fs DIR adds a whole folder)'));
  } catch (e) {
    if (e instanceof FsImageError) throw new InputError(`${imageName}: ${e.message}`);
    throw e;
  }
}
