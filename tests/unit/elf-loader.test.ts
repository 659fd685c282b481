// ELF loading: what is accepted, and a one-line reason for everything that is not.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ElfError, parseElf } from '../../emulator/loader/elf.js';
import { Machine } from '../../emulator/machine.js';
import { BufferConsole } from '../../emulator/host/console.js';
import { ISA_BUILD } from '../support/paths.js';

const good = () => new Uint8Array(readFileSync(join(ISA_BUILD, 'rv32i-alu.elf')));
const reason = (bytes: Uint8Array) => {
  try { new Machine({ console: new BufferConsole(), ramBytes: 1 << 20 }).load(parseElf(bytes)); } catch (e) {
    expect(e).toBeInstanceOf(ElfError);
    return (e as Error).message;
  }
  return 'accepted';
};

describe('ELF loader', () => {
  it('loads a test program: entry point, segments and the tohost symbol', () => {
    const img = parseElf(good());
    expect(img.entry).toBe(0x80000000);
    expect(img.symbols.get('tohost')).toBe(0x80001000);
    expect(img.segments.length).toBeGreaterThan(0);
  });
  it('says which rule a bad file breaks', () => {
    expect(reason(new TextEncoder().encode('#!/bin/sh\necho hi\n'))).toBe('not an ELF file');
    expect(reason(new Uint8Array(0))).toBe('not an ELF file');
    const b64 = good(); b64[4] = 2;
    expect(reason(b64)).toMatch(/not a 32-bit ELF/);
    const big = good(); big[5] = 2;
    expect(reason(big)).toMatch(/little-endian/);
    const x86 = good(); x86[18] = 3; x86[19] = 0;
    expect(reason(x86)).toMatch(/not a RISC-V ELF \(e_machine 3\)/);
    const rel = good(); rel[16] = 1;
    expect(reason(rel)).toMatch(/not an executable/);
    expect(reason(good().subarray(0, 40))).toBe('truncated ELF header');
    expect(reason(good().subarray(0, 200))).toMatch(/truncated|malformed/);
  });
  it('refuses a segment outside RAM instead of writing anywhere', () => {
    // 1 MiB of RAM: the test program's bss and stack fit, so move its first segment instead.
    const b = good();
    const dv = new DataView(b.buffer);
    const phoff = dv.getUint32(28, true), phnum = dv.getUint16(44, true);
    const PT_LOAD = 1;
    let ph = phoff;
    while (dv.getUint32(ph, true) !== PT_LOAD && ph < phoff + 32 * phnum) ph += 32;
    dv.setUint32(ph + 12, 0x1000, true); // p_paddr of the first loadable segment
    expect(reason(b)).toMatch(/segment at 0x1000 .* is outside RAM 0x80000000-0x800fffff/);
  });
});
