// The emulator as users run it: the esbuild bundle (const enums inlined, so the dispatch switch is
// a jump table), built by the global setup. Unit tests of single modules import the sources.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './paths.js';

type Lib = typeof import('../../emulator/index.js');
const lib = (await import(pathToFileURL(join(ROOT, 'dist/emulator.mjs')).href)) as Lib;
export const { Machine, parseElf, BufferConsole, MemoryDisk, encodeSnapshot, decodeSnapshot, SnapshotError } = lib;
