// open() flags, as xv6-riscv's kernel/fcntl.h, and xv32's O_APPEND (for the shell's >>).
#define O_RDONLY 0x000
#define O_WRONLY 0x001
#define O_RDWR 0x002
#define O_CREATE 0x200
#define O_TRUNC 0x400
#define O_APPEND 0x800 // every write goes to the end of the file
