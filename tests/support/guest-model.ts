// Runs a shell command line in the guest (the committed images, a disk in memory, the virtual
// clock) with the kernel model watching: `onEvent` sees the model at every process event, while
// the machine is stopped at that event.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';
import { Machine, parseElf, BufferConsole, MemoryDisk } from './emulator.js';
import { EventChecker, type CheckFailure } from '../../kernel-model/event-checker.js';
import type { KernelModel, KernelEvent } from '../../kernel-model/kernel-model.js';

export interface ModelRun { output: string; exitCode: number; checker: EventChecker; failure?: CheckFailure }

const image = (name: string) => parseElf(readFileSync(join(ROOT, 'images', name)));

export function runWithModel(cmd: string, opts: {
  forkMode?: 'copy' | 'cow' | 'odf';
  sbrkMode?: 'eager' | 'lazy';
  memMiB?: number;
  onEvent?: (e: KernelEvent, model: KernelModel, machine: InstanceType<typeof Machine>) => void;
} = {}): ModelRun {
  const console = new BufferConsole();
  const disk = new MemoryDisk(new Uint8Array(readFileSync(join(ROOT, 'images/fs.img'))));
  const machine = new Machine({ console, disk, ramBytes: (opts.memMiB ?? 32) * 1024 * 1024 });
  const kernel = image('kernel.elf');
  machine.bootImages(image('firmware.elf'), kernel, cmd, { forkMode: opts.forkMode, sbrkMode: opts.sbrkMode });
  let failure: CheckFailure | undefined;
  const checker = new EventChecker(machine, kernel, (f) => { failure = f; },
    (e, model) => opts.onEvent?.(e, model, machine));
  for (let budget = 0; !machine.halted; budget++) {
    if (budget > 2000) throw new Error(`the guest did not finish: ${console.text().slice(-200)}`);
    machine.run(2_000_000);
  }
  return { output: console.text(), exitCode: machine.exitCode, checker, failure };
}
