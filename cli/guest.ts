// What `xv32 boot` and `xv32 exec` share: the committed guest images, the disk (a named image,
// created from the built-in one if missing, or a temporary copy, or with --snapshot an image in
// memory), and the machine.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, openSync, readSync, closeSync, writeFileSync, truncateSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Machine } from '../emulator/machine.js';
import { parseElf, type ElfImage } from '../emulator/loader/elf.js';
import { FileDisk } from '../emulator/host/node-file-disk.js';
import { MemoryDisk, type BlockBackend } from '../emulator/devices/block-backend.js';
import type { HostConsole } from '../emulator/host/console.js';
import { BSIZE, FSMAGIC, describeBadMagic } from '../kernel-model/fs-format.js';
import { mkfsLike } from '../kernel-model/mkfs.js';
import { InputError, UsageError } from './usage.js';
import { describeFileError, readUserFile } from './file-errors.js';
import { hostTree, parseHostFile, putHostFiles, type HostFile } from './host-files.js';
import { parseGdbOption, type GdbOptions } from './gdb-server.js';
import { KernelModel } from '../kernel-model/kernel-model.js';
import { RAM_BASE } from '../emulator/memory/bus.js';
import { EventChecker, describeFailure } from '../kernel-model/event-checker.js';
import type { Snapshot } from '../emulator/snapshot/snapshot-file.js';

/** The repository root: the CLI bundle lives in dist/. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const IMAGES = join(ROOT, 'images');

export interface GuestOptions {
  ramMiB: number; disk?: string; snapshot: boolean; jit: boolean;
  forkMode?: 'copy' | 'cow' | 'odf'; sbrkMode?: 'eager' | 'lazy'; check: boolean;
  /** --misaligned trap|emulate: what the hart does with a misaligned load or store. */
  misaligned?: 'trap' | 'emulate';
  /** --stack-max MiB: how far the user stack may grow. */
  stackMaxMiB?: number;
  /** --disk-size MiB: a new disk (temporary, in memory, or a missing --disk) that large. */
  diskMiB?: number;
  /** --swap MiB: a swap area of that size (a second virtio disk on a temporary file). */
  swapMiB?: number;
  /** Host files to put into the disk before boot (--add), and a folder to build it from (--fs). */
  add: HostFile[]; fs?: string;
  /** --gdb PORT / -s, --gdb-wait / -S. */
  gdb: GdbOptions;
}

/** RAM sizes the machine can have, in MiB (the same for boot, exec and run). */
export const MEM_MIN_MIB = 16, MEM_MAX_MIB = 1024;

/** Sizes --disk-size allows, in MiB: the built-in disk's 4 up to 64, as big as the largest
 * file (fs.h MAXFILE), which keeps a whole file's bitmap blocks inside one log operation. */
export const DISK_MIN_MIB = 4, DISK_MAX_MIB = 64;

/** The built-in disk image, or with a size a new one that large holding the same files. */
export function builtinDisk(mib?: number): Uint8Array {
  const img = new Uint8Array(readFileSync(join(IMAGES, 'fs.img')));
  return mib === undefined || mib << 20 === img.length ? img : mkfsLike(img, (mib << 20) / BSIZE);
}

/** The value of --misaligned. */
export function parseMisaligned(v: string | undefined): 'trap' | 'emulate' {
  if (v !== 'trap' && v !== 'emulate') throw new UsageError(`--misaligned is trap or emulate${v === undefined ? '' : `, not '${v}'`}`);
  return v;
}

/** The value of --mem: an integer number of MiB in range. */
export function parseMem(value: string | undefined): number {
  const v = Number(value);
  if (value === undefined || !Number.isInteger(v) || v < MEM_MIN_MIB || v > MEM_MAX_MIB) {
    throw new UsageError(`--mem needs a size in MiB from ${MEM_MIN_MIB} to ${MEM_MAX_MIB}` + (value === undefined ? '' : `, not '${value}'`));
  }
  return v;
}

/** Parses --mem MiB, --disk IMG, --snapshot, --fork-mode, --sbrk-mode, --check and --no-jit; returns the options and the other arguments. */
export function parseGuestArgs(args: string[]): { opts: GuestOptions; rest: string[] } {
  const opts: GuestOptions = { ramMiB: 128, jit: true, check: false, snapshot: false, add: [], gdb: { wait: false } };
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const took = parseGdbOption(args, i, opts.gdb);
    if (took) { i += took - 1; continue; }
    if (a === '--mem') {
      opts.ramMiB = parseMem(args[++i]);
    } else if (a === '--snapshot') {
      opts.snapshot = true;
    } else if (a === '--add') {
      if (!args[i + 1]) throw new UsageError('--add needs a file (FILE or FILE:/PATH)');
      opts.add.push(parseHostFile(args[++i]));
    } else if (a === '--fs') {
      opts.fs = args[++i];
      if (!opts.fs) throw new UsageError('--fs needs a folder');
    } else if (a === '--disk') {
      opts.disk = args[++i];
      if (!opts.disk) throw new UsageError('--disk needs an image file');
    } else if (a === '--fork-mode') {
      const v = args[++i];
      if (v !== 'copy' && v !== 'cow' && v !== 'odf') throw new UsageError('--fork-mode is copy, cow or odf');
      opts.forkMode = v;
    } else if (a === '--sbrk-mode') {
      const v = args[++i];
      if (v !== 'eager' && v !== 'lazy') throw new UsageError('--sbrk-mode is eager or lazy');
      opts.sbrkMode = v;
    } else if (a === '--stack-max') {
      const v = args[++i], n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 1 || n > 512) throw new UsageError(`--stack-max needs a size in MiB from 1 to 512${v === undefined ? '' : `, not '${v}'`}`);
      opts.stackMaxMiB = n;
    } else if (a === '--disk-size') {
      const v = args[++i], n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < DISK_MIN_MIB || n > DISK_MAX_MIB) throw new UsageError(`--disk-size needs a size in MiB from ${DISK_MIN_MIB} to ${DISK_MAX_MIB}${v === undefined ? '' : `, not '${v}'`}`);
      opts.diskMiB = n;
    } else if (a === '--swap') {
      const v = args[++i], n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--swap needs a size in MiB from 1 to 256${v === undefined ? '' : `, not '${v}'`}`);
      opts.swapMiB = n;
    } else if (a === '--misaligned') {
      opts.misaligned = parseMisaligned(args[++i]);
    } else if (a === '--no-jit') opts.jit = false;
    else if (a === '--check') opts.check = true;
    else rest.push(a);
  }
  if (opts.fs && opts.disk) throw new UsageError('--fs builds a fresh disk, so it takes no --disk (xv32 disk mkfs IMG DIR keeps one)');
  return { opts, rest };
}

function checkImage(path: string, size: number): void {
  if (size < 2 * BSIZE || size % BSIZE) throw new InputError(`${path}: not an xv32 disk image (size ${size} bytes)`);
  const sb = new Uint8Array(8);
  const fd = openSync(path, 'r');
  try { readSync(fd, sb, 0, 8, BSIZE); } finally { closeSync(fd); }
  const dv = new DataView(sb.buffer);
  const magic = dv.getUint32(0, true), blocks = dv.getUint32(4, true);
  if (magic !== FSMAGIC) throw new InputError(`${path}: ${describeBadMagic(magic)}`);
  if (blocks * BSIZE > size) throw new InputError(`${path}: corrupt disk image (superblock says ${blocks} blocks, file has ${size / BSIZE})`);
}

export interface Guest {
  machine: Machine;
  disk: BlockBackend;
  kernel: ElfImage;
  /** With --check: the kernel model checking memory at every process event. */
  checker?: EventChecker;
  /** The kernel model (the checker's, with --check). */
  model: KernelModel;
  cleanup(): void;
}

/** With --check and no violation: the line saying what was checked, for stderr at the end. */
export function checkSummary(guest: Guest): string | undefined {
  const c = guest.checker;
  return c && !c.failure ? `xv32: --check: ${c.summary()}, no violations` : undefined;
}

/**
 * The disk the guest sees: with --snapshot, the image (or the built-in one) in memory; with
 * --disk, that file (made from the built-in image if missing); else a temporary copy. Every
 * problem with the path is one line naming it.
 */
function openDisk(opts: GuestOptions): { disk: BlockBackend; tmp?: string } {
  const builtin = join(IMAGES, 'fs.img');
  let path = opts.disk;
  const files = [...(opts.fs ? hostTree(opts.fs) : []), ...opts.add];
  if (opts.snapshot) {
    const bytes = path ? readUserFile(path, 'not a disk image') : builtinDisk(opts.diskMiB);
    path ??= builtin;
    checkImage(path, bytes.length);
    if (opts.diskMiB !== undefined && bytes.length !== opts.diskMiB << 20) throw new InputError(diskSizeClash(path, bytes.length));
    if (files.length) putHostFiles(bytes, files, path);
    return { disk: new MemoryDisk(bytes) };
  }
  let tmp: string | undefined;
  if (path) {
    if (!existsSync(path)) {
      try { writeFileSync(path, builtinDisk(opts.diskMiB)); } catch (e) {
        const missingDir = (e as NodeJS.ErrnoException).code === 'ENOENT';
        throw new InputError(missingDir ? `${path}: cannot create the disk image: the directory ${dirname(path)} does not exist`
          : `cannot create the disk image ${describeFileError(path, e)}`);
      }
    }
  } else {
    tmp = mkdtempSync(join(tmpdir(), 'xv32-'));
    path = join(tmp, 'fs.img');
    writeFileSync(path, builtinDisk(opts.diskMiB));
  }
  let st;
  try { st = statSync(path); } catch (e) { throw new InputError(describeFileError(path, e)); }
  if (st.isDirectory()) throw new InputError(`${path}: is a directory, not a disk image`);
  // A file with no write permission is read-only by intent, even for root, who could write it.
  if ((st.mode & 0o222) === 0) throw new InputError(`${path}: the disk image is read-only (--snapshot boots from it without writing)`);
  try {
    checkImage(path, st.size);
    if (opts.diskMiB !== undefined && st.size !== opts.diskMiB << 20) throw new InputError(diskSizeClash(path, st.size));
    if (files.length) {
      const bytes = new Uint8Array(readFileSync(path));
      putHostFiles(bytes, files, path);
      writeFileSync(path, bytes);
    }
    return { disk: new FileDisk(path, false, tmp === undefined), tmp };
  } catch (e) {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    if (e instanceof InputError) throw e;
    throw new InputError(describeFileError(path, e));
  }
}

function diskSizeClash(path: string, bytes: number): string {
  return `${path}: --disk-size makes new disks, and this image exists with ${(bytes / (1 << 20)).toFixed(bytes % (1 << 20) ? 2 : 0)} MiB`;
}

/** The swap area: a sparse temporary file of that size (as a swap partition, it starts empty and
 * goes when the guest does). */
function openSwap(mib: number): { disk: FileDisk; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'xv32-swap-'));
  const path = join(dir, 'swap.img');
  writeFileSync(path, '');
  truncateSync(path, mib << 20);
  return { disk: new FileDisk(path), dir };
}

/** Builds the machine with the committed firmware and kernel, and the disk. */
export function makeGuest(opts: GuestOptions, console: HostConsole, clock: 'virtual' | 'host', bootargs = '',
  stderrConsole?: HostConsole, restore?: Snapshot): Guest {
  const { disk, tmp } = restore ? { disk: new MemoryDisk(restore.disk!), tmp: undefined } : openDisk(opts);
  const ram = restore ? Machine.ramFor(restore) : { ramBytes: opts.ramMiB * 1024 * 1024 };
  const swap = opts.swapMiB ? openSwap(opts.swapMiB) : undefined;
  const machine = new Machine({ console, ...ram, disk, swap: swap?.disk, jit: opts.jit, clock, stderrConsole, misaligned: opts.misaligned });
  const kernel = parseElf(readFileSync(join(IMAGES, 'kernel.elf')));
  if (restore) machine.restore(restore);
  else machine.bootImages(parseElf(readFileSync(join(IMAGES, 'firmware.elf'))), kernel, bootargs,
    { forkMode: opts.forkMode, sbrkMode: opts.sbrkMode, stackMax: opts.stackMaxMiB === undefined ? undefined : opts.stackMaxMiB << 20 });
  const checker = opts.check
    ? new EventChecker(machine, kernel, (f) => { process.stderr.write(`\r\nxv32: --check failed ${describeFailure(f)}\r\n`); }, undefined, disk)
    : undefined;
  const model = checker?.model ?? new KernelModel(machine.bus.u8, RAM_BASE, kernel.symbols);
  return {
    machine, disk, kernel, checker, model,
    cleanup() {
      if (disk instanceof FileDisk) disk.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
      if (swap) { swap.disk.close(); rmSync(swap.dir, { recursive: true, force: true }); }
    },
  };
}
