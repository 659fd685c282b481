// What `xv32 boot` and `xv32 exec` share: the committed guest images, the disk (a named image,
// created from the built-in one if missing, or a temporary copy), and the machine.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Machine } from '../emulator/machine.js';
import { parseElf, type ElfImage } from '../emulator/loader/elf.js';
import { FileDisk } from '../emulator/host/node-file-disk.js';
import type { HostConsole } from '../emulator/host/console.js';
import { BSIZE, FSMAGIC } from '../kernel-model/fs-format.js';
import { UsageError } from './usage.js';
import { EventChecker, describeFailure } from '../kernel-model/event-checker.js';

/** The repository root: the CLI bundle lives in dist/. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const IMAGES = join(ROOT, 'images');

export interface GuestOptions { ramMiB: number; disk?: string; jit: boolean; forkMode?: 'copy' | 'cow'; sbrkMode?: 'eager' | 'lazy'; check: boolean }

/** Parses --mem MiB, --disk IMG, --fork-mode, --sbrk-mode, --check and --no-jit; returns the options and the other arguments. */
export function parseGuestArgs(args: string[]): { opts: GuestOptions; rest: string[] } {
  const opts: GuestOptions = { ramMiB: 128, jit: true, check: false };
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--mem') {
      const v = Number(args[++i]);
      if (!Number.isInteger(v) || v < 16 || v > 1024) throw new UsageError('--mem needs a size in MiB from 16 to 1024');
      opts.ramMiB = v;
    } else if (a === '--disk') {
      opts.disk = args[++i];
      if (!opts.disk) throw new UsageError('--disk needs an image file');
    } else if (a === '--fork-mode') {
      const v = args[++i];
      if (v !== 'copy' && v !== 'cow') throw new UsageError('--fork-mode is copy or cow');
      opts.forkMode = v;
    } else if (a === '--sbrk-mode') {
      const v = args[++i];
      if (v !== 'eager' && v !== 'lazy') throw new UsageError('--sbrk-mode is eager or lazy');
      opts.sbrkMode = v;
    } else if (a === '--no-jit') opts.jit = false;
    else if (a === '--check') opts.check = true;
    else rest.push(a);
  }
  return { opts, rest };
}

/** A clear error for a disk image that is not an xv32 file system. */
export class DiskError extends Error {}

function checkImage(path: string): void {
  const size = statSync(path).size;
  if (size < 2 * BSIZE || size % BSIZE) throw new DiskError(`${path}: not an xv32 disk image (size ${size} bytes)`);
  const fd = openSync(path, 'r');
  const sb = new Uint8Array(8);
  readSync(fd, sb, 0, 8, BSIZE);
  closeSync(fd);
  const dv = new DataView(sb.buffer);
  const magic = dv.getUint32(0, true), blocks = dv.getUint32(4, true);
  if (magic !== FSMAGIC) throw new DiskError(`${path}: not an xv32 disk image (bad superblock magic 0x${magic.toString(16)})`);
  if (blocks * BSIZE > size) throw new DiskError(`${path}: corrupt disk image (superblock says ${blocks} blocks, file has ${size / BSIZE})`);
}

export interface Guest {
  machine: Machine;
  disk: FileDisk;
  kernel: ElfImage;
  /** With --check: the kernel model checking memory at every process event. */
  checker?: EventChecker;
  cleanup(): void;
}

/** With --check and no violation: the line saying what was checked, for stderr at the end. */
export function checkSummary(guest: Guest): string | undefined {
  const c = guest.checker;
  return c && !c.failure ? `xv32: --check: ${c.summary()}, no violations` : undefined;
}

/** Builds the machine with the committed firmware and kernel, and the disk. */
export function makeGuest(opts: GuestOptions, console: HostConsole, clock: 'virtual' | 'host', bootargs = ''): Guest {
  let path = opts.disk;
  let tmp: string | undefined;
  if (path) {
    if (!existsSync(path)) copyFileSync(join(IMAGES, 'fs.img'), path);
  } else {
    tmp = mkdtempSync(join(tmpdir(), 'xv32-'));
    path = join(tmp, 'fs.img');
    copyFileSync(join(IMAGES, 'fs.img'), path);
  }
  checkImage(path);
  const disk = new FileDisk(path);
  const machine = new Machine({ console, ramBytes: opts.ramMiB * 1024 * 1024, disk, jit: opts.jit, clock });
  const kernel = parseElf(readFileSync(join(IMAGES, 'kernel.elf')));
  machine.bootImages(parseElf(readFileSync(join(IMAGES, 'firmware.elf'))), kernel, bootargs,
    { forkMode: opts.forkMode, sbrkMode: opts.sbrkMode });
  const checker = opts.check
    ? new EventChecker(machine, kernel, (f) => { process.stderr.write(`\r\nxv32: --check failed ${describeFailure(f)}\r\n`); })
    : undefined;
  return {
    machine, disk, kernel, checker,
    cleanup() {
      disk.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    },
  };
}
