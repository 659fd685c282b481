// Boot time: host time and guest instructions from reset to the shell's first prompt, with the
// committed firmware, kernel and disk image (the virtual clock, so the instruction count repeats).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine } from '../emulator/machine.js';
import { parseElf, type ElfImage } from '../emulator/loader/elf.js';
import { MemoryDisk } from '../emulator/devices/block-backend.js';

export interface BootFigure { seconds: number; instructions: number }

/** The committed firmware and kernel, parsed, and the built-in disk's bytes. */
export function committedImages(root: string): { fw: ElfImage; kernel: ElfImage; disk: Uint8Array } {
  const image = (name: string) => parseElf(readFileSync(join(root, 'images', name)));
  return { fw: image('firmware.elf'), kernel: image('kernel.elf'), disk: new Uint8Array(readFileSync(join(root, 'images/fs.img'))) };
}

export function measureBoot(root: string, runs = 5): BootFigure {
  const { fw, kernel, disk } = committedImages(root);
  const results: BootFigure[] = [];
  for (let i = 0; i < runs; i++) {
    let seen = '';
    const m = new Machine({ console: { write(b) { seen += String.fromCharCode(...b); } }, disk: new MemoryDisk(disk.slice()) });
    const t0 = performance.now();
    m.bootImages(fw, kernel);
    // Steps of 1,000 instructions: the count is the prompt's to within a step (the console's
    // output is seen at the end of each).
    while (!seen.includes('$ ')) {
      if (m.run(1_000) !== 'budget' || m.hart.insns > 1e9) throw new Error('the guest did not reach its prompt');
    }
    results.push({ seconds: (performance.now() - t0) / 1000, instructions: m.hart.insns });
  }
  results.sort((a, b) => a.seconds - b.seconds);
  return results[Math.floor(runs / 2)];
}
