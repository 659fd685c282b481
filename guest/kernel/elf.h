// ELF32 executable headers (the parts exec needs).
#define ELF_MAGIC 0x464c457fu /* "\x7fELF" little-endian */
#define EM_RISCV 243

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
