// Random system calls with bad pointers, kernel addresses, random fds, sizes and paths
// (guest/user/sysfuzz.c): each round's child must survive 1,000 of them, the kernel answering -1,
// and the machine must go on to power off normally.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/paths.js';
import { Machine, parseElf, BufferConsole, MemoryDisk } from '../support/emulator.js';
import { SOAK_TIMEOUT_MS, soak } from '../support/soak.js';

const ROUNDS = soak(20, 10_000);

describe('system calls with random arguments', () => {
  it(`${(ROUNDS * 1000).toLocaleString('en-US')} of them, and no panic`, () => {
    const console = new BufferConsole();
    const image = (name: string) => parseElf(readFileSync(join(ROOT, 'images', name)));
    const m = new Machine({ console, disk: new MemoryDisk(new Uint8Array(readFileSync(join(ROOT, 'images/fs.img')))), ramBytes: 32 << 20 });
    m.bootImages(image('firmware.elf'), image('kernel.elf'), `sysfuzz ${ROUNDS} 7; echo after`);
    while (!m.halted) m.run(20_000_000);
    expect(console.text()).toContain(`sysfuzz: ${ROUNDS} of ${ROUNDS} rounds of 1000 random system calls survived`);
    expect(console.text()).toContain('after');
    expect(console.text()).not.toMatch(/panic/);
  }, SOAK_TIMEOUT_MS);
});
