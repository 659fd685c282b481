// The emulator's public surface, bundled by esbuild into dist/emulator.mjs for hosts and tests.
export { Machine, CYCLES_PER_TICK, type StopReason, type MachineOptions } from './machine.js';
export { parseElf, ElfError, type ElfImage } from './loader/elf.js';
export { BufferConsole, type HostConsole } from './host/console.js';
export { MemoryDisk, type BlockBackend } from './devices/block-backend.js';
export { disassemble } from './cpu/disasm.js';
export { encodeSnapshot, decodeSnapshot, SnapshotError, type Snapshot } from './snapshot/snapshot-file.js';
