// `xv32 run` as a user runs it: output, exit status, and one-line errors for bad input.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CLI, ISA_BUILD, ROOT } from '../support/paths.js';

const xv32 = (...args: string[]) => spawnSync('node', [CLI, ...args], { encoding: 'utf8', cwd: ROOT });
const prog = (name: string) => join(ROOT, 'build/cli', `${name}.elf`);

describe('xv32 run', () => {
  it('prints the guest UART output and exits 0 when the guest passes (tohost)', () => {
    const r = xv32('run', join(ISA_BUILD, 'rv32m.elf'));
    expect(r.stdout.startsWith('PASS\n')).toBe(true);
    expect(r.status).toBe(0);
  });
  it('exits with the code the guest gave the syscon device', () => {
    const r = xv32('run', prog('exit-42'));
    expect(r.stdout).toBe('exiting with 42\n');
    expect(r.status).toBe(42);
  });
  it('performs misaligned loads and stores, or with --misaligned trap raises cause 4 and 6 with mtval the address', () => {
    expect(xv32('run', prog('misaligned')).status).toBe(0);
    expect(xv32('run', '--misaligned', 'emulate', prog('misaligned')).status).toBe(0);
    // The program's handler sums the causes it saw (4 + 6) after checking each mtval.
    expect(xv32('run', '--misaligned', 'trap', prog('misaligned')).status).toBe(10);
    expect(xv32('run', '--misaligned', 'trap', '--no-jit', prog('misaligned')).status).toBe(10);
  });
  it('--profile names the hottest functions by the ELF\'s symbols and says how much ran compiled', () => {
    const r = xv32('run', '--profile', join(ROOT, 'build/bench/sort.elf'));
    expect(r.status).toBe(0);
    const rows = [...r.stderr.matchAll(/^ +([\d.]+)%  M  (\S+)$/gm)].map((m) => [Number(m[1]), m[2]] as const);
    expect(rows[0][1]).toBe('quicksort'); // the sort's recursion is where the time goes
    expect(rows[0][0]).toBeGreaterThan(50);
    expect(r.stderr).toMatch(/host time: [\d.]+ s for [\d,]+ instructions; [\d.]+% of them in compiled blocks/);
  });
  it('exec --profile attributes time to user programs and the kernel by their symbols', () => {
    const r = spawnSync('node', [CLI, 'exec', '--profile', '--', 'stackdemo'], { encoding: 'utf8', cwd: ROOT });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^ +[\d.]+%  S  \w+$/m);   // kernel functions
    expect(r.stderr).toMatch(/^ +[\d.]+%  U  stackdemo: sumbig$/m); // the program's, from its ELF on the disk
  });
  it('stops a program that never ends after --max-insns, with status 124', () => {
    const r = xv32('run', '--max-insns', '100000', prog('spin'));
    expect(r.status).toBe(124);
    expect(r.stderr).toMatch(/stopped after 100000 instructions/);
  });
  it('reports a guest waiting for an interrupt that cannot come, with status 3', () => {
    const r = xv32('run', prog('wfi-forever'));
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/waits \(wfi\) with no interrupt/);
  });
  it('traces each instruction with mode, pc, bits and disassembly', () => {
    const r = xv32('run', '--trace', '--max-insns', '3', prog('spin'));
    const lines = r.stderr.trim().split('\n').filter((l) => /^[MSU] /.test(l));
    expect(lines.slice(0, 3)).toEqual([
      'M 80000000 (0505) addi (c) a0, a0, 1',
      'M 80000002 (bffd) jal (c) zero, 0x80000000',
      'M 80000000 (0505) addi (c) a0, a0, 1',
    ]);
  });
  it('prints counters with --stats', () => {
    const r = xv32('run', '--stats', prog('exit-42'));
    expect(r.stderr).toMatch(/xv32: instructions\s+\d+/);
    expect(r.stderr).toMatch(/xv32: MIPS/);
  });

  describe('refuses bad input with one line naming the file and the reason, status 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xv32-cli-'));
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['script.sh', '#!/bin/sh\necho hi\n', /not an ELF file/],
      ['empty.elf', '', /not an ELF file/],
      ['truncated.elf', readFileSync(join(ISA_BUILD, 'rv32m.elf')).subarray(0, 100), /truncated|malformed/],
    ];
    for (const [name, content, why] of cases) {
      it(name, () => {
        const f = join(dir, name);
        writeFileSync(f, content);
        const r = xv32('run', f);
        expect(r.status).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain(f);
        expect(r.stderr).toMatch(why);
        expect(r.stderr).not.toMatch(/at .*\.(js|mjs|ts):\d+/); // no stack trace
      });
    }
    it('a file that does not exist', () => {
      const r = xv32('run', join(dir, 'nope.elf'));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/nope\.elf: no such file/);
    });
    it('an unknown option, pointing at the command\'s --help', () => {
      const r = xv32('run', '--bogus', prog('spin'));
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("xv32: unknown option --bogus (see 'xv32 run --help')\n");
    });
  });

  describe('stops a guest stuck in a trap loop with one line and status 3', () => {
    it('a wild jump with no trap handler (mtvec 0)', () => {
      const r = xv32('run', prog('no-handler'));
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/^xv32: \S+no-handler\.elf: the same trap \(instruction access fault at pc 0x0, tval 0x0\) [\d,]+ times in a row: no trap handler \(mtvec 0x0 is not RAM\); stopped\n$/);
    });
    it('a handler that returns to the same faulting load forever', () => {
      const r = xv32('run', prog('retry-fault'));
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/the same trap \(load access fault at pc 0x8000001\d, tval 0x40000000\) [\d,]+ times in a row: the handler at 0x8\w+ makes no progress; stopped/);
    });
    it('but not a program that makes 30,000 system calls from one ecall instruction', () => {
      const r = xv32('run', prog('ecall-loop'));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  });
});
