// Our own ISA tests (tests/isa/*.S) run on xv32: each reports PASS through the UART and ends with
// tohost = 1; a failing check ends it with the check's number.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ISA_BUILD, isaTestNames } from '../support/paths.js';
import { runOnXv32 } from '../support/run-elf.js';

describe('ISA tests on xv32', () => {
  for (const name of isaTestNames()) {
    it(`${name} passes every check`, () => {
      const r = runOnXv32(join(ISA_BUILD, `${name}.elf`));
      expect(r.output.split('\n')[0], r.output).toBe('PASS');
      expect(r.exitCode).toBe(0);
    });
  }
});
