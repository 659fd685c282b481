// Errors in how the CLI was called: printed with the usage text, exit status 2.
export class UsageError extends Error {}

export const USAGE = `usage: xv32 <command> [options]

commands:
  boot [--mem MiB] [--disk IMG] [--fork-mode copy|cow] [--sbrk-mode eager|lazy] [--check]
      boot the xv32 kernel to its shell on this terminal; Ctrl-A x quits, Ctrl-A m prints
      every process's memory map and the page totals as the kernel model reads them from RAM. Without --disk a
      temporary copy of the built-in disk is used; --disk IMG keeps changes in IMG (created
      from the built-in disk if it does not exist). Piped input is typed to the shell.
  exec [--mem MiB] [--disk IMG] [--fork-mode copy|cow] [--sbrk-mode eager|lazy] [--check] -- CMD ARGS...
      boot, run one shell command line (the words after -- joined with spaces, so a quoted
      pipeline or 'a; b' works), print its output and exit with its status
      --fork-mode: how fork gives a child memory: copy (every page) or cow (the default)
      --sbrk-mode: how sbrk grows the heap: eager (pages at once, the default) or lazy (each
        page on first touch, by the page-fault handler)
      --check: at every fork, vfork, exec, exit and reap, the kernel model walks every page
        table from outside and checks the kernel's books (reference counts, free list, no
        page writable in two address spaces, none of the kernel's user-accessible); the first
        violation is printed with its pid, page and rule, and stops the guest (status 3).
        A summary of the checks goes to stderr at the end
  run FILE.elf [--max-insns N] [--trace] [--stats] [--mem MiB] [--no-jit] [--disk IMG]
      run a bare-metal RV32 ELF from its entry point in M-mode; UART output goes to stdout
      and the exit status is the guest's (syscon device or riscv-tests tohost)
        --max-insns N  stop after N instructions (exit status 124)
        --trace        print each instruction to stderr as it runs
        --stats        print instruction counts, MIPS and TLB figures to stderr at exit
        --mem MiB      RAM size (default 128)
        --no-jit       interpret every instruction (no compiled blocks)
        --disk IMG     attach IMG as the virtio block device at 0x10001000 (written in place)
      stdin, when it is a pipe or file, is the UART's input
  bench [--runs N] [--no-json]
      build the CPU-bound benchmark programs and print guest MIPS for each, beside QEMU's
      MIPS on the same ELFs and the ratio (JSON in build/bench-results/mips.json)
  help
      show this text
`;
