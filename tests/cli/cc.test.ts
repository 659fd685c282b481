// Your own C programs on xv32, as a user does it: `xv32 cc` (the xv6 API or standard C), then
// `xv32 exec --add` to run them; their output, status and errors; and the examples.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CLI, ROOT } from '../support/paths.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';
import { fsck } from '../../kernel-model/fsck.js';

const dir = mkdtempSync(join(tmpdir(), 'xv32-cc-'));
const xv32 = (args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'latin1', cwd: dir, input: opts.input ?? '', env: opts.env, timeout: CHILD_TIMEOUT_MS });
/** Compiles sources (as xv6's flags do: -Wall -Werror) into dir/out; fails the test on any message. */
function cc(out: string, ...sources: string[]): string {
  const r = xv32(['cc', '-O2', '-Wall', '-Werror', ...sources, '-o', out]);
  expect(r.stderr + r.stdout, `xv32 cc ${sources.join(' ')}`).toBe('');
  expect(r.status).toBe(0);
  return join(dir, out);
}
const example = (name: string) => join(ROOT, 'examples', name);
const testProgram = (path: string) => join(ROOT, 'tests/cc', path);

describe('xv32 cc and exec --add', () => {
  it('runs a program with its arguments; its exit status is the command\'s', () => {
    writeFileSync(join(dir, 'hello.c'), '#include "kernel/types.h"\n#include "user/user.h"\n' +
      'int main(int argc, char **argv) { printf("hello, %s\\n", argv[1]); fprintf(2, "to stderr\\n"); exit(argc); }\n');
    cc('hello', 'hello.c');
    const r = xv32(['exec', '--add', 'hello', '--', 'hello', 'world', 'again']);
    expect(r.stdout).toBe('hello, world\n');
    expect(r.stderr).toBe('to stderr\n');
    expect(r.status).toBe(3);
  });
  it('names the output after the source when -o is not given', () => {
    writeFileSync(join(dir, 'plain.c'), 'int main(void) { return 0; }\n');
    expect(xv32(['cc', 'plain.c']).status).toBe(0);
    expect(existsSync(join(dir, 'plain'))).toBe(true);
  });
  for (const mode of ['copy', 'cow']) {
    it(`compiles xv6-style programs unchanged under -Wall -Werror, and they behave as on xv6 (${mode} mode)`, () => {
      cc('forktest', testProgram('xv6/forktest.c'));
      cc('xv6isms', testProgram('xv6/xv6isms.c'));
      const r = xv32(['exec', '--fork-mode', mode, '--add', 'forktest', '--add', 'xv6isms', '--', 'forktest; xv6isms']);
      expect(r.stdout).toBe('fork test OK\n20015998343868 123456789abc 18446744073709551615 42\n' +
        'stack below MAXVA: 1, page aligned top: 1\nDIRSIZ 14 NOFILE 16 SYS_fork 1\nlinks made 500, nlink 501\n');
      expect(r.status).toBe(0);
    });
  }
  it('compiles the guest\'s own xv6-API programs, which then do what the built-in ones do', () => {
    cc('mywc', join(ROOT, 'guest/user/wc.c'));
    cc('mygrep', join(ROOT, 'guest/user/grep.c'));
    const input = 'alpha beta\ngamma\nbeta delta\n';
    const mine = xv32(['exec', '--add', 'mywc', '--add', 'mygrep', '--', 'mygrep beta | mywc'], { input });
    const builtin = xv32(['exec', '--', 'grep beta | wc'], { input });
    expect(mine.stdout).toBe('2 4 22 \n');
    expect(mine.stdout).toBe(builtin.stdout);
  });
  it('builds a standard C program with <sys/mman.h> (anonymous private mmap, fork, mprotect, munmap) that prints what it prints on Linux', () => {
    const src = testProgram('libc/anonmap.c');
    cc('anonmap', src);
    const native = join(dir, 'anonmap-native');
    expect(spawnSync('gcc', ['-O2', '-Wall', '-Werror', '-o', native, src], { encoding: 'utf8' }).stderr).toBe('');
    const linux = spawnSync(native, [], { encoding: 'latin1', cwd: dir });
    expect(linux.stdout).toContain("parent sees: parent's words\n");
    for (const mode of ['copy', 'cow', 'odf']) {
      const guest = xv32(['exec', '--check', '--fork-mode', mode, '--add', 'anonmap', '--', 'anonmap']);
      expect(guest.stdout, mode).toBe(linux.stdout);
      expect(guest.stderr, mode).toMatch(/no violations/);
    }
  });
  it('builds the textbook file copy with mmap, MAP_SHARED, ftruncate and memcpy, and shared and private file mappings, that print what they print on Linux', () => {
    const src = testProgram('libc/filemap.c');
    cc('filemap', src);
    const native = join(dir, 'filemap-native');
    expect(spawnSync('gcc', ['-O2', '-Wall', '-Werror', '-o', native, src], { encoding: 'utf8' }).stderr).toBe('');
    const linux = spawnSync(native, [], { encoding: 'latin1', cwd: dir });
    expect(linux.stdout).toContain('parent sees: SHARED+CHILD\n');
    for (const mode of ['copy', 'cow', 'odf']) {
      const guest = xv32(['exec', '--check', '--fork-mode', mode, '--add', 'filemap', '--', 'filemap']);
      expect(guest.stdout, mode).toBe(linux.stdout);
      expect(guest.stderr, mode).toMatch(/no violations/);
    }
  });
  it('builds a standard C program (stdio, malloc, fork, execvp, pipe, waitpid) that prints what it prints on Linux', () => {
    const src = testProgram('libc/pipes.c');
    cc('pipes', src);
    const native = join(dir, 'pipes-native');
    const g = spawnSync('gcc', ['-O2', '-Wall', '-Werror', '-o', native, src], { encoding: 'utf8' });
    expect(g.stderr).toBe('');
    const input = 'one two\nthree\nfour five six\n';
    const linux = spawnSync(native, ['arg1'], { encoding: 'latin1', input, cwd: dir });
    expect(linux.stdout).toContain('echo said: exec works arg1\n');
    for (const mode of ['copy', 'cow']) {
      const guest = xv32(['exec', '--fork-mode', mode, '--add', 'pipes', '--', 'pipes', 'arg1'], { input });
      expect(guest.stdout).toBe(linux.stdout);
      expect(guest.status).toBe(linux.status);
    }
  });
});

describe('the examples', () => {
  for (const mode of ['copy', 'cow']) {
    it(`fork.c: parent and child print the same address and different values (${mode} mode)`, () => {
      cc('fork', example('fork.c'));
      const r = xv32(['exec', '--fork-mode', mode, '--add', 'fork', '--', 'fork']);
      const m = r.stdout.match(/^child: {2}x = 15 at (0x[0-9a-f]+)\nparent: x = 5 at (0x[0-9a-f]+)\n$/);
      expect(m, r.stdout).not.toBeNull();
      expect(m![1]).toBe(m![2]);
    });
  }
  it('heap.c: the process\'s own pmap -x shows the heap grown by 64 KiB after malloc', () => {
    cc('heap', example('heap.c'));
    const r = xv32(['exec', '--add', 'heap', '--', 'heap']);
    const heaps = [...r.stdout.matchAll(/^[0-9a-f]{8} +(\d+) +(\d+) +(\d+) +\d+ +\d+ rw--- \[ heap \]$/gm)].map((m) => Number(m[1]));
    expect(heaps).toHaveLength(2);
    expect(heaps[1] - heaps[0]).toBe(64);
    expect(r.status).toBe(0);
  });
  it('spawn-cost.c: fork copies every page in copy mode and none in cow mode; vfork and spawn none', () => {
    cc('spawn-cost', example('spawn-cost.c'));
    const r = xv32(['exec', '--add', 'spawn-cost', '--', 'spawn-cost']);
    const copied = [...r.stdout.matchAll(/^(fork \+ exec|vfork \+ exec|spawn) +copied (\d+) pages$/gm)].map((m) => Number(m[2]));
    expect(copied).toHaveLength(6);
    expect(copied[0]).toBeGreaterThan(1024); // a 4 MiB heap is 1024 pages, plus the rest
    expect(copied.slice(1)).toEqual([0, 0, 0, 0, 0]);
  });
  it('instret.c: reads the instruction counter around fork; copy mode costs more', () => {
    cc('instret', example('instret.c'));
    const r = xv32(['exec', '--add', 'instret', '--', 'instret']);
    const n = [...r.stdout.matchAll(/: (\d+) instructions/g)].map((m) => Number(m[1]));
    expect(n).toHaveLength(2);
    expect(n[0]).toBeGreaterThan(n[1] * 10);
  });
});

describe('errors a user meets, each one clear', () => {
  it('no cross compiler: says what to install, status 2', () => {
    const r = xv32(['cc', 'hello.c'], { env: { PATH: '/nonexistent' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('xv32: cc: the RISC-V cross compiler (riscv64-unknown-elf-gcc) is not installed; ' +
      'install it with: apt-get install gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf\n');
  });
  it('a compile error: the compiler\'s own message with the user\'s file name, and its status', () => {
    writeFileSync(join(dir, 'broken.c'), 'int main(void) { return missing; }\n');
    const r = xv32(['cc', 'broken.c']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^broken\.c:1:25: error: 'missing' undeclared/m);
  });
  it('--add of a missing file: one line, status 2', () => {
    const r = xv32(['exec', '--add', 'nosuch.elf', '--', 'ls']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('xv32: nosuch.elf: no such file or directory\n');
  });
  it('a file that is not a program, run in the guest: the shell says so, status 126', () => {
    writeFileSync(join(dir, 'notes.txt'), 'just text\n');
    const r = xv32(['exec', '--add', 'notes.txt', '--', 'notes.txt; echo status $?']);
    expect(r.stderr).toBe('sh: notes.txt: cannot execute (not an RV32 executable)\n');
    expect(r.stdout).toBe('status 126\n');
  });
  it('more files than the disk holds: one line naming the file, and the disk untouched', () => {
    const files = Array.from({ length: 20 }, (_, i) => {
      const f = join(dir, `big${i}.bin`);
      writeFileSync(f, Buffer.alloc(250 * 1024, i));
      return f;
    });
    const disk = join(dir, 'full.img');
    xv32(['disk', 'mkfs', disk]);
    const before = readFileSync(disk);
    const r = xv32(['exec', '--disk', disk, ...files.flatMap((f) => ['--add', f]), '--', 'ls']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^xv32: \S+full\.img: \/big\d+\.bin: the disk image is full \(256000 bytes need \d+ blocks of 1024 bytes, \d+ free\)\n$/);
    expect(readFileSync(disk).equals(before)).toBe(true);
  });
});

describe('xv32 disk', () => {
  it('mkfs from a folder, ls, put, get and fsck; the guest sees the files', () => {
    const tree = join(dir, 'tree');
    spawnSync('mkdir', ['-p', join(tree, 'sub')]);
    writeFileSync(join(tree, 'top.txt'), 'at the top\n');
    writeFileSync(join(tree, 'sub', 'deep.txt'), 'one level down\n');
    const disk = join(dir, 'tree.img');
    expect(xv32(['disk', 'mkfs', disk, tree]).status).toBe(0);
    expect(xv32(['disk', 'ls', disk, '/sub']).stdout).toMatch(/^\. +1 \d+ \d+\n\.\. +1 1 \d+\ndeep\.txt +2 \d+ 15\n$/);
    writeFileSync(join(dir, 'later.txt'), 'put later\n');
    expect(xv32(['disk', 'put', disk, `${join(dir, 'later.txt')}:/sub/later.txt`]).status).toBe(0);
    expect(xv32(['disk', 'get', disk, '/sub/later.txt']).stdout).toBe('put later\n');
    const r = xv32(['exec', '--disk', disk, '--', 'cat top.txt sub/deep.txt sub/later.txt; echo new > sub/new.txt']);
    expect(r.stdout).toBe('at the top\none level down\nput later\n');
    expect(xv32(['disk', 'get', disk, '/sub/new.txt']).stdout).toBe('new\n');
    const f = xv32(['disk', 'fsck', disk]);
    expect(f.stdout).toMatch(/tree\.img: clean, \d+ files\n$/);
    expect(f.status).toBe(0);
    expect(fsck(new Uint8Array(readFileSync(disk)))).toEqual([]);
  });
  it('--fs boots the built-in programs with a folder\'s files added, and never changes the committed image', () => {
    const before = readFileSync(join(ROOT, 'images/fs.img'));
    const r = xv32(['exec', '--fs', join(dir, 'tree'), '--', 'cat sub/deep.txt; ls README']);
    expect(r.stdout).toMatch(/^one level down\nREADME +2 \d+ \d+\n$/);
    expect(readFileSync(join(ROOT, 'images/fs.img')).equals(before)).toBe(true);
  });
  it('fsck reports a damaged image with status 1', () => {
    const disk = join(dir, 'damaged.img');
    xv32(['disk', 'mkfs', disk]);
    const img = readFileSync(disk);
    const sbBitmap = img.readUInt32LE(1024 + 28);
    img[sbBitmap * 1024 + 10] = 0; // blocks 80-87, the first files' data, marked free
    writeFileSync(disk, img);
    const r = xv32(['disk', 'fsck', disk]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/in use but marked free/);
  });
});
