// The xv32 command line. Each command lives in its own file; this one dispatches, answers
// --help and --version, and turns every error a user can cause into one line and exit status 2
// (no stack traces).
import { ElfError } from '../emulator/loader/elf.js';
import { runCommand } from './run-command.js';
import { benchCommand } from './bench-command.js';
import { bootCommand } from './boot-command.js';
import { execCommand } from './exec-command.js';
import { ccCommand } from './cc-command.js';
import { diskCommand } from './disk-command.js';
import { webCommand } from './web-command.js';
import { KernelModelError } from '../kernel-model/physical-memory.js';
import { COMMANDS, HELP, InputError, USAGE, UsageError, type Command } from './usage.js';
import { fileErrorMessage } from './file-errors.js';
import { VERSION } from './version.js';

const RUN: Record<Command, (args: string[]) => Promise<number>> = {
  boot: bootCommand, exec: execCommand, run: runCommand, bench: benchCommand, cc: ccCommand, disk: diskCommand, web: webCommand,
};

/** Whether args ask for help before any `--` (after it, words belong to the guest). */
function wantsHelp(args: string[]): boolean {
  const dash = args.indexOf('--');
  return (dash < 0 ? args : args.slice(0, dash)).some((a) => a === '--help' || a === '-h');
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === undefined) { process.stderr.write(USAGE); return 2; }
    if (cmd === 'help' || cmd === '--help' || cmd === '-h') {
      const topic = rest[0] as Command | undefined;
      process.stdout.write(topic && COMMANDS.includes(topic) ? HELP[topic] : USAGE);
      return 0;
    }
    if (cmd === '--version' || cmd === '-V' || cmd === 'version') { process.stdout.write(`xv32 ${VERSION}\n`); return 0; }
    if (!COMMANDS.includes(cmd as Command)) throw new UsageError(`unknown command '${cmd}'`);
    const command = cmd as Command;
    if (wantsHelp(rest)) { process.stdout.write(HELP[command]); return 0; }
    try {
      return await RUN[command](rest);
    } catch (e) {
      if (e instanceof UsageError && !e.command) throw new UsageError(e.message, command);
      throw e;
    }
  } catch (e) {
    const line = errorLine(e);
    if (line === undefined) throw e;
    process.stderr.write(`xv32: ${line}\n`);
    return 2;
  }
}

/** The one line for an error the user caused, or undefined for a bug (which keeps its trace). */
function errorLine(e: unknown): string | undefined {
  if (e instanceof UsageError) {
    return `${e.message} (see 'xv32 ${e.command ? e.command + ' ' : ''}--help')`;
  }
  if (e instanceof InputError || e instanceof ElfError) return e.message;
  if (e instanceof KernelModelError) return `--check: ${e.message}`;
  return fileErrorMessage(e);
}

const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));
