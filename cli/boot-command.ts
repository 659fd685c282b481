// `xv32 boot [--mem MiB] [--disk IMG] ...`: the guest on this terminal, on the host's clock.
// On a terminal: raw mode, every key to the guest, Ctrl-A x quits (as in QEMU) and restores
// the terminal; Ctrl-A m prints the kernel model's view of every process's memory. With piped
// input: the input is typed to the guest, and once it has ended and the guest has been idle for
// a moment, xv32 powers off.
import { StdoutConsole } from '../emulator/host/node-console.js';
import { checkSummary, makeGuest, parseGuestArgs } from './guest.js';
import { UsageError } from './usage.js';
import { KernelModel } from '../kernel-model/kernel-model.js';
import { memoryReport } from '../kernel-model/memory-report.js';
import { RAM_BASE } from '../emulator/memory/bus.js';

const CTRL_A = 1;
const CTRL_D = 4;
/** After input ends, this much idle time (ms) means the guest is done. */
const IDLE_AFTER_EOF_MS = 500;

export async function bootCommand(args: string[]): Promise<number> {
  const { opts, rest } = parseGuestArgs(args);
  if (rest.length) throw new UsageError(`unknown option ${rest[0]}`);
  const guest = makeGuest(opts, new StdoutConsole(), 'host');
  const m = guest.machine;
  const model = guest.checker?.model ?? new KernelModel(m.bus.u8, RAM_BASE, guest.kernel.symbols);
  const tty = process.stdin.isTTY === true;
  let quit = false, ended = false, escape = false;
  let wake: (() => void) | undefined;
  const onData = (b: Buffer) => {
    const out: number[] = [];
    for (const c of b) {
      if (tty && escape) {
        escape = false;
        if (c === 0x78 /* x */) { quit = true; break; }
        if (c === 0x6d /* m */) {
          const text = memoryReport(model.snapshot());
          process.stdout.write('\r\n[xv32: memory, from outside]\r\n' + text.replace(/\n/g, '\r\n'));
          continue;
        }
        if (c === CTRL_A) out.push(CTRL_A); // Ctrl-A Ctrl-A sends one Ctrl-A
        continue;
      }
      if (tty && c === CTRL_A) { escape = true; continue; }
      out.push(c);
    }
    if (out.length) m.uart.receive(Uint8Array.from(out));
    wake?.();
  };
  const onEnd = () => { ended = true; m.uart.receive(Uint8Array.of(CTRL_D)); wake?.(); };
  if (tty) process.stdin.setRawMode(true);
  process.stdin.on('data', onData);
  process.stdin.on('end', onEnd);
  const restore = () => { if (tty) process.stdin.setRawMode(false); };
  process.on('exit', restore);
  let idleSince = 0;
  try {
    while (!m.halted && !quit) {
      const stop = m.run(5_000_000);
      if (stop === 'idle') {
        const now = performance.now();
        if (!idleSince) idleSince = now;
        if (ended && m.uart.rxPending === 0 && now - idleSince >= IDLE_AFTER_EOF_MS) break;
        const ms = Math.min(m.msUntilTimer(), ended ? IDLE_AFTER_EOF_MS : 1000);
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => { wake = undefined; resolve(); }, Math.max(1, ms));
          wake = () => { clearTimeout(t); wake = undefined; resolve(); };
        });
      } else {
        idleSince = 0;
        await new Promise((r) => setImmediate(r));
      }
    }
  } finally {
    process.stdin.off('data', onData);
    process.stdin.off('end', onEnd);
    process.stdin.pause();
    restore();
    guest.cleanup();
  }
  if (quit) process.stdout.write('\r\nxv32: quit (Ctrl-A x)\r\n');
  const summary = checkSummary(guest);
  if (summary) process.stderr.write(summary + '\r\n');
  return m.halted ? m.exitCode : 0;
}
