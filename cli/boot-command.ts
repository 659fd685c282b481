// `xv32 boot [options]`: the guest on this terminal, on the host's clock.
// On a terminal: raw mode, every key to the guest (Ctrl-C included: the guest's console stops
// its foreground job), and Ctrl-A keys as QEMU's: x quits and restores the terminal, h lists the
// keys, m prints the kernel model's view of every process's memory. With piped input: the input
// is typed to the guest as fast as it reads it, and once it has ended and the guest has been
// idle for a moment, xv32 powers off.
import { StdoutConsole, StdinFeed } from '../emulator/host/node-console.js';
import { checkSummary, makeGuest, parseGuestArgs } from './guest.js';
import { UsageError } from './usage.js';
import { memoryReport } from '../kernel-model/memory-report.js';
import { GdbServer } from './gdb-server.js';
import { readSnapshotFile, writeSnapshotFile } from './snapshot-files.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGES } from './guest.js';

/** Options that a snapshot fixes: the machine it holds already has its RAM, disk and modes. */
const FIXED_BY_SNAPSHOT = ['--mem', '--disk', '--disk-size', '--snapshot', '--fork-mode', '--sbrk-mode', '--stack-max', '--add', '--fs', '--swap'];

/** Takes --save FILE and --restore FILE out of the arguments. */
function snapshotArgs(args: string[]): { save?: string; restore?: string; rest: string[] } {
  const out: { save?: string; restore?: string; rest: string[] } = { rest: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--save' || a === '--restore') {
      const v = args[++i];
      if (!v) throw new UsageError(`${a} needs a snapshot file`);
      out[a === '--save' ? 'save' : 'restore'] = v;
    } else out.rest.push(a);
  }
  if (out.restore) {
    const fixed = out.rest.find((a) => FIXED_BY_SNAPSHOT.includes(a));
    if (fixed) throw new UsageError(`${fixed} cannot change a restored machine (the snapshot holds its RAM, disk and modes)`);
  }
  return out;
}

const CTRL_A = 1;
const CTRL_D = 4;
/** After input ends, this much idle time (ms) means the guest is done. */
const IDLE_AFTER_EOF_MS = 500;

/** The Ctrl-A keys, listed by Ctrl-A h (QEMU's wording where QEMU has the key). */
export const ESCAPE_KEYS_HELP = `C-a h    print this help
C-a x    exit emulator
C-a m    print every process's memory map and the page totals, read from RAM by the kernel model
C-a s    save the whole machine to the --save file now (it is saved again on leaving)
C-a C-a  sends C-a
`;

export async function bootCommand(args: string[]): Promise<number> {
  const snapArgs = snapshotArgs(args);
  const { opts, rest } = parseGuestArgs(snapArgs.rest);
  if (rest.length) throw new UsageError(rest[0].startsWith('-') ? `unknown option ${rest[0]}` : `unexpected argument ${rest[0]}`);
  const kernelBytes = new Uint8Array(readFileSync(join(IMAGES, 'kernel.elf')));
  const restored = snapArgs.restore ? await readSnapshotFile(snapArgs.restore, kernelBytes) : undefined;
  const guest = makeGuest(opts, new StdoutConsole(), 'host', '', undefined, restored);
  const m = guest.machine;
  const model = guest.model;
  const tty = process.stdin.isTTY === true;
  const say = (text: string) => process.stdout.write('\r\n' + text.replace(/\n/g, '\r\n'));
  let quit = false, escape = false, saveNow = false;
  /** Takes the Ctrl-A keys out of what was typed; the rest goes to the guest. */
  const filter = (b: Buffer): Uint8Array => {
    if (!tty) return b;
    const out: number[] = [];
    for (const c of b) {
      if (escape) {
        escape = false;
        if (c === 0x78 /* x */) { quit = true; break; }
        if (c === 0x68 /* h */) say(ESCAPE_KEYS_HELP);
        else if (c === 0x6d /* m */) say('[xv32: memory, from outside]\n' + memoryReport(model.snapshot()));
        else if (c === 0x73 /* s */) saveNow = true;
        else if (c === CTRL_A) out.push(CTRL_A);
        continue;
      }
      if (c === CTRL_A) { escape = true; continue; }
      out.push(c);
    }
    return Uint8Array.from(out);
  };
  // With --save, the end of piped input does not end the shell (no ^D): the machine is saved as
  // it stands, at its prompt.
  const atEnd = snapArgs.save ? undefined : () => m.uart.receive(Uint8Array.of(CTRL_D));
  const input = new StdinFeed(m.uart, { terminal: true, filter, atEnd });
  const save = async () => {
    if (!snapArgs.save) say('xv32: no --save FILE was given, so there is nowhere to save the machine\n');
    else if (m.halted) say('xv32: not saved: the guest has powered off\n');
    else say(await writeSnapshotFile(snapArgs.save, m, kernelBytes) + '\n');
  };
  if (tty) process.stdin.setRawMode(true);
  const restore = () => { if (tty) process.stdin.setRawMode(false); };
  process.on('exit', restore);
  let idleSince = 0;
  let gdb: GdbServer | undefined;
  try {
    gdb = await GdbServer.start(m, opts.gdb, { running: () => model.runningName() });
    while (!m.halted && !quit) {
      if (gdb?.attached) { await gdb.drive(100_000); await input.poll(); continue; }
      if (saveNow) { saveNow = false; await save(); }
      const stop = m.run(5_000_000);
      if (stop === 'idle') {
        const now = performance.now();
        if (!idleSince) idleSince = now;
        if (input.ended && m.uart.rxPending === 0 && now - idleSince >= IDLE_AFTER_EOF_MS) break;
        await input.wait(Math.min(m.msUntilTimer(), input.ended ? IDLE_AFTER_EOF_MS : 1000));
      } else {
        idleSince = 0;
        await input.poll();
      }
    }
    if (snapArgs.save) await save();
  } finally {
    gdb?.close();
    input.close();
    restore();
    guest.cleanup();
  }
  if (quit) process.stdout.write('\r\nxv32: quit (Ctrl-A x)\r\n');
  const summary = checkSummary(guest);
  if (summary) process.stderr.write(summary + '\r\n');
  return m.halted ? m.exitCode : 0;
}
