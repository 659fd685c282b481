// Compiled blocks must run exactly the instructions the interpreter runs: for each CPU-bound
// program, the same output and the same counts of instructions, loads and stores, with and without.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { BENCH_BUILD, ROOT, benchProgramNames } from '../support/paths.js';
import { runOnXv32 } from '../support/run-elf.js';

describe('compiled blocks and the interpreter agree', () => {
  // Each program bare in M-mode, and in S-mode under Sv32 (sv32/), where loads and stores go
  // through translated TLB entries.
  // And the branchy set (bench/branchy), whose short blocks end in branches and calls.
  const branchy = readdirSync(join(ROOT, 'bench/branchy')).filter((f) => f.endsWith('.c')).map((f) => `branchy/small/${f.slice(0, -2)}`);
  for (const name of [...benchProgramNames(), ...benchProgramNames().map((n) => `sv32/${n}`), ...branchy]) {
    it(`${name}: same output and instruction count`, () => {
      const elf = join(BENCH_BUILD, `${name}.elf`);
      const jit = runOnXv32(elf, 5e9, 'default');
      const all = runOnXv32(elf, 5e9, 'compile-all');
      const interp = runOnXv32(elf, 5e9, 'interpreter');
      expect(jit.exitCode).toBe(0);
      expect(jit.output).toBe(interp.output);
      expect(all.output).toBe(interp.output);
      expect(jit.insns).toBe(interp.insns);
      expect(all.insns).toBe(interp.insns);
      expect([jit.loads, jit.stores]).toEqual([interp.loads, interp.stores]);
      expect([all.loads, all.stores]).toEqual([interp.loads, interp.stores]);
      expect(interp.loads).toBeGreaterThan(0);
    });
  }
});
