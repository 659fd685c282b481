// ELF32 RISC-V executables: parsed with elfy, checked, and loaded into RAM by physical address.
// Every problem becomes an ElfError with a one-line reason, never a crash of the emulator.
import elfy from 'elfy';

export const EM_RISCV = 243;
const ET_EXEC = 2;
const ELFCLASS32 = 1;
const ELFDATA2LSB = 1;
const SYM_SIZE = 16; // sizeof(Elf32_Sym)

export class ElfError extends Error {}

export interface ElfSegment { paddr: number; vaddr: number; data: Uint8Array; memsz: number; flags: number }
export interface ElfImage { entry: number; segments: ElfSegment[]; symbols: Map<string, number> }

interface ElfyProgram { type: string; offset: number; vaddr: number; paddr: number; filesz: number; memsz: number; flags: Record<string, boolean> }
interface ElfySection { name: string; type: string | number; data: Uint8Array; link: number }

/** Parses and checks a RISC-V ELF32 executable. Throws ElfError on anything malformed. */
export function parseElf(bytes: Uint8Array): ElfImage {
  if (bytes.length < 52) throw new ElfError(bytes.length < 4 || !isElfMagic(bytes) ? 'not an ELF file' : 'truncated ELF header');
  if (!isElfMagic(bytes)) throw new ElfError('not an ELF file');
  if (bytes[4] !== ELFCLASS32) throw new ElfError('not a 32-bit ELF (RV32 expected)');
  if (bytes[5] !== ELFDATA2LSB) throw new ElfError('not little-endian');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const machine = dv.getUint16(18, true);
  if (machine !== EM_RISCV) throw new ElfError(`not a RISC-V ELF (e_machine ${machine})`);
  if (dv.getUint16(16, true) !== ET_EXEC) throw new ElfError('not an executable (ET_EXEC) ELF');

  let parsed: { entry: number; body: { programs: ElfyProgram[]; sections: ElfySection[] } };
  try {
    parsed = elfy.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new ElfError(`malformed or truncated ELF (${(e as Error).message})`);
  }
  const segments: ElfSegment[] = [];
  for (const p of parsed.body.programs) {
    if (p.type !== 'load') continue;
    if (p.offset + p.filesz > bytes.length) throw new ElfError(`truncated: a segment extends past the end of the file`);
    if (p.filesz > p.memsz) throw new ElfError('a segment has p_filesz > p_memsz');
    const flags = (p.flags.execute ? 1 : 0) | (p.flags.write ? 2 : 0) | (p.flags.read ? 4 : 0);
    segments.push({
      paddr: p.paddr >>> 0, vaddr: p.vaddr >>> 0, memsz: p.memsz,
      data: bytes.subarray(p.offset, p.offset + p.filesz), flags,
    });
  }
  if (segments.length === 0) throw new ElfError('no loadable segment');
  return { entry: parsed.entry >>> 0, segments, symbols: readSymbols(parsed.body.sections) };
}

function isElfMagic(b: Uint8Array): boolean {
  return b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
}

function readSymbols(sections: ElfySection[]): Map<string, number> {
  const symbols = new Map<string, number>();
  const symtab = sections.find((s) => s.type === 'symtab');
  if (!symtab) return symbols;
  const strtab = sections[symtab.link];
  if (!strtab) return symbols;
  const dv = new DataView(symtab.data.buffer, symtab.data.byteOffset, symtab.data.byteLength);
  const dec = new TextDecoder();
  for (let o = 0; o + SYM_SIZE <= symtab.data.length; o += SYM_SIZE) {
    const nameOff = dv.getUint32(o, true);
    if (nameOff === 0 || nameOff >= strtab.data.length) continue;
    let end = nameOff;
    while (end < strtab.data.length && strtab.data[end] !== 0) end++;
    symbols.set(dec.decode(strtab.data.subarray(nameOff, end)), dv.getUint32(o + 4, true));
  }
  return symbols;
}
