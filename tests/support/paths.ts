import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const ISA_BUILD = join(ROOT, 'build/isa');
export const BENCH_BUILD = join(ROOT, 'build/bench');
export const CLI = join(ROOT, 'bin/xv32.mjs');

/** Names of the ISA tests (tests/isa/NAME.S). */
export function isaTestNames(): string[] {
  return readdirSync(join(ROOT, 'tests/isa')).filter((f) => f.endsWith('.S')).map((f) => f.slice(0, -2)).sort();
}

/** Names of the benchmark programs (bench/programs/NAME.c). */
export function benchProgramNames(): string[] {
  return readdirSync(join(ROOT, 'bench/programs')).filter((f) => f.endsWith('.c') && !f.startsWith('_'))
    .map((f) => f.slice(0, -2)).sort();
}
