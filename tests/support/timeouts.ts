// How long tests wait, sized for this 2-core machine when other work keeps both cores busy (the
// suite must pass at a load average of 4). Tests count guest instructions, not seconds, so these
// limits only decide how late a hang is reported, never whether a slow run passes.

/** A child process (xv32, QEMU, npm) before the test gives up on it. */
export const CHILD_TIMEOUT_MS = 600_000;
/** Text to appear on a pseudo-terminal. */
export const SCREEN_TIMEOUT_MS = 300_000;
