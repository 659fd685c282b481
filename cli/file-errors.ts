// Node's file-system errors (ENOENT, EISDIR, EACCES, ...) as the one line a user reads:
// the path and the reason in words; and reading a file the user named, with such errors.
import { readFileSync, statSync } from 'node:fs';
import { InputError } from './usage.js';
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a directory in the path is not a directory',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'on a read-only file system',
  ENOSPC: 'no space left on the device',
  EFBIG: 'file too large',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
};

/** "PATH: reason" for a file-system error, or undefined if `e` is not one. */
export function fileErrorMessage(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof err.code !== 'string' || !(err.code in REASONS)) return undefined;
  return err.path ? `${err.path}: ${REASONS[err.code]}` : REASONS[err.code];
}

/** "PATH: reason" for any error met while opening PATH (a file-system one in words). */
export function describeFileError(path: string, e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return `${path}: ${(err.code && REASONS[err.code]) || (e as Error).message}`;
}

/** Reads the file a user named; a directory is "PATH: is a directory, WHY", any other problem
 *  its reason. Every failure is an InputError (one line, status 2). */
export function readUserFile(path: string, why: string): Uint8Array {
  try {
    if (statSync(path).isDirectory()) throw new InputError(`${path}: is a directory, ${why}`);
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(describeFileError(path, e));
  }
}
