// The firmware's SBI as a kernel sees it, on xv32 and on QEMU (-bios firmware.elf): base
// extension probes, the legacy console, a timer interrupt through TIME, and SRST's status.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/paths.js';
import { QEMU_CPU } from '../../bench/mips.js';
import { BufferConsole, Machine, parseElf } from '../support/emulator.js';
import { CHILD_TIMEOUT_MS } from '../support/timeouts.js';

const firmware = join(ROOT, 'images/firmware.elf');
const client = join(ROOT, 'build/firmware-tests/sbi-client.elf');

describe('the firmware (M-mode SBI)', () => {
  it('serves an S-mode client the same on xv32 and QEMU', () => {
    const con = new BufferConsole();
    const m = new Machine({ console: con });
    m.bootImages(parseElf(readFileSync(firmware)), parseElf(readFileSync(client)));
    while (!m.halted && m.hart.insns < 1e8) if (m.run(1e6) === 'idle') break;
    const q = spawnSync('qemu-system-riscv32', ['-machine', 'virt', '-cpu', QEMU_CPU, '-nographic', '-bios', firmware,
      '-kernel', client], { encoding: 'latin1', timeout: CHILD_TIMEOUT_MS });
    expect(con.text()).toBe(q.stdout);
    expect(m.exitCode).toBe(3);
    expect(q.status).toBe(3);
    expect(con.text()).toContain('spec version 01000000\n');
    expect(con.text()).toContain('probe an unknown extension 00000000\n');
    expect(con.text()).toContain('timer interrupts 00000001\n');
    expect(con.text()).not.toContain('still running');
  });
});
