// Errors in how the CLI was called: printed with the usage text, exit status 2.
export class UsageError extends Error {}

export const USAGE = `usage: xv32 <command> [options]

commands:
  run FILE.elf [--max-insns N] [--trace] [--stats] [--mem MiB]
      run a bare-metal RV32 ELF from its entry point in M-mode; UART output goes to stdout
      and the exit status is the guest's (syscon device or riscv-tests tohost)
  help
      show this text
`;
