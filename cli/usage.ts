// What the CLI says about itself: the overview, each command's --help, and the error for a bad
// argument (one line that points at the command's --help, exit status 2).

/** An error in how the CLI was called; `command` names the command whose --help to point at. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) { super(message); }
}

/** An error a user caused with a path, a size or a file: one line, exit status 2. */
export class InputError extends Error {}

export const COMMANDS = ['boot', 'exec', 'run', 'bench'] as const;
export type Command = (typeof COMMANDS)[number];

const GUEST_OPTIONS = `  --mem MiB              RAM size, 16 to 1024 (default 128)
  --disk IMG             use the disk image IMG, created from the built-in one if it does not
                         exist; the guest's writes reach it at once (default: a temporary copy)
  --snapshot             read the disk image but never write it: writes stay in memory
  --fork-mode copy|cow   how fork gives a child memory: every page copied, or copy-on-write
                         (default cow); the guest's forkmode program changes it
  --sbrk-mode eager|lazy whether sbrk allocates pages at once (default) or on first touch
  --check                at every fork, vfork, exec, exit and reap the kernel model walks every
                         page table from outside and checks the kernel's books; the first
                         violation stops the guest with status 3 and names the pid, page and rule
  --no-jit               interpret every instruction (no compiled blocks)`;

export const HELP: Record<Command, string> = {
  boot: `usage: xv32 boot [options]

Boots the xv32 kernel to its shell on this terminal. Keys: Ctrl-A x quits, Ctrl-A m prints
every process's memory map as the kernel model reads it from RAM, Ctrl-A h lists the keys,
Ctrl-A Ctrl-A sends Ctrl-A. Ctrl-C stops the command running in the guest. Piped input is typed
to the shell (nothing is lost however much there is); when it ends, xv32 powers off.

options:
${GUEST_OPTIONS}

examples:
  npx xv32 boot
  npx xv32 boot --disk mydisk.img --fork-mode copy
  printf 'ls\\nusertests\\n' | npx xv32 boot
`,
  exec: `usage: xv32 exec [options] -- CMD ARGS...

Boots, runs one shell command line in the guest (the words after -- joined with spaces, so a
quoted pipeline or 'a; b' works), prints its output and exits with its status. stdin, when it is
a pipe or a file, is the command's input. Runs on a virtual clock, so a run repeats exactly.

options:
${GUEST_OPTIONS}
  --timeout SECONDS      stop after this many seconds of host time (status 124, as timeout(1))
  --max-insns N          stop after N guest instructions (status 124)

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
  --mem MiB              RAM size, 16 to 1024 (default 128)
  --disk IMG             attach IMG as the virtio block device at 0x10001000 (written in place)
  --trace                print each instruction (mode, pc, bits, disassembly) to stderr
  --stats                print instruction counts, MIPS and TLB figures to stderr at the end
  --no-jit               interpret every instruction (no compiled blocks)

examples:
  npx xv32 run examples/hello.elf
  npx xv32 run prog.elf --max-insns 1000000 --stats
`,
  bench: `usage: xv32 bench [options]

Builds the CPU-bound benchmark programs and prints guest MIPS for each, beside QEMU's MIPS on
the same ELFs and their ratio; then the MMU overhead, boot time and micro benchmarks.

options:
  --runs N               runs of each program (default 3; the median is reported)
  --no-json              do not write build/bench-results/mips.json

example:
  npm run bench
`,
};

export const USAGE = `usage: xv32 <command> [options]

commands:
  boot      boot the xv32 kernel to its shell on this terminal
  exec      boot, run one shell command line, exit with its status
  run       run a bare-metal RV32 ELF in M-mode
  bench     guest MIPS beside QEMU's, MMU overhead, boot time

  xv32 <command> --help   options and examples for one command
  xv32 --version          the version
`;
