// The guest as users meet it: `xv32 exec` runs commands in our kernel, files persist on the
// disk image, fsck passes after every run, and the same images behave the same under QEMU.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CLI, ROOT } from '../support/paths.js';
import { QEMU_CPU } from '../../bench/mips.js';
import { qemuDiskArgs } from '../support/run-elf.js';
import { fsck } from '../../kernel-model/fsck.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

const dir = mkdtempSync(join(tmpdir(), 'xv32-guest-'));
let n = 0;
/** A fresh copy of the built-in disk. */
const freshDisk = () => {
  const p = join(dir, `disk${n++}.img`);
  copyFileSync(join(ROOT, 'images/fs.img'), p);
  return p;
};
/** Runs `xv32 exec` on a disk, then checks the disk with fsck. */
function exec(disk: string, cmd: string, input?: string, ...opts: string[]) {
  const r = spawnSync('node', [CLI, 'exec', '--disk', disk, ...opts, '--', cmd], { encoding: 'latin1', input, timeout: CHILD_TIMEOUT_MS });
  expect(fsck(new Uint8Array(readFileSync(disk)))).toEqual([]);
  return r;
}

describe('xv32 exec runs commands in the guest', () => {
  // usertests itself runs in usertests-checked.test.ts, in every fork and sbrk mode.
  it('runs pipelines, lists and redirection', () => {
    const disk = freshDisk();
    expect(exec(disk, 'echo hello world | wc').stdout).toBe('1 2 12 \n');
    expect(exec(disk, 'echo one > f1; echo two > f2; cat f1 f2 | grep t').stdout).toBe('two\n');
    expect(exec(disk, 'cat < f1').stdout).toBe('one\n');
    expect(exec(disk, 'ls | grep f1').stdout).toMatch(/^f1 +2 \d+ 4\n$/);
  });
  it('exits with the status of the command', () => {
    const disk = freshDisk();
    expect(exec(disk, 'echo fine').status).toBe(0);
    expect(exec(disk, 'kill 999').status).toBe(1);
    const r = exec(disk, 'nosuchprogram');
    expect(r.status).toBe(127);
    expect(r.stderr + r.stdout).toContain('nosuchprogram: command not found');
    expect(exec(disk, 'poweroff 7').status).toBe(7);
  });
  it('survives thousands of system calls with random bad arguments: memory books right, disk intact', () => {
    for (const sbrk of ['eager', 'lazy']) {
      const r = exec(freshDisk(), 'sysfuzz 20 7; echo alive', undefined, '--check', '--sbrk-mode', sbrk);
      expect(r.stdout).toBe('sysfuzz: 20 of 20 rounds of 1000 random system calls survived\nalive\n');
      expect(r.stderr).toMatch(/^xv32: --check: \d+ checks .*, no violations\n$/);
    }
  });
  it('refuses to kill init (which would take the kernel down) and keeps running', () => {
    const r = exec(freshDisk(), 'kill 1; echo alive');
    expect(r.stdout).toBe('alive\n');
    expect(r.stderr).toBe('kill: cannot kill 1 (no such process, or init)\n');
    expect(r.status).toBe(0);
  });
  it('gives piped input to the command', () => {
    expect(exec(freshDisk(), 'wc', 'a b\nc\n').stdout).toBe('2 3 6 \n');
  });
  it('keeps a file written through a shared mapping (mcp) across power-off and reboot, fsck clean', () => {
    const disk = freshDisk();
    expect(exec(disk, 'echo hello mapped world > f; mcp f g').status).toBe(0);
    expect(exec(disk, 'cat g').stdout).toBe('hello mapped world\n');
  });
  it('keeps files on a --disk image from one boot to the next', () => {
    const disk = freshDisk();
    expect(exec(disk, 'mkdir d; echo persistent > d/note').status).toBe(0);
    expect(exec(disk, 'cat d/note').stdout).toBe('persistent\n');
    expect(exec(disk, 'rm d/note; rm d; ls d').stderr).toContain('ls: cannot open d');
  });
  it('creates a missing --disk image from the built-in one and never changes the built-in one', () => {
    const before = readFileSync(join(ROOT, 'images/fs.img'));
    const disk = join(dir, 'new.img');
    expect(exec(disk, 'echo x > x').status).toBe(0);
    expect(exec(disk, 'cat x').stdout).toBe('x\n');
    expect(spawnSync('node', [CLI, 'exec', '--', 'echo y > y'], { encoding: 'latin1' }).status).toBe(0);
    expect(readFileSync(join(ROOT, 'images/fs.img')).equals(before)).toBe(true);
  });
  it('refuses a corrupt disk image with one clear line', () => {
    const bad = join(dir, 'bad.img');
    writeFileSync(bad, new Uint8Array(64 * 1024).fill(7));
    const r = spawnSync('node', [CLI, 'exec', '--disk', bad, '--', 'ls'], { encoding: 'latin1' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.img: not an xv32 disk image \(bad superblock magic/);
  });
  it('boots with more or less memory (--mem)', () => {
    const r = spawnSync('node', [CLI, 'exec', '--mem', '32', '--', 'usertests outofmemory'], { encoding: 'latin1' });
    expect(r.stdout).toContain('ALL TESTS PASSED');
  });
});

describe('the same firmware, kernel and disk under QEMU', () => {
  it('print the same for a command script', () => {
    const cmd = 'echo hello | wc; ls; cat README; mkdir dir; echo in dir > dir/f; cat dir/f; usertests exitwait';
    const xdisk = freshDisk(), qdisk = freshDisk();
    const x = exec(xdisk, cmd);
    const q = spawnSync('qemu-system-riscv32', ['-machine', 'virt', '-cpu', QEMU_CPU, '-m', '128M', '-nographic',
      '-bios', join(ROOT, 'images/firmware.elf'), '-kernel', join(ROOT, 'images/kernel.elf'), '-append', cmd,
      ...qemuDiskArgs(qdisk)], { encoding: 'latin1', timeout: CHILD_TIMEOUT_MS });
    expect(q.status).toBe(0);
    expect(x.status).toBe(0);
    expect(x.stdout).toBe(q.stdout);
    expect(x.stdout).toContain('ALL TESTS PASSED');
    expect(fsck(new Uint8Array(readFileSync(qdisk)))).toEqual([]);
  });
});
