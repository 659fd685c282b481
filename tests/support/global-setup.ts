// Builds what the tests run: the assembly/C test programs (with the cross compiler) and the CLI
// bundle. Runs once before all test files.
import { execFileSync } from 'node:child_process';
import { buildCli } from '../../scripts/build.mjs';
import { ROOT } from './paths.js';

export default async function setup(): Promise<void> {
  execFileSync('make', ['-s', '-C', 'tests/isa'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync('make', ['-s', '-C', 'bench/programs'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync('make', ['-s', '-C', 'bench/branchy'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync('make', ['-s', '-C', 'tests/cli/programs'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync('make', ['-s', '-C', 'tests/devices/programs'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync('make', ['-s', '-C', 'tests/firmware/programs'], { cwd: ROOT, stdio: 'inherit' });
  await buildCli();
}
