// Whole-system figures for `npm run bench`: the guest's usertests as a workload (host time and
// guest instructions, the committed images on the virtual clock), and the host memory `xv32 boot`
// holds with a 128 MiB guest after the guest has touched most of it (peak resident set, VmHWM).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGuest } from './memory-workloads.js';

export interface UsertestsFigure { seconds: number; instructions: number }
export interface BootMemoryFigure { guestMiB: number; touchedMiB: number; peakRssMiB: number }

/** Host memory target of issue 19: a 128 MiB guest in under 250 MiB resident. */
export const BOOT_RSS_TARGET_MIB = 250;

/** Runs `usertests` (every test) once, `xv32 exec`'s way; throws unless it reports ALL TESTS PASSED. */
export function measureUsertests(root: string): UsertestsFigure {
  const r = runGuest(root, 'echo @; usertests; echo @', 128, 0, {});
  if (!r.output.includes('ALL TESTS PASSED') || r.marks.length < 2) throw new Error(`usertests failed:\n${r.output.slice(-2000)}`);
  return { seconds: (r.marks[1].ms - r.marks[0].ms) / 1000, instructions: r.marks[1].insns - r.marks[0].insns };
}

/**
 * Starts `xv32 boot --mem 128` in a child process (stdin a pipe), runs `memtouch 100` at its
 * prompt, and reads the child's peak resident set from /proc before powering it off.
 */
export function measureBootMemory(root: string, touchedMiB = 100): Promise<BootMemoryFigure> {
  const guestMiB = 128;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/xv32.mjs'), 'boot', '--mem', String(guestMiB)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let seen = '', sent = false, figure: BootMemoryFigure | undefined;
    const timer = setTimeout(() => { child.kill(); reject(new Error(`xv32 boot did not finish memtouch:\n${seen.slice(-500)}`)); }, 600_000);
    child.stdout.on('data', (b: Buffer) => {
      seen += b.toString('latin1');
      if (!sent && seen.includes('$ ')) { sent = true; child.stdin.write(`memtouch ${touchedMiB}\n`); }
      if (!figure && seen.includes('memtouch: ok')) {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        figure = { guestMiB, touchedMiB, peakRssMiB: hwm ? Number(hwm[1]) / 1024 : NaN };
        child.stdin.write('poweroff\n');
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      if (figure) resolve(figure); else reject(new Error(`xv32 boot exited before memtouch finished:\n${seen.slice(-500)}`));
    });
  });
}
