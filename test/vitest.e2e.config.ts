import { defineConfig } from 'vitest/config';

// Real browsers on a 2-core machine: one test file at a time, generous
// timeouts, and no retries so that a flaky journey shows up as a failure.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    fileParallelism: false,
    retry: 0,
  },
});
