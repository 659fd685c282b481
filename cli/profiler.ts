// `--profile` for run and exec: where guest time went (the pc sampled every PROFILE_SLICE
// instructions, by mode and by the nearest ELF symbol below it: firmware, kernel, or the user
// program running, whose ELF is read from the disk) and where host time went (instructions run
// in compiled blocks or interpreted, blocks compiled and the time that took, page walks, device
// accesses). Sampling at the ends of slices of a prime length does not lock onto a loop.
import type { Machine } from '../emulator/machine.js';
import type { ElfImage } from '../emulator/loader/elf.js';
import { PRV_M, PRV_S } from '../emulator/cpu/riscv.js';

/** Instructions between samples (a prime). */
export const PROFILE_SLICE = 9_973;

/** Symbols of one ELF, sorted by address, for nearest-below lookups. */
export class SymbolTable {
  private readonly addrs: number[];
  private readonly names: string[];

  constructor(image: ElfImage) {
    const entries = [...image.symbols.entries()].filter(([n]) => n && !n.startsWith('.L') && !n.startsWith('$'))
      .map(([n, a]) => [n, a >>> 0] as const).sort((x, y) => x[1] - y[1]);
    this.addrs = entries.map((e) => e[1]);
    this.names = entries.map((e) => e[0]);
  }

  /** The symbol at or below pc, or undefined. */
  lookup(pc: number): string | undefined {
    let lo = 0, hi = this.addrs.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.addrs[mid] <= pc) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found < 0 ? undefined : this.names[found];
  }
}

export interface ProfileSources {
  /** Symbols for M-mode (the firmware, or a bare-metal program) and S-mode (the kernel). */
  machine?: SymbolTable;
  supervisor?: SymbolTable;
  /** The user program running now and its symbols (exec: the kernel model's running process). */
  user?: () => { name: string; symbols?: SymbolTable } | undefined;
}

export class Profiler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private readonly t0 = performance.now();

  constructor(private readonly m: Machine, private readonly sources: ProfileSources) {}

  /** Records where the hart is (call after each slice of PROFILE_SLICE instructions). */
  sample(): void {
    const h = this.m.hart, pc = h.pc >>> 0;
    let key: string;
    if (h.priv === PRV_M) key = `M  ${this.sources.machine?.lookup(pc) ?? hex(pc)}`;
    else if (h.priv === PRV_S) key = `S  ${this.sources.supervisor?.lookup(pc) ?? hex(pc)}`;
    else {
      const u = this.sources.user?.();
      key = `U  ${u ? `${u.name}: ${u.symbols?.lookup(pc) ?? hex(pc)}` : hex(pc)}`;
    }
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.samples++;
  }

  /** The report, for stderr: the top functions and the host's share of the work. */
  report(top = 20): string {
    const h = this.m.hart, seconds = (performance.now() - this.t0) / 1000;
    const lines = [`xv32: profile: ${this.samples.toLocaleString('en-US')} samples, one every ${PROFILE_SLICE.toLocaleString('en-US')} guest instructions`];
    lines.push('  guest time (mode, function):');
    for (const [k, n] of [...this.counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      lines.push(`  ${(100 * n / Math.max(1, this.samples)).toFixed(1).padStart(6)}%  ${k}`);
    }
    const insns = Math.max(1, h.insns), compiled = h.compiledInsns;
    lines.push(`  host time: ${seconds.toFixed(2)} s for ${h.insns.toLocaleString('en-US')} instructions; ` +
      `${(100 * compiled / insns).toFixed(1)}% of them in compiled blocks, ${(100 - 100 * compiled / insns).toFixed(1)}% interpreted; ` +
      `${h.blocksCompiled.toLocaleString('en-US')} blocks compiled in ${h.compileMs.toFixed(0)} ms, ` +
      `${(compiled / Math.max(1, h.blockCalls)).toFixed(1)} instructions per call into one; ` +
      `${h.walks.toLocaleString('en-US')} page walks; ${h.deviceAccesses.toLocaleString('en-US')} device accesses`);
    return lines.join('\n') + '\n';
  }
}

const hex = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;
