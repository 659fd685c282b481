// The reference machine: the same bare-metal ELFs on qemu-system-riscv32 (virt, our ISA) print
// the same bytes and exit with the same status as on xv32. The ISA tests print every computed
// value (their signature), so this compares QEMU's results, not just our expectations.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { BENCH_BUILD, ISA_BUILD, benchProgramNames, isaTestNames } from '../support/paths.js';
import { runOnQemu, runOnXv32 } from '../support/run-elf.js';

/** Tests of behaviour where QEMU 7.2 departs from the spec; each file's header says how. */
const SPEC_ONLY = new Set(['csr-spec-only', 'rv32a-faults', 'sv32-spec-only', 'triggers-spec-only']);

describe('xv32 and QEMU print the same', () => {
  for (const name of isaTestNames().filter((n) => !SPEC_ONLY.has(n))) {
    it(`ISA test ${name}`, () => {
      const elf = join(ISA_BUILD, `${name}.elf`);
      const q = runOnQemu(elf);
      const x = runOnXv32(elf);
      expect(x.output).toBe(q.output);
      expect(x.exitCode).toBe(q.exitCode);
      expect(q.output.startsWith('PASS')).toBe(true);
    });
  }
  for (const variant of ['', 'sv32/']) {
    for (const name of benchProgramNames()) {
      it(`benchmark program ${variant}${name}`, () => {
        const elf = join(BENCH_BUILD, `${variant}${name}.elf`);
        const q = runOnQemu(elf);
        const x = runOnXv32(elf, 5_000_000_000);
        expect(x.output).toBe(q.output);
        expect(x.exitCode).toBe(q.exitCode);
        expect(x.exitCode).toBe(0);
      });
    }
  }
});
