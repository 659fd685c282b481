// ELF32 executable headers (the parts exec needs).
#define ELF_MAGIC 0x464c457fu /* "\x7fELF" little-endian */
#define EM_RISCV 243
/* e_ident after the magic (ELF spec, "ELF Identification"): class, data encoding, version. */
#define EI_CLASS 0
#define EI_DATA 1
#define EI_VERSION 2
#define ELFCLASS32 1
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define ELF_MAX_PHNUM 64

struct elfhdr {
  uint magic;
  uchar ident[12];
  ushort type, machine;
  uint version, entry, phoff, shoff, flags;
  ushort ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct proghdr {
  uint type, off, vaddr, paddr, filesz, memsz, flags, align;
};

#define ELF_PROG_LOAD 1
#define ELF_PROG_FLAG_EXEC 1
#define ELF_PROG_FLAG_WRITE 2
#define ELF_PROG_FLAG_READ 4
