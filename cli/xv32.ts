// The xv32 command line. Each command lives in its own file; this one dispatches and turns the
// errors users can cause into one line and exit status 2 (no stack traces).
import { ElfError } from '../emulator/loader/elf.js';
import { runCommand } from './run-command.js';
import { benchCommand } from './bench-command.js';
import { bootCommand } from './boot-command.js';
import { execCommand } from './exec-command.js';
import { DiskError } from './guest.js';
import { KernelModelError } from '../kernel-model/physical-memory.js';
import { USAGE, UsageError } from './usage.js';

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'run': return await runCommand(rest);
      case 'bench': return await benchCommand(rest);
      case 'boot': return await bootCommand(rest);
      case 'exec': return await execCommand(rest);
      case undefined: case 'help': case '--help': case '-h':
        process.stdout.write(USAGE);
        return cmd === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command '${cmd}'`);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`xv32: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof DiskError) {
      process.stderr.write(`xv32: ${e.message}\n`);
      return 2;
    }
    if (e instanceof KernelModelError) {
      process.stderr.write(`xv32: --check: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ElfError) {
      const file = rest.find((a) => !a.startsWith('-')) ?? '';
      process.stderr.write(`xv32: ${file}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));
