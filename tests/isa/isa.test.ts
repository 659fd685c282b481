// Our own ISA tests (tests/isa/*.S) run on xv32: each reports PASS through the UART and ends with
// tohost = 1; a failing check ends it with the check's number.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ISA_BUILD, isaTestNames } from '../support/paths.js';
import { runOnXv32, type ExecMode } from '../support/run-elf.js';

// Each test runs twice: in the interpreter alone, and with every block compiled on its first
// entry, so both execution engines are held to every check. Their signatures must agree too.
for (const mode of ['interpreter', 'compile-all'] as ExecMode[]) {
  describe(`ISA tests on xv32 (${mode})`, () => {
    for (const name of isaTestNames()) {
      it(`${name} passes every check`, () => {
        const r = runOnXv32(join(ISA_BUILD, `${name}.elf`), 50_000_000, mode);
        expect(r.output.split('\n')[0], r.output).toBe('PASS');
        expect(r.exitCode).toBe(0);
        expect(r.output).toBe(runOnXv32(join(ISA_BUILD, `${name}.elf`), 50_000_000, 'default').output);
      });
    }
  });
}
