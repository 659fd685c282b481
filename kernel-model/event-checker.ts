// `--check`: the kernel model checks the invariants at every process event the kernel reports
// (fork, vfork, exec, exit, reap, sync), each at a moment when no process has memory half-changed;
// after sync, also that shared-mapped files on the disk match their cache pages.
import type { Machine } from '../emulator/machine.js';
import { RAM_BASE } from '../emulator/memory/bus.js';
import type { ElfImage } from '../emulator/loader/elf.js';
import { KernelModel, KernelModelError, type KernelEvent, type KernelState } from './kernel-model.js';
import type { Violation } from './invariants.js';
import { checkSynced } from './synced-files.js';
import type { BlockBackend } from '../emulator/devices/block-backend.js';

export interface CheckFailure { event: KernelEvent; name: string; violations: Violation[] }

export class EventChecker {
  readonly model: KernelModel;
  /** Checks run, by event name. */
  readonly counts: Record<string, number> = {};
  checks = 0;
  failure?: CheckFailure;

  /**
   * Watches the kernel's probe in `machine` (booted with `kernel`). After each event `onEvent`
   * may look at the model; then the invariants are checked, and the first failure stops the
   * machine (exit status 3) after `onFailure` has reported it.
   */
  constructor(machine: Machine, kernel: ElfImage, onFailure: (f: CheckFailure) => void,
    onEvent: (e: KernelEvent, model: KernelModel) => void = () => {}, disk?: BlockBackend) {
    this.model = new KernelModel(machine.bus.u8, RAM_BASE, kernel.symbols);
    machine.watchStore(this.model.probeAddress, () => {
      if (this.failure) return;
      const event = this.model.lastEvent();
      onEvent(event, this.model);
      let state: KernelState | undefined;
      let violations: Violation[];
      try {
        state = this.model.snapshot();
        violations = this.model.check(state);
        if (event.event === 'sync' && disk) violations.push(...checkSynced(state, this.model.mem, disk.read(0, disk.size)));
      } catch (e) {
        if (!(e instanceof KernelModelError)) throw e;
        violations = [{ rule: 'unreadable', pid: event.pid, page: 0, message: e.message }];
      }
      this.checks++;
      this.counts[event.event] = (this.counts[event.event] ?? 0) + 1;
      if (violations.length) {
        const name = state?.processes.find((p) => p.pid === event.pid)?.name ?? '';
        this.failure = { event, name, violations };
        onFailure(this.failure);
        machine.halt(3, 'check');
      }
    });
  }

  /** One line saying what was checked. */
  summary(): string {
    const by = Object.entries(this.counts).map(([e, n]) => `${n} ${e}`).join(', ');
    return `${this.checks} checks (${by || 'no process events'})`;
  }
}

/** The report of a failure: which event, and the first violation with its pid, page and rule. */
export function describeFailure(f: CheckFailure): string {
  const v = f.violations[0];
  const more = f.violations.length > 1 ? ` (and ${f.violations.length - 1} more)` : '';
  const who = f.name ? `pid ${f.event.pid} (${f.name})` : `pid ${f.event.pid}`;
  return `after ${f.event.event} of ${who}: rule ${v.rule}: ${v.message}${more}`;
}
