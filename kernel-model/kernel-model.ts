// The kernel model: the guest kernel's memory bookkeeping read from the machine's RAM, with
// kernel.elf's symbols to find it. Snapshots, invariant checks and process maps from outside.
import { readLayout, type KernelLayout } from './layout.js';
import { readKernelState, STATE_NAMES, type KernelState } from './kernel-state.js';
import { checkInvariants, type Violation } from './invariants.js';
import { formatPmap, processMaps, type MapEntry } from './process-maps.js';
import { KernelModelError, PhysicalMemory } from './physical-memory.js';

/** Process events the kernel reports through kmodel_probe (guest/kernel/kmodel.h). */
export const KMODEL_EVENTS: Record<number, string> = { 1: 'fork', 2: 'vfork', 3: 'exec', 4: 'exit', 5: 'reap', 6: 'sync' };

export interface KernelEvent { event: string; pid: number; seq: number }

export class KernelModel {
  readonly mem: PhysicalMemory;
  readonly layout: KernelLayout;
  /** Physical address of kmodel_probe.event, the word the kernel writes at each event. */
  readonly probeAddress: number;

  constructor(ram: Uint8Array, ramBase: number, symbols: Map<string, number>) {
    this.mem = new PhysicalMemory(ram, ramBase);
    const table = symbols.get('kmodel_layout');
    const probe = symbols.get('kmodel_probe');
    if (table === undefined || probe === undefined) throw new KernelModelError('kernel.elf has no kmodel_layout or kmodel_probe symbol');
    this.layout = readLayout(this.mem, table);
    this.probeAddress = probe;
  }

  /** The event the kernel just reported (read as the probe's store lands). */
  lastEvent(): KernelEvent {
    const code = this.mem.u32(this.probeAddress);
    return { event: KMODEL_EVENTS[code] ?? `event ${code}`, pid: this.mem.u32(this.probeAddress + 4), seq: this.mem.u32(this.probeAddress + 8) };
  }

  snapshot(): KernelState { return readKernelState(this.mem, this.layout); }

  /** The name of the process the hart runs now (state running), without a whole snapshot. */
  runningName(): string | undefined {
    const L = this.layout, running = STATE_NAMES.indexOf('running');
    for (let i = 0; i < L.nproc; i++) {
      const p = L.proc_addr + i * L.proc_size;
      if (this.mem.u32(p + L.proc_state) === running) return this.mem.cstring(p + L.proc_name, L.proc_name_size);
    }
    return undefined;
  }

  check(state = this.snapshot()): Violation[] { return checkInvariants(state); }

  maps(pid: number, state = this.snapshot()): MapEntry[] | undefined { return processMaps(state, pid); }

  /** What `pmap [-x] pid` would print in the guest right now. */
  pmap(pid: number, extended = true, state = this.snapshot()): string | undefined {
    const m = processMaps(state, pid);
    return m && formatPmap(pid, m, extended);
  }
}

export { KernelModelError };
export type { Violation, KernelState, MapEntry };
