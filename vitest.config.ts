import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Longer than the children's own limits (tests/support/timeouts.ts), which then report a hang
    // more clearly; sized for a loaded 2-core machine.
    testTimeout: 900_000,
    // Two files at a time: the default leaves one core idle on a 2-core machine, and most guest
    // tests wait on a child process anyway.
    maxWorkers: 2,
    hookTimeout: 900_000,
  },
});
