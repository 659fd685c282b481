// What the CLI says about itself: the overview, each command's --help, and the error for a bad
// argument (one line that points at the command's --help, exit status 2).

/** An error in how the CLI was called; `command` names the command whose --help to point at. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) { super(message); }
}

/** An error a user caused with a path, a size or a file: one line, exit status 2. */
export class InputError extends Error {}

export const COMMANDS = ['boot', 'exec', 'cc', 'disk', 'run', 'bench', 'web'] as const;
export type Command = (typeof COMMANDS)[number];

const GDB_OPTIONS = `  --gdb PORT, -s         a GDB stub on 127.0.0.1:PORT (-s: 1234, as QEMU): gdb-multiarch PROG
                         -ex 'target remote :PORT'; 'monitor process NAME' makes user-space
                         breakpoints stop only in process NAME
  --gdb-wait, -S         stop before the first instruction until gdb attaches and continues`;

const GUEST_OPTIONS = `  --mem MiB              RAM size, 16 to 1024 (default 128)
  --disk IMG             use the disk image IMG, created from the built-in one if it does not
                         exist; the guest's writes reach it at once (default: a temporary copy)
  --disk-size MiB        a new disk of that size, 4 to 64 (the built-in one has 4), with the
                         built-in files: the temporary one, or a --disk that does not exist yet
  --snapshot             read the disk image but never write it: writes stay in memory
  --fork-mode copy|cow|odf  how fork gives a child memory: writable pages copied, copy-on-write
                         (default), or on-demand fork (page tables shared until written);
                         the guest's forkmode program changes it
  --sbrk-mode eager|lazy whether sbrk allocates pages at once (default) or on first touch
  --swap MiB             a swap area of that size, 1 to 256 (a second virtio disk on a temporary file):
                         the kernel writes pages out to it when memory runs short
  --stack-max MiB        how far a process's stack may grow down, 1 to 512 (default 8, as Linux's);
                         a recursion past it is killed with a stack-overflow message
  --check                at every fork, vfork, exec, exit, reap and sync the kernel model walks every
                         page table from outside and checks the kernel's books; the first
                         violation stops the guest with status 3 and names the pid, page and rule
  --no-jit               interpret every instruction (no compiled blocks)
  --misaligned trap|emulate  misaligned loads and stores: performed by the hart (emulate, the
                         default, as QEMU) or trapped (as the reference model) and performed by
                         the firmware for the kernel and programs (as OpenSBI does)
  --add FILE[:/PATH]     put a host file into the disk the guest sees (at /NAME by default),
                         replacing one of that name; repeat for more
  --fs DIR               boot a fresh copy of the built-in disk with every file under DIR added
${GDB_OPTIONS}`;

export const HELP: Record<Command, string> = {
  boot: `usage: xv32 boot [options]

Boots the xv32 kernel to its shell on this terminal. Keys: Ctrl-A x quits, Ctrl-A s saves (with
--save), Ctrl-A m prints
every process's memory map as the kernel model reads it from RAM, Ctrl-A h lists the keys,
Ctrl-A Ctrl-A sends Ctrl-A. Ctrl-C stops the command running in the guest. Piped input is typed
to the shell (nothing is lost however much there is); when it ends, xv32 powers off.

options:
${GUEST_OPTIONS}
  --save FILE            save the whole machine (RAM, CPU, devices, disk) to FILE on leaving
                         (Ctrl-A x, or the end of piped input, which then sends no ^D), and at
                         Ctrl-A s; the browser page reads the same files
  --restore FILE         start from a saved machine instead of booting: the shell is where it was

examples:
  npx xv32 boot
  echo 'echo hi > note' | npx xv32 boot --save at-prompt.snap
  npx xv32 boot --restore at-prompt.snap
  npx xv32 boot --disk mydisk.img --fork-mode copy
  printf 'ls\\nusertests\\n' | npx xv32 boot
`,
  cc: `usage: xv32 cc FILE.c... [-o OUT] [--xv6 | --libc] [gcc options: -O2 -g -I DIR -D...]

Compiles and links a program for the guest with Debian's RISC-V cross compiler (rv32imac,
ilp32). A program that includes user/user.h or kernel/types.h uses the xv6 API (xv6's user.h,
kernel/stat.h, kernel/fcntl.h, kernel/fs.h, kernel/param.h, kernel/riscv.h, ...); any other is
standard C (stdio, stdlib, string, unistd, sys/wait, fcntl, sys/stat, sys/mman) through picolibc on xv32's
system calls. OUT defaults to the first file's name without .c. Compiler messages are gcc's.

options:
  -o OUT                 the program file (default: FILE without .c)
  --xv6, --libc          choose the flavour instead of looking at the includes
  -g                     keep symbols and debug information (for gdb); without it OUT is stripped
  other options          go to gcc as they are (-O2, -Wall -Werror, -I DIR, -DNAME=VALUE, -lm)

examples:
  npx xv32 cc hello.c && npx xv32 exec --add hello -- hello a b
  npx xv32 cc -O2 -Wall -Werror examples/fork.c -o fork
`,
  disk: `usage: xv32 disk ls|get|put|mkfs|fsck IMG ...

Works on guest disk images from the host.

commands:
  ls IMG [PATH]                  list a directory (name, type, inode, size, as the guest's ls)
  get IMG PATH [HOSTFILE]        copy a file out (to stdout without HOSTFILE)
  put IMG FILE[:/PATH]...        copy host files in, replacing files of the same names
  mkfs IMG [DIR] [--empty] [--size MiB]
                                 a new image: xv32's programs (unless --empty) and DIR's files,
                                 4 MiB or the size given (4 to 64)
  fsck IMG [--read-only|--repair]
                                 check the image, after replaying a committed transaction
                                 from its log (as the kernel does at boot; --read-only only
                                 reports that the log needs replay); --repair fixes what it
                                 finds; status 1 if problems remain

options:
  --empty                with mkfs: no programs, only DIR's files (such a disk does not boot)

examples:
  npx xv32 disk mkfs my.img myfiles/ && npx xv32 boot --disk my.img
  npx xv32 disk get my.img /out.txt out
  npx xv32 disk fsck --repair my.img.txt
`,
  exec: `usage: xv32 exec [options] -- CMD ARGS...

Boots, runs one shell command line in the guest (the words after -- joined with spaces, so a
quoted pipeline or 'a; b' works), prints its output and exits with its status. stdin, when it is
a pipe or a file, is the command's input. Runs on a virtual clock, so a run repeats exactly.

options:
${GUEST_OPTIONS}
  --timeout SECONDS      stop after this many seconds of host time (status 124, as timeout(1))
  --max-insns N          stop after N guest instructions (status 124)
  --profile              at the end, where guest time went (the pc sampled every 9,973
                         instructions: mode and function, by the firmware's, kernel's and each
                         program's symbols) and host time (compiled or interpreted, compiling,
                         page walks, device accesses), on stderr

examples:
  npx xv32 exec -- 'echo hello | wc'
  seq 1 1000 | npx xv32 exec -- wc -l
  npx xv32 exec --check --fork-mode copy -- usertests
`,
  run: `usage: xv32 run FILE.elf [options]

Runs a bare-metal RV32 ELF from its entry point in M-mode (its PT_LOAD segments at their
physical addresses, RAM at 0x80000000). UART output goes to stdout; stdin, when a pipe or file,
is the UART's input. The exit status is the guest's: a write to the test/syscon device at
0x100000, or an odd value stored to the riscv-tests 'tohost' symbol. A guest stuck taking the
same trap at the same pc (no handler that could make progress) is stopped with status 3.

options:
  --max-insns N          stop after N instructions (status 124)
  --profile              at the end, the hottest functions (by the ELF's symbols) and where host
                         time went, on stderr
  --mem MiB              RAM size, 16 to 1024 (default 128)
  --disk IMG             attach IMG as the virtio block device at 0x10001000 (written in place)
  --trace                print each instruction (mode, pc, bits, disassembly) to stderr
  --stats                print instruction counts, MIPS and TLB figures to stderr at the end
  --no-jit               interpret every instruction (no compiled blocks)
  --misaligned trap|emulate  misaligned loads and stores performed (default) or trapped with
                         cause 4 or 6 and mtval the address, as the reference model does
${GDB_OPTIONS}

examples:
  npx xv32 run examples/hello.elf
  npx xv32 run prog.elf --max-insns 1000000 --stats
`,
  bench: `usage: xv32 bench [options]
       xv32 bench fork [--quick] [--counts-only]

Builds the CPU-bound benchmark programs and prints guest MIPS for each, beside QEMU's MIPS on
the same ELFs and their ratio; then the MMU overhead, boot time and micro benchmarks.
'bench fork' is the fork-cost lab: the guest's forkbench for copy and cow fork, vfork and spawn,
heaps of 64 KiB to 64 MiB and seven patterns of what the child does, one fresh boot per run;
guest instructions (rdinstret) and the kernel's counters for each, in
bench/results/fork.json and fork.md.

options:
  --runs N               runs of each program (default 3; the median is reported)
  --no-json              do not write build/bench-results/mips.json
  --quick                (fork) 64 KiB and 1 MiB, three patterns: a few seconds
  --counts-only          (fork) print the records as JSON and write nothing

examples:
  npm run bench
  npx xv32 bench fork --quick
`,
  web: `usage: xv32 web [--port P] [--open] [--build DIR]

Builds the browser page (an xterm.js terminal on the machine in a Web Worker, counters, the live
memory view, files kept in the browser's IndexedDB, snapshots) and serves it on 127.0.0.1. The
page starts from a snapshot taken at the shell prompt, so it is usable at once.

options:
  --port P               the port to serve on (default 8032; 0 picks a free one)
  --open                 open the page in the desktop's browser (xdg-open)
  --build DIR            only write the page to DIR as static files, to host anywhere

examples:
  npx xv32 web --open
  npx xv32 web --build public/xv32
`,
};

export const USAGE = `usage: xv32 <command> [options]

commands:
  boot      boot the xv32 kernel to its shell on this terminal
  exec      boot, run one shell command line, exit with its status
  cc        compile a C program for the guest (xv6 API or standard C)
  disk      list, get, put, mkfs and fsck guest disk images
  run       run a bare-metal RV32 ELF in M-mode
  bench     guest MIPS beside QEMU's, MMU overhead, boot time
  web       serve the browser page: terminal, counters, live memory view

  xv32 <command> --help   options and examples for one command
  xv32 --version          the version
`;
