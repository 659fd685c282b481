// Debugging a guest with gdb-multiarch through xv32's GDB stub, as a user does: a user program
// (break at main, next, print a local, info registers, continue to its exit) and the kernel
// (break sys_fork).
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CLI, ROOT } from '../support/paths.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

const dir = mkdtempSync(join(tmpdir(), 'xv32-gdb-'));
let nextPort = 20000 + (process.pid % 20000);

/** Starts `xv32 ARGS --gdb PORT -S`, runs gdb-multiarch in batch mode against it, and returns both outputs. */
async function debug(xv32Args: string[], gdbArgs: string[], symbols: string) {
  const port = nextPort++;
  const [cmd, ...rest] = xv32Args;
  const guest = spawn(process.execPath, [CLI, cmd, '--gdb', String(port), '-S', ...rest], { cwd: dir });
  let out = '', err = '';
  guest.stdout.on('data', (d) => { out += d; });
  const listening = new Promise<void>((resolve) => guest.stderr.on('data', (d) => {
    err += d;
    if (err.includes('waiting for gdb')) resolve();
  }));
  const exited = new Promise<number>((resolve) => guest.on('exit', (code) => resolve(code ?? -1)));
  await listening;
  const g = spawnSync('gdb-multiarch', ['-batch', '-nx', '-ex', `target remote 127.0.0.1:${port}`,
    ...gdbArgs.flatMap((a) => ['-ex', a]), symbols], { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS });
  const status = await exited;
  return { gdb: g.stdout + g.stderr, out, err, status };
}

describe('xv32 under gdb', () => {
  it('with --gdb and no debugger attached, runs exactly the same instructions', () => {
    const stats = (...extra: string[]) => spawnSync(process.execPath, [CLI, 'run', '--stats', ...extra, join(ROOT, 'examples/hello.elf')],
      { encoding: 'utf8' }).stderr.match(/instructions +(\d+)/)![1];
    expect(stats('--gdb', String(nextPort++))).toBe(stats());
  });
  it('stops at main of a user program, steps, prints and changes a local, shows the registers, and sees it exit', async () => {
    writeFileSync(join(dir, 'dbg.c'), '#include <stdio.h>\nint square(int v) { return v * v; }\n' +
      'int main(int argc, char **argv) {\n  int local = argc * 7;\n  local = square(local);\n' +
      '  printf("local is %d\\n", local);\n  return local % 256;\n}\n');
    expect(spawnSync(process.execPath, [CLI, 'cc', '-g', '-O0', 'dbg.c'], { cwd: dir, encoding: 'utf8' }).status).toBe(0);
    const r = await debug(['exec', '--add', 'dbg', '--', 'dbg'],
      ['monitor process dbg', 'break main', 'continue', 'next', 'next', 'print local', 'info registers pc',
        'set var local = 100', 'continue'], join(dir, 'dbg'));
    expect(r.gdb).toMatch(/Breakpoint 1, main \(argc=1, argv=0x[0-9a-f]+\) at dbg\.c:4/);
    expect(r.gdb).toMatch(/\n5\t {2}local = square\(local\);\n6\t {2}printf/);
    expect(r.gdb).toContain('$1 = 49');
    expect(r.gdb).toMatch(/\npc +0x[0-9a-f]+\t0x[0-9a-f]+ <main\+\d+>\n/);
    // gdb's write to the local went into the process's memory, through its page table.
    expect(r.gdb).toContain('[Inferior 1 (Remote target) exited with code 0144]'); // 100, in octal
    expect(r.out).toBe('local is 100\n');
    expect(r.status).toBe(100);
  });
  it('stops on a watchpoint when the program writes the variable, with old and new values', async () => {
    writeFileSync(join(dir, 'wat.c'), '#include <stdio.h>\nint counter;\nint main(void) {\n' +
      '  for (int i = 0; i < 3; i++) counter += 2;\n  printf("counter is %d\\n", counter);\n  return 0;\n}\n');
    expect(spawnSync(process.execPath, [CLI, 'cc', '-g', '-O0', 'wat.c'], { cwd: dir, encoding: 'utf8' }).status).toBe(0);
    const r = await debug(['exec', '--add', 'wat', '--', 'wat'],
      ['monitor process wat', 'break main', 'continue', 'watch counter', 'continue', 'continue', 'delete', 'continue'], join(dir, 'wat'));
    expect(r.gdb).toMatch(/Hardware watchpoint 2: counter/);
    expect(r.gdb).toMatch(/Old value = 0\s+New value = 2/);
    expect(r.gdb).toMatch(/Old value = 2\s+New value = 4/);
    expect(r.gdb).toContain('exited normally');
    expect(r.out).toBe('counter is 6\n');
  });
  it('stops in the kernel at sys_fork, shows the instruction, and runs on when told', async () => {
    const r = await debug(['exec', '--', 'echo hi | cat'],
      ['break sys_fork', 'continue', 'x/i $pc', 'delete', 'continue'], join(ROOT, 'images/kernel.elf'));
    expect(r.gdb).toMatch(/Breakpoint 1, 0x8[0-9a-f]+ in sys_fork \(\)/);
    expect(r.gdb).toMatch(/=> 0x8[0-9a-f]+ <sys_fork\+\d+>:/);
    expect(r.gdb).toContain('exited normally');
    expect(r.out).toBe('hi\n');
  });
  it('debugs a bare-metal program with xv32 run', async () => {
    const r = await debug(['run', join(ROOT, 'build/cli/exit-42.elf')], ['stepi', 'info registers pc', 'continue'],
      join(ROOT, 'build/cli/exit-42.elf'));
    expect(r.gdb).toMatch(/pc +0x80000004/);
    expect(r.gdb).toContain('exited with code 052'); // 42
    expect(r.status).toBe(42);
  });
});
