// The shell's everyday features and the statuses every program gives, as `xv32 exec` shows
// them; and console input that loses nothing however much is piped in.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CLI, ROOT } from '../support/paths.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

const dir = mkdtempSync(join(tmpdir(), 'xv32-shell-'));
let n = 0;
const freshDisk = () => {
  const p = join(dir, `disk${n++}.img`);
  copyFileSync(join(ROOT, 'images/fs.img'), p);
  return p;
};
const exec = (cmd: string, opts: { disk?: string; input?: string | Buffer } = {}) =>
  spawnSync('node', [CLI, 'exec', ...(opts.disk ? ['--disk', opts.disk] : []), '--', cmd],
    { encoding: 'latin1', input: opts.input, timeout: CHILD_TIMEOUT_MS, maxBuffer: 64 << 20 });

describe('the shell', () => {
  it('gives $? the status of the last command, and sh -c its own', () => {
    const r = exec("sh -c 'exit 3'; echo $?; true; echo $?; false; echo $?");
    expect(r.stdout).toBe('3\n0\n1\n');
  });
  it('says NAME: command not found with status 127', () => {
    const r = exec('nosuch');
    expect(r.status).toBe(127);
    expect(r.stdout + r.stderr).toBe('nosuch: command not found\n');
    expect(exec('nosuch; echo $?').stdout).toMatch(/127\n$/);
  });
  it('appends with >> and sends errors elsewhere with 2> and 2>&1', () => {
    const disk = freshDisk();
    expect(exec('echo one > f; echo two >> f; echo three >> f; cat f', { disk }).stdout).toBe('one\ntwo\nthree\n');
    const r = exec('ls nosuchdir 2> err; echo status $?; cat err; ls nosuchdir 2>&1 | wc -l', { disk });
    expect(r.stdout).toBe('status 1\nls: cannot open nosuchdir\n1\n');
  });
  it('runs && and || by status, and ; whatever happens', () => {
    expect(exec('false && echo no; true && echo yes; false || echo fallback; ls nosuch 2> e; echo went on').stdout)
      .toBe('yes\nfallback\nwent on\n');
  });
  it('takes quotes, backslashes and comments as sh does', () => {
    const r = exec(`echo 'a  b' "c  $? d" \\"e\\" # not this; echo nor this`);
    expect(r.stdout).toBe('a  b c  0 d "e"\n');
    expect(exec(`echo "x;y|z" 'p>q'`).stdout).toBe('x;y|z p>q\n');
  });
  it('exits with exit N, and cd changes the directory for the commands after it', () => {
    expect(exec('echo before; exit 7; echo after').status).toBe(7);
    const disk = freshDisk();
    const r = exec('mkdir d; cd d; echo inside > f; cd /; cat d/f; cd nosuch; echo $?', { disk });
    expect(r.stdout).toBe('inside\n1\n');
    expect(r.stderr).toBe('sh: cd: nosuch: no such directory\n');
  });
  it('runs a script file with sh SCRIPT and ends with its last status', () => {
    const disk = freshDisk();
    exec(`echo 'echo from script; ls nosuch' > s`, { disk });
    const r = exec('sh s; echo script status $?', { disk });
    expect(r.stdout).toBe('from script\nscript status 1\n');
    expect(r.stderr).toBe('ls: cannot open nosuch\n');
    expect(r.stderr + r.stdout).not.toContain('command not found');
  });
  it('refuses a line longer than it holds, and the tail never becomes the next command', () => {
    const long = 'echo ' + 'x'.repeat(5000);
    const r = exec('sh', { input: `${long}\necho next\n` });
    expect(r.stdout).toBe('next\n');
    expect(r.stderr).toBe('sh: line too long (at most 4095 characters)\n');
    expect(r.stderr + r.stdout).not.toContain('command not found');
  });
  it('reports a syntax error with status 2 and runs nothing of the line', () => {
    const r = exec('echo a; | wc');
    expect(r.status).toBe(2);
    expect(r.stdout).not.toContain('a\n');
  });
  it('runs a parenthesized list in a subshell, whose exit does not end this shell', () => {
    expect(exec('(echo sub; exit 4); echo $?').stdout).toBe('sub\n4\n');
  });
});

describe('xv32 exec', () => {
  it('keeps the guest\'s stdout and stderr apart, as the command\'s own', () => {
    const r = exec('echo out; echo err >&2; ls nosuch; echo more 1>&2');
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toBe('err\nls: cannot open nosuch\nmore\n');
    expect(exec('ls nosuch 2>&1').stdout).toBe('ls: cannot open nosuch\n');
  });
  it('ends only when every process the command started has ended', () => {
    // The shell ends at once; its background child, now init's, prints later.
    const r = exec('(sleep 0.5; echo late) & echo early');
    expect(r.stdout).toBe('early\nlate\n');
    expect(r.status).toBe(0);
  });
});

describe('xv32 exec command lines', () => {
  it('take up to 1,000 characters, and longer ones get one clear line', () => {
    expect(exec(`echo ${'y'.repeat(990)}`).stdout).toBe('y'.repeat(990) + '\n');
    const r = exec(`echo ${'y'.repeat(1000)}`);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^xv32: the command line is too long \(at most 1000 characters; put longer ones in a script\)/);
  });
});

describe('programs give statuses a caller can see', () => {
  it('ls of a missing directory exits 1', () => {
    expect(exec('ls nosuchdir').status).toBe(1);
    expect(exec('ls /').status).toBe(0);
  });
  it('grep exits 1 when nothing matches, as POSIX grep', () => {
    expect(exec('grep nomatch README').status).toBe(1);
    expect(exec('grep xv6 README').status).toBe(0);
  });
  it('usertests with an unknown test name fails and lists the names', () => {
    const r = exec('usertests nosuchtest');
    expect(r.status).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/no test named nosuchtest; the tests are: .*forkfull/);
    expect(r.stdout).not.toContain('ALL TESTS PASSED');
  });
  it('pmap and kill refuse a pid that is not a number', () => {
    const p = exec('pmap abc');
    expect(p.status).toBe(1);
    expect(p.stderr + p.stdout).toBe('pmap: abc is not a process id\n');
    expect(exec('kill 1x').status).toBe(1);
  });
  it('ps prints aligned columns with pid, parent, state, size and name', () => {
    const lines = exec('ps').stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('  PID  PPID S     SIZE NAME');
    expect(lines[1]).toMatch(/^ {4}1 {5}0 S +\d+ init$/);
    expect(lines.at(-1)).toMatch(/^ +\d+ +\d+ R +\d+ ps$/);
    // Every row puts its name in the same column.
    for (const l of lines) expect(l.indexOf(l.trim().split(/ +/).at(-1)!)).toBe(lines[0].indexOf('NAME'));
  });
});

describe('console input', () => {
  it('takes 1 MiB piped into exec, every byte', () => {
    const data = Buffer.alloc(1 << 20);
    for (let i = 0; i < data.length; i++) data[i] = i % 61 === 60 ? 10 : 33 + (i * 7) % 90;
    const r = exec('wc -c', { input: data });
    expect(r.stdout).toBe('1048576\n');
    expect(r.status).toBe(0);
  });
  it('takes 50 lines piped in, more than the 16-byte UART FIFO and any buffer holds at once', () => {
    const input = Array.from({ length: 50 }, (_, i) => `${i + 1}\n`).join('');
    expect(exec('wc', { input }).stdout).toBe(`50 50 ${input.length} \n`);
  });
  it('gives a line longer than the console buffer to its reader in pieces, in order', () => {
    const line = Array.from({ length: 12_000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    const r = exec('cat', { input: line + '\nsecond\n' });
    expect(r.stdout).toBe(line + '\nsecond\n');
  });
});
