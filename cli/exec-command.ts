// `xv32 exec [options] -- CMD ARGS...`: boots, runs one shell command line in the guest (the
// words after -- joined with spaces), prints its output and exits with its status. stdin, if a
// pipe or file, is the guest's console input (its end is a ^D). Runs on the virtual clock, so
// a run repeats exactly.
import { StdoutConsole, StdinFeed } from '../emulator/host/node-console.js';
import { checkSummary, makeGuest, parseGuestArgs } from './guest.js';
import { UsageError } from './usage.js';

const CTRL_D = 4;

export async function execCommand(args: string[]): Promise<number> {
  const dash = args.indexOf('--');
  const { opts, rest } = parseGuestArgs(dash >= 0 ? args.slice(0, dash) : []);
  if (rest.length) throw new UsageError(`unknown option ${rest[0]}`);
  const words = dash >= 0 ? args.slice(dash + 1) : [];
  if (words.length === 0) throw new UsageError('exec needs a command after --');
  const cmdline = words.join(' ');
  if (cmdline.length > 250) throw new UsageError('the command line is too long (at most 250 characters)');
  const guest = makeGuest(opts, new StdoutConsole(), 'virtual', cmdline);
  const m = guest.machine;
  let ctrlDSent = false;
  const input = new StdinFeed(m, () => { if (!ctrlDSent) { ctrlDSent = true; m.uart.receive(Uint8Array.of(CTRL_D)); } });
  try {
    while (!m.halted) {
      m.run(2_000_000);
      await input.poll();
    }
  } finally {
    input.close();
    guest.cleanup();
  }
  const summary = checkSummary(guest);
  if (summary) process.stderr.write(summary + '\n');
  return m.exitCode;
}
