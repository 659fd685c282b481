// Host files into a guest disk image (`--add`, `--fs`, `xv32 disk put|mkfs`): which host file
// goes to which guest path, read with one-line errors, written through the kernel model's
// image editor.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FsImage, FsImageError } from '../kernel-model/fs-image.js';
import { InputError } from './usage.js';
import { describeFileError } from './file-errors.js';

/** A host file and where it goes in the guest. */
export interface HostFile { host: string; guest: string }

/** FILE or FILE:/PATH (the guest path defaults to /NAME, the file's own name). */
export function parseHostFile(spec: string): HostFile {
  const colon = spec.lastIndexOf(':');
  // "C:\..." is no guest path; a guest path starts with '/'.
  if (colon > 0 && spec[colon + 1] === '/') return { host: spec.slice(0, colon), guest: spec.slice(colon + 1) };
  return { host: spec, guest: '/' + basename(spec) };
}

function readHostFile(path: string): Uint8Array {
  try {
    if (statSync(path).isDirectory()) throw new InputError(`${path}: is a directory (--fs DIR adds a whole folder)`);
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(describeFileError(path, e));
  }
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
    for (const f of files) fs.write(f.guest, readHostFile(f.host));
  } catch (e) {
    if (e instanceof FsImageError) throw new InputError(`${imageName}: ${e.message}`);
    throw e;
  }
}
