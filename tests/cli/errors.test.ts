// The CLI's conventions, table-driven: every bad input a user can give is one line on stderr
// and status 2, never a stack trace; --help and --version answer with status 0.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CLI, ROOT } from '../support/paths.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

const xv32 = (...args: string[]) =>
  spawnSync('node', [CLI, ...args], { encoding: 'utf8', cwd: ROOT, input: '', timeout: CHILD_TIMEOUT_MS });

const dir = mkdtempSync(join(tmpdir(), 'xv32-errors-'));
const readOnly = join(dir, 'read-only.img');
copyFileSync(join(ROOT, 'images/fs.img'), readOnly);
chmodSync(readOnly, 0o444);
const garbage = join(dir, 'garbage.img');
writeFileSync(garbage, Buffer.alloc(8192, 0x5a));
const elf = join(ROOT, 'build/cli/exit-42.elf');
const missingDir = join(dir, 'no-such-dir', 'disk.img');
copyFileSync(join(ROOT, 'images/fs.img'), join(dir, 'four.img'));
const oldFormat = join(dir, 'old.img');
const old = readFileSync(join(ROOT, 'images/fs.img'));
old.writeUInt32LE(0x10203040, 1024); // format 1's magic
writeFileSync(oldFormat, old);

describe('every bad input is one line on stderr, status 2, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['run with more RAM than the machine takes', ['run', '--mem', '2000', elf], /^xv32: --mem needs a size in MiB from 16 to 1024, not '2000' \(see 'xv32 run --help'\)$/],
    ['boot with too little RAM', ['boot', '--mem', '8'], /--mem needs a size in MiB from 16 to 1024/],
    ['exec with a --mem that is not a number', ['exec', '--mem', 'lots', '--', 'ls'], /--mem needs a size in MiB/],
    ['--disk naming a directory', ['exec', '--disk', dir, '--', 'ls'], new RegExp(`^xv32: ${dir}: is a directory, not a disk image$`)],
    ['--disk naming a read-only file', ['exec', '--disk', readOnly, '--', 'ls'], /read-only\.img: the disk image is read-only \(--snapshot boots from it without writing\)$/],
    ['--disk in a directory that does not exist', ['boot', '--disk', missingDir], /disk\.img: cannot create the disk image: the directory \S+no-such-dir does not exist$/],
    ['--disk-size past the largest disk', ['exec', '--disk-size', '128', '--', 'ls'], /--disk-size needs a size in MiB from 4 to 64, not '128'/],
    ['--disk-size for a disk that exists with another size', ['exec', '--disk', readOnly.replace('read-only', 'four'), '--disk-size', '8', '--', 'ls'], /four\.img: --disk-size makes new disks, and this image exists with 4 MiB$/],
    ['--disk of the older format', ['exec', '--disk', oldFormat, '--', 'ls'], /old\.img: an xv32 disk image of an older format \(1, no double-indirect blocks\); make a new one with xv32 disk mkfs$/],
    ['--disk that is not an xv32 image', ['exec', '--disk', garbage, '--', 'ls'], /garbage\.img: not an xv32 disk image/],
    ['--snapshot of a directory', ['exec', '--snapshot', '--disk', dir, '--', 'ls'], /is a directory, not a disk image$/],
    ['run of a directory', ['run', dir], new RegExp(`^xv32: ${dir}: is a directory, not an ELF file$`)],
    ['run of a missing file', ['run', join(dir, 'nope.elf')], /nope\.elf: no such file or directory$/],
    ['run of a file that is not an ELF', ['run', garbage], /garbage\.img: not an ELF file/],
    ['run of a program larger than RAM', ['run', '--mem', '16', join(ROOT, 'build/cli/big-bss.elf')], /big-bss\.elf: segment at 0x80001000 \(20971520 bytes\) is outside RAM 0x80000000-0x80ffffff: the program needs more than the 16 MiB of RAM$/],
    ['run with a --disk directory', ['run', '--disk', dir, elf], /is a directory, not a disk image$/],
    ['run without a file', ['run'], /^xv32: run needs an ELF file \(see 'xv32 run --help'\)$/],
    ['an unknown command', ['frob'], /^xv32: unknown command 'frob' \(see 'xv32 --help'\)$/],
    ['an unknown boot option', ['boot', '--bogus'], /^xv32: unknown option --bogus \(see 'xv32 boot --help'\)$/],
    ['an unknown exec option', ['exec', '--bogus', '--', 'ls'], /unknown option --bogus \(see 'xv32 exec --help'\)$/],
    ['an unknown bench option', ['bench', '--bogus'], /unknown option --bogus \(see 'xv32 bench --help'\)$/],
    ['a bad --misaligned', ['exec', '--misaligned', 'sometimes', '--', 'ls'], /--misaligned is trap or emulate, not 'sometimes'/],
    ['a bad --fork-mode', ['exec', '--fork-mode', 'odd', '--', 'ls'], /--fork-mode is copy, cow or odf/],
    ['exec without a command', ['exec'], /exec needs a command after --/],
    ['exec with the command before --', ['exec', 'ls'], /the command goes after --: xv32 exec -- ls/],
    ['exec with a bad --timeout', ['exec', '--timeout', 'soon', '--', 'ls'], /--timeout needs a number of seconds, not 'soon'/],
    ['exec with a bad --max-insns', ['exec', '--max-insns', '0', '--', 'ls'], /--max-insns needs a positive integer, not '0'/],
    ['a stray argument to boot', ['boot', 'extra'], /unexpected argument extra \(see 'xv32 boot --help'\)$/],
    ['--gdb without a port number', ['exec', '--gdb', 'abc', '--', 'ls'], /--gdb needs a TCP port from 1 to 65535, not 'abc' \(see 'xv32 exec --help'\)$/],
    ['-S without a gdb port', ['run', '-S', elf], /--gdb-wait \(-S\) needs --gdb PORT or -s \(see 'xv32 run --help'\)$/],
    ['cc without a file', ['cc'], /^xv32: cc needs a C file \(see 'xv32 cc --help'\)$/],
    ['cc of a missing file', ['cc', join(dir, 'nope.c')], /nope\.c: no such file or directory$/],
    ['--add of a directory', ['exec', '--add', dir, '--', 'ls'], /is a directory, not a file \(--fs DIR adds a whole folder\)$/],
    ['--fs with --disk', ['exec', '--fs', dir, '--disk', readOnly, '--', 'ls'], /--fs builds a fresh disk, so it takes no --disk/],
    ['disk get of a missing path', ['disk', 'get', readOnly, '/nope'], /read-only\.img: \/nope: no such file or directory in the image$/],
    ['disk of an image that is not one', ['disk', 'ls', garbage], /garbage\.img: not an xv32 disk image/],
    ['an unknown disk command', ['disk', 'frob', readOnly], /unknown disk command 'frob' \(see 'xv32 disk --help'\)$/],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const r = xv32(...args);
      expect(r.status).toBe(2);
      const lines = r.stderr.split('\n').filter(Boolean);
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stdout).toBe('');
    });
  }
  it('and leaves a read-only image as it was', () => {
    expect(readFileSync(readOnly).equals(readFileSync(join(ROOT, 'images/fs.img')))).toBe(true);
  });
});

describe('--help and --version', () => {
  for (const cmd of ['boot', 'exec', 'cc', 'disk', 'run', 'bench']) {
    it(`xv32 ${cmd} --help lists its options and an example, status 0`, () => {
      const r = xv32(cmd, '--help');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: xv32 ${cmd}`));
      expect(r.stdout).toMatch(/\noptions:\n {2}-/);
      expect(r.stdout).toMatch(new RegExp(`\\nexamples?:\\n {2}(npx xv32 ${cmd}|npm run bench)`));
      expect(r.stderr).toBe('');
      expect(xv32('help', cmd).stdout).toBe(r.stdout);
    });
  }
  it('xv32 --help lists the commands', () => {
    const r = xv32('--help');
    expect(r.status).toBe(0);
    for (const cmd of ['boot', 'exec', 'cc', 'disk', 'run', 'bench']) expect(r.stdout).toMatch(new RegExp(`\\n {2}${cmd} `));
  });
  it('xv32 --version prints the package version', () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    const r = xv32('--version');
    expect(r.stdout).toBe(`xv32 ${version}\n`);
    expect(r.status).toBe(0);
  });
  it('a --help after -- belongs to the guest command', () => {
    const r = xv32('exec', '--', 'echo', '--help');
    expect(r.stdout).toBe('--help\n');
  });
});

describe('exec stops runs that go on too long, with status 124', () => {
  it('--max-insns counts guest instructions', () => {
    const r = xv32('exec', '--max-insns', '2000000', '--', 'sysfuzz 100000');
    expect(r.status).toBe(124);
    expect(r.stderr).toMatch(/xv32: exec: stopped after 2000000 instructions \(--max-insns\)\n$/);
  });
  it('--timeout counts host seconds', () => {
    const r = xv32('exec', '--timeout', '1', '--', 'sysfuzz 100000');
    expect(r.status).toBe(124);
    expect(r.stderr).toMatch(/xv32: exec: stopped after 1 s \(--timeout\)\n$/);
  });
});

describe('--snapshot', () => {
  it('reads the disk image and keeps the guest\'s writes in memory', () => {
    const disk = join(dir, 'snap.img');
    copyFileSync(join(ROOT, 'images/fs.img'), disk);
    const before = readFileSync(disk);
    const r = xv32('exec', '--snapshot', '--disk', disk, '--', 'echo kept in memory > note; cat note; rm README');
    expect(r.stdout).toBe('kept in memory\n');
    expect(readFileSync(disk).equals(before)).toBe(true);
    expect(xv32('exec', '--disk', disk, '--', 'cat README').status).toBe(0);
  });
  it('boots a read-only image', () => {
    expect(xv32('exec', '--snapshot', '--disk', readOnly, '--', 'echo fine').stdout).toBe('fine\n');
  });
});
