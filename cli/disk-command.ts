// `xv32 disk ls|get|put|mkfs|fsck IMG ...`: guest disk images from the host, through the kernel
// model's file system code (fs-image, mkfs, fsck).
import { writeFileSync } from 'node:fs';
import { FsImage, FsImageError } from '../kernel-model/fs-image.js';
import { fsckReport, repair } from '../kernel-model/fsck.js';
import { replayLog } from '../kernel-model/fs-log.js';
import { readSuperblock } from '../kernel-model/fs-format.js';
import { mkfs } from '../kernel-model/mkfs.js';
import { BSIZE, T_DIR, T_FILE } from '../kernel-model/fs-format.js';
import { DISK_MAX_MIB, DISK_MIN_MIB, builtinDisk } from './guest.js';
import { hostTree, parseHostFile, putHostFiles } from './host-files.js';
import { InputError, UsageError } from './usage.js';
import { describeFileError, readUserFile } from './file-errors.js';

function readImage(path: string | undefined): Uint8Array {
  if (!path) throw new UsageError('disk needs an image file');
  return readUserFile(path, 'not a disk image');
}

function writeImage(path: string, img: Uint8Array): void {
  try { writeFileSync(path, img); } catch (e) { throw new InputError(describeFileError(path, e)); }
}

function open(path: string | undefined): FsImage {
  const img = readImage(path);
  try { return new FsImage(img); } catch (e) {
    if (e instanceof FsImageError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
}

/** Runs an image operation, naming the image in its errors. */
function inImage<T>(path: string, fn: () => T): T {
  try { return fn(); } catch (e) {
    if (e instanceof FsImageError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
}

export async function diskCommand(args: string[]): Promise<number> {
  const [sub, image, ...rest] = args;
  switch (sub) {
    case 'ls': {
      const fs = open(image);
      const path = rest[0] ?? '/';
      const inum = inImage(image, () => fs.lookup(path));
      if (inum === undefined) throw new InputError(`${image}: ${path}: no such file or directory in the image`);
      const d = fs.inode(inum);
      const entries = d.type === T_DIR ? inImage(image, () => fs.list(path))
        : [{ name: path.split('/').pop()!, inum, type: d.type, size: d.size }];
      for (const e of entries) process.stdout.write(`${e.name.padEnd(14)} ${e.type} ${e.inum} ${e.size}\n`);
      return 0;
    }
    case 'get': {
      const fs = open(image);
      if (!rest[0]) throw new UsageError('disk get needs a path in the image');
      const data = inImage(image, () => fs.read(rest[0]));
      if (rest[1]) writeImage(rest[1], data);
      else process.stdout.write(data);
      return 0;
    }
    case 'put': {
      const img = readImage(image);
      if (rest.length === 0) throw new UsageError('disk put needs files (FILE or FILE:/PATH)');
      putHostFiles(img, rest.map(parseHostFile), image);
      writeImage(image, img);
      return 0;
    }
    case 'mkfs': {
      if (!image) throw new UsageError('disk mkfs needs an image file');
      const empty = rest.includes('--empty');
      const sizeAt = rest.indexOf('--size');
      let mib: number | undefined;
      if (sizeAt >= 0) {
        const v = rest[sizeAt + 1];
        mib = Number(v);
        if (v === undefined || !Number.isInteger(mib) || mib < DISK_MIN_MIB || mib > DISK_MAX_MIB) throw new UsageError(`--size needs a size in MiB from ${DISK_MIN_MIB} to ${DISK_MAX_MIB}${v === undefined ? '' : `, not '${v}'`}`);
        rest.splice(sizeAt, 2);
      }
      const dirs = rest.filter((a) => a !== '--empty');
      if (dirs.some((a) => a.startsWith('-'))) throw new UsageError(`unknown option ${dirs.find((a) => a.startsWith('-'))}`);
      if (dirs.length > 1) throw new UsageError('disk mkfs takes one folder');
      let img: Uint8Array;
      if (empty) img = mkfs([], mib === undefined ? undefined : (mib << 20) / BSIZE);
      else img = builtinDisk(mib);
      if (dirs[0]) putHostFiles(img, hostTree(dirs[0]), image);
      writeImage(image, img);
      return 0;
    }
    case 'fsck': return fsckCommand([image, ...rest].filter((a) => a !== undefined));
    case undefined: throw new UsageError('disk needs a command: ls, get, put, mkfs or fsck');
  }
  throw new UsageError(`unknown disk command '${sub}'`);
}

/**
 * `xv32 disk fsck [--read-only | --repair] IMG`. A committed transaction in the log is replayed
 * into the image first, as the kernel would at boot (saying so); with --read-only the image is
 * not written and the log is reported as needing replay (the check is of the replayed image).
 * --repair also fixes what fsck finds. Status 1 if problems remain.
 */
function fsckCommand(args: string[]): number {
  const readOnly = args.includes('--read-only') || args.includes('-n'), fix = args.includes('--repair');
  const files = args.filter((a) => !['--read-only', '-n', '--repair'].includes(a));
  const bad = files.find((a) => a.startsWith('-'));
  if (bad) throw new UsageError(`unknown option ${bad}`);
  if (files.length !== 1) throw new UsageError('disk fsck needs one image file');
  if (readOnly && fix) throw new UsageError('--read-only and --repair cannot go together');
  const image = files[0], img = readImage(image);
  const say = (line: string) => process.stdout.write(`${image}: ${line}\n`);
  let problems: string[];
  if (fix) {
    const r = repair(img);
    for (const f of r.fixed) say(`fixed: ${f}`);
    if (r.fixed.length) writeImage(image, img);
    problems = r.left;
  } else {
    const report = fsckReport(img);
    if (report.logBlocks && readOnly) say(`log needs replay: a committed transaction of ${report.logBlocks} blocks (checked as replayed)`);
    else if (report.logBlocks) {
      replayLog(img, readSuperblock(img));
      writeImage(image, img);
      say(`replayed a committed transaction of ${report.logBlocks} blocks from the log`);
    }
    problems = report.problems;
  }
  for (const p of problems) say(p);
  if (problems.length === 0) {
    const fs = open(image);
    let n = 0;
    for (let inum = 1; inum < fs.sb.ninodes; inum++) if (fs.inode(inum).type === T_FILE) n++;
    say(`clean, ${n} files`);
  }
  return problems.length ? 1 : 0;
}
