import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 60_000,
    // Two files at a time: the default leaves one core idle on a 2-core machine, and most guest
    // tests wait on a child process anyway.
    maxWorkers: 2,
    hookTimeout: 300_000,
  },
});
