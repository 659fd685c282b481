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

const CTRL_A = 1;
const CTRL_D = 4;
/** After input ends, this much idle time (ms) means the guest is done. */
const IDLE_AFTER_EOF_MS = 500;

/** The Ctrl-A keys, listed by Ctrl-A h (QEMU's wording where QEMU has the key). */
export const ESCAPE_KEYS_HELP = `C-a h    print this help
C-a x    exit emulator
C-a m    print every process's memory map and the page totals, read from RAM by the kernel model
C-a C-a  sends C-a
`;

export async function bootCommand(args: string[]): Promise<number> {
  const { opts, rest } = parseGuestArgs(args);
  if (rest.length) throw new UsageError(rest[0].startsWith('-') ? `unknown option ${rest[0]}` : `unexpected argument ${rest[0]}`);
  const guest = makeGuest(opts, new StdoutConsole(), 'host');
  const m = guest.machine;
  const model = guest.model;
  const tty = process.stdin.isTTY === true;
  const say = (text: string) => process.stdout.write('\r\n' + text.replace(/\n/g, '\r\n'));
  let quit = false, escape = false;
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
        else if (c === CTRL_A) out.push(CTRL_A);
        continue;
      }
      if (c === CTRL_A) { escape = true; continue; }
      out.push(c);
    }
    return Uint8Array.from(out);
  };
  const input = new StdinFeed(m.uart, { terminal: true, filter, atEnd: () => m.uart.receive(Uint8Array.of(CTRL_D)) });
  if (tty) process.stdin.setRawMode(true);
  const restore = () => { if (tty) process.stdin.setRawMode(false); };
  process.on('exit', restore);
  let idleSince = 0;
  let gdb: GdbServer | undefined;
  try {
    gdb = await GdbServer.start(m, opts.gdb, { running: () => model.runningName() });
    while (!m.halted && !quit) {
      if (gdb?.attached) { await gdb.drive(100_000); await input.poll(); continue; }
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
