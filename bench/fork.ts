// The fork-cost lab's driver: boots the committed images, runs the guest's forkbench over modes
// (copy, cow, odf fork; vfork; spawn), heap sizes and access patterns after the fork, and collects one
// record per run. The counts are the guest's (rdinstret, the kernel's memstat counters), on the
// virtual clock, so they repeat exactly; the kernel's TLB-flush count is checked against the
// emulator's count of sfence.vma over the whole run.
import { Machine } from '../emulator/machine.js';
import { committedImages } from './boot.js';
import { MemoryDisk } from '../emulator/devices/block-backend.js';
import { RAM_BASE } from '../emulator/memory/bus.js';
import { PhysicalMemory } from '../kernel-model/physical-memory.js';

/** guest/kernel/syscall.h and kmodel.h: the calls timed, and the kernel's reports of them. */
const SYS_fork = 1, SYS_vfork = 28;
const KMODEL_FORK = 1, KMODEL_VFORK = 2;

export const FORK_MODES = ['copy', 'cow', 'odf', 'vfork', 'spawn'] as const;
export const PATTERNS = ['exit', 'read', 'write1', 'write10', 'writeall', 'exec', 'parentwrite'] as const;
export const SIZES_KIB = [64, 1024, 4096, 16384, 65536];

export interface ForkRecord {
  mode: string; sizeBytes: number; pattern: string;
  /** Guest instructions the kernel retired inside the call making the child (fork runs with
   *  interrupts off, so only its own; for vfork, up to where the parent sleeps). */
  forkInstret: number;
  /** All instructions retired from just before the call until it returns in the parent
   *  (whatever the scheduler ran in between included: for vfork, the child until it execs or exits). */
  callInstret: number;
  /** ... until the child's first instruction (0 for spawn, whose child is another program). */
  firstRunInstret: number;
  /** ... until the parent has reaped the child. */
  reapInstret: number;
  pagesCopied: number; ptesWritten: number; ptPagesAllocated: number;
  faults: { cow: number; lazy: number };
  tlbFlushes: number;
  /** Host nanoseconds from the parent's fork or vfork system call to the kernel's report that
   *  the child exists: median over the runs, and the spread (max - min). Not deterministic, so
   *  absent from --counts-only; undefined for spawn, which the kernel does not report. */
  hostNsMedian?: number; hostNsSpread?: number;
}

export interface ForkPlan { modes: readonly string[]; sizesKiB: number[]; patterns: readonly string[] }

export const FULL_PLAN: ForkPlan = { modes: FORK_MODES, sizesKiB: SIZES_KIB, patterns: PATTERNS };
export const QUICK_PLAN: ForkPlan = { modes: FORK_MODES, sizesKiB: [64, 1024], patterns: ['exit', 'writeall', 'exec'] };

/** RAM for every run, whatever the plan (so a run counts the same in any): room for 64 MiB twice. */
const RAM_BYTES = 256 * 1024 * 1024;

export function parseForkLine(line: string): ForkRecord | undefined {
  const f = Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
  if (!f.mode || f.kernel === undefined) return undefined;
  const n = (k: string) => Number(f[k]);
  return {
    mode: f.mode, sizeBytes: n('kib') * 1024, pattern: f.pattern,
    forkInstret: n('kernel'), callInstret: n('call'), firstRunInstret: n('first'), reapInstret: n('reap'),
    pagesCopied: n('copied'), ptesWritten: n('ptes'), ptPagesAllocated: n('ptpages'),
    faults: { cow: n('cowfaults'), lazy: n('lazyfaults') }, tlbFlushes: n('flushes'),
  };
}

/** The runs of a plan: vfork only exits or execs, spawn always execs. */
export function planRuns(plan: ForkPlan): { mode: string; kib: number; pattern: string }[] {
  const runs = [];
  for (const mode of plan.modes) {
    for (const kib of plan.sizesKiB) {
      for (const pattern of plan.patterns) {
        if (mode === 'spawn' && pattern !== 'exec') continue;
        if (mode === 'vfork' && pattern !== 'exit' && pattern !== 'exec') continue;
        runs.push({ mode, kib, pattern });
      }
    }
  }
  return runs;
}

/**
 * Runs forkbench once per run of the plan, each in a machine booted afresh, so that a record
 * never depends on what ran before it (the buffer cache, the free list, pids) and the same run
 * in two plans gives the same counts. Calls `progress` after each record.
 */
export function runForkBench(root: string, plan: ForkPlan, progress: (r: ForkRecord, done: number, total: number) => void = () => {},
  hostRuns = 0): ForkRecord[] {
  const { fw, kernel, disk } = committedImages(root);
  const runs = planRuns(plan);
  const records: ForkRecord[] = [];
  const once = (run: { mode: string; kib: number; pattern: string }, timed: boolean) => {
    let out = '';
    const m = new Machine({ console: { write(b) { out += String.fromCharCode(...b); } }, disk: new MemoryDisk(disk.slice()), ramBytes: RAM_BYTES });
    m.bootImages(fw, kernel, `forkbench ${run.mode} ${run.kib} ${run.pattern}`);
    // The last fork or vfork of the run is the measured one (forkbench forks its subject first).
    let start = 0, ns: number | undefined;
    if (timed) {
      m.hart.onUserEcall = () => { const n = m.hart.regs[17]; if (n === SYS_fork || n === SYS_vfork) start = performance.now(); };
      const probe = kernel.symbols.get('kmodel_probe')!;
      m.watchStore(probe, (event) => { if ((event === KMODEL_FORK || event === KMODEL_VFORK) && start) ns = (performance.now() - start) * 1e6; });
    }
    while (!m.halted) m.run(5_000_000);
    const r = parseForkLine(out);
    if (m.exitCode !== 0 || !r) throw new Error(`forkbench ${run.mode} ${run.kib} ${run.pattern} failed (status ${m.exitCode}): ${out.slice(-300)}`);
    // The kernel counts its sfence.vma; the hart counts those it executed: the same thing.
    const kernelFlushes = new PhysicalMemory(m.bus.u8, RAM_BASE).u32(kernel.symbols.get('tlb_flushes')!);
    if (kernelFlushes !== m.hart.sfences) throw new Error(`the kernel counted ${kernelFlushes} TLB flushes, the emulator ${m.hart.sfences}`);
    return { r, ns };
  };
  for (const run of runs) {
    const { r } = once(run, false);
    if (hostRuns > 0 && run.mode !== 'spawn') {
      const times = Array.from({ length: hostRuns }, () => once(run, true).ns!).sort((a, b) => a - b);
      r.hostNsMedian = Math.round(times[Math.floor(times.length / 2)]);
      r.hostNsSpread = Math.round(times[times.length - 1] - times[0]);
    }
    records.push(r);
    progress(r, records.length, runs.length);
  }
  return records;
}

/** The records as a Markdown table, sizes across, one row per mode and pattern. */
export function forkTable(records: ForkRecord[]): string {
  const sizes = [...new Set(records.map((r) => r.sizeBytes))].sort((a, b) => a - b);
  const rows = [...new Set(records.map((r) => `${r.mode} ${r.pattern}`))];
  const kib = (b: number) => (b >= 1 << 20 ? `${b >> 20} MiB` : `${b >> 10} KiB`);
  const lines = [
    `| mode | pattern | ${sizes.map((s) => `${kib(s)}: in the call / until reaped, pages copied`).join(' | ')} |`,
    `|---|---|${sizes.map(() => '---:').join('|')}|`,
  ];
  for (const row of rows) {
    const [mode, pattern] = row.split(' ');
    const cells = sizes.map((s) => {
      const r = records.find((x) => x.mode === mode && x.pattern === pattern && x.sizeBytes === s);
      return r ? `${r.forkInstret.toLocaleString('en-US')} / ${r.reapInstret.toLocaleString('en-US')}, ${r.pagesCopied}` : '';
    });
    lines.push(`| ${mode} | ${pattern} | ${cells.join(' | ')} |`);
  }
  const timed = records.filter((r) => r.hostNsMedian !== undefined && r.pattern === 'exit');
  if (timed.length) {
    lines.push('', 'Host time from the fork or vfork system call until the kernel reports the child (µs: median of 3 runs, spread):', '',
      `| mode | ${sizes.map(kib).join(' | ')} |`, `|---|${sizes.map(() => '---:').join('|')}|`);
    for (const mode of [...new Set(timed.map((r) => r.mode))]) {
      const cells = sizes.map((s) => {
        const r = timed.find((x) => x.mode === mode && x.sizeBytes === s);
        return r ? `${(r.hostNsMedian! / 1000).toFixed(0)} (±${(r.hostNsSpread! / 2000).toFixed(0)})` : '';
      });
      lines.push(`| ${mode} | ${cells.join(' | ')} |`);
    }
  }
  return lines.join('\n') + '\n';
}
