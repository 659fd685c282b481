// Limits of the kernel's tables.
#define NPROC 64          // processes
#define NOFILE 16         // open files per process
#define NFILE 100         // open files in the system
#define NINODE 50         // inodes in memory
#define NDEV 10           // device numbers
#define ROOTDEV 1         // device of the root file system
#define MAXARG 32         // exec arguments
#define MAXOPBLOCKS 14    // blocks one file-system operation may write (a page of data: fs.h MAXOPWRITE)
#define LOGSIZE (MAXOPBLOCKS * 3)
#define NBUF (MAXOPBLOCKS * 3)
#define FSSIZE 4096       // blocks in the file system image (mkfs agrees: kernel-model/mkfs.ts)
#define MAXPATH 128
#define BOOTARGS_MAX 1024 // the kernel command line (/chosen/bootargs): xv32 exec's command
#define LINKMAX 32767     // names one file may have: nlink is a short (as xv6's), so it must never wrap
#define USERSTACK 1       // pages of user stack exec maps; the stack grows down from there on demand
#define STACK_MAX_DEFAULT (8u * 1024 * 1024) // how far it may grow (as Linux's 8 MiB; --stack-max)
#define STACK_GUARD_GAP (256u * 4096)        // below the limit: no heap there, a touch is an overflow
#define TICK_INTERVAL 100000 // timer ticks (10 MHz) between scheduler interrupts: 10 ms
