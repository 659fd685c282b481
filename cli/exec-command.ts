// `xv32 exec [options] -- CMD ARGS...`: boots, runs one shell command line in the guest (the
// words after -- joined with spaces), prints its output and exits with its status. stdin, if a
// pipe or file, is the guest's console input (its end is a ^D). Runs on the virtual clock, so
// a run repeats exactly. --timeout (host seconds) and --max-insns (guest instructions) stop a
// run that goes on too long, with status 124 as timeout(1).
import { StderrConsole, StdoutConsole, StdinFeed } from '../emulator/host/node-console.js';
import { checkSummary, makeGuest, parseGuestArgs } from './guest.js';
import { UsageError } from './usage.js';
import { EXIT_TIMEOUT, parseCount } from './run-command.js';
import { GdbServer } from './gdb-server.js';
import { PROFILE_SLICE, Profiler, SymbolTable } from './profiler.js';
import { parseElf, ElfError } from '../emulator/loader/elf.js';
import { FsImage, FsImageError } from '../kernel-model/fs-image.js';
import { IMAGES, type Guest } from './guest.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A profiler of the guest: the firmware's and kernel's symbols, and each user program's from
 * its ELF on the guest's disk (read once per name, at its first sample). */
function guestProfiler(guest: Guest): Profiler {
  const user = new Map<string, SymbolTable | undefined>();
  const symbolsOf = (name: string): SymbolTable | undefined => {
    if (!user.has(name)) {
      let table: SymbolTable | undefined;
      try {
        const disk = guest.disk.read(0, guest.disk.size);
        table = new SymbolTable(parseElf(new FsImage(disk).read('/' + name)));
      } catch (e) {
        if (!(e instanceof ElfError || e instanceof FsImageError)) throw e; // not a program on the disk: addresses only
      }
      user.set(name, table);
    }
    return user.get(name);
  };
  return new Profiler(guest.machine, {
    machine: new SymbolTable(parseElf(readFileSync(join(IMAGES, 'firmware.elf')))),
    supervisor: new SymbolTable(guest.kernel),
    user: () => {
      const name = guest.model.runningName();
      return name ? { name, symbols: symbolsOf(name) } : undefined;
    },
  });
}

const CTRL_D = 4;
/** The kernel command line holds this much (the device tree's bootargs, read by init). */
const MAX_CMDLINE = 1000; // guest/kernel/param.h BOOTARGS_MAX, less room to spare

export async function execCommand(args: string[]): Promise<number> {
  const dash = args.indexOf('--');
  const { opts, rest } = parseGuestArgs(dash >= 0 ? args.slice(0, dash) : args);
  let timeoutMs = Infinity, maxInsns = Infinity, profile = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--timeout') {
      const v = Number(rest[++i]);
      if (rest[i] === undefined || !(v > 0)) throw new UsageError(`--timeout needs a number of seconds` + (rest[i] === undefined ? '' : `, not '${rest[i]}'`));
      timeoutMs = v * 1000;
    } else if (a === '--max-insns') {
      maxInsns = parseCount(a, rest[++i]);
    } else if (a === '--profile') {
      profile = true;
    } else if (a.startsWith('-')) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      throw new UsageError(`the command goes after --: xv32 exec -- ${rest.slice(i).join(' ')}`);
    }
  }
  const words = dash >= 0 ? args.slice(dash + 1) : [];
  if (words.length === 0) throw new UsageError('exec needs a command after --');
  const cmdline = words.join(' ');
  if (cmdline.length > MAX_CMDLINE) throw new UsageError(`the command line is too long (at most ${MAX_CMDLINE} characters; put longer ones in a script)`);
  const guest = makeGuest(opts, new StdoutConsole(), 'virtual', cmdline, new StderrConsole());
  const m = guest.machine;
  // A terminal is read too, as it is (cooked: lines on Enter, Ctrl-D ends the input).
  const input = new StdinFeed(m.uart, { terminal: true, atEnd: () => m.uart.receive(Uint8Array.of(CTRL_D)) });
  const deadline = performance.now() + timeoutMs;
  const profiler = profile ? guestProfiler(guest) : undefined;
  const slice = profiler ? PROFILE_SLICE : 2_000_000;
  let stopped = '';
  let gdb: GdbServer | undefined;
  try {
    gdb = await GdbServer.start(m, opts.gdb, { running: () => guest.model.runningName() });
    while (!m.halted) {
      if (gdb?.attached) await gdb.drive(Math.min(100_000, maxInsns - m.hart.insns));
      else {
        m.run(Math.min(slice, maxInsns - m.hart.insns));
        profiler?.sample();
      }
      if (m.hart.insns >= maxInsns) { stopped = `stopped after ${maxInsns} instructions (--max-insns)`; break; }
      if (performance.now() >= deadline) { stopped = `stopped after ${timeoutMs / 1000} s (--timeout)`; break; }
      await input.poll();
    }
  } finally {
    gdb?.close();
    input.close();
    guest.cleanup();
  }
  if (stopped) {
    process.stderr.write(`\nxv32: exec: ${stopped}\n`);
    return EXIT_TIMEOUT;
  }
  if (profiler) process.stderr.write(profiler.report());
  const summary = checkSummary(guest);
  if (summary) process.stderr.write(summary + '\n');
  return m.exitCode;
}
