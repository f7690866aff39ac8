import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// The unit tests that cover one mutated folder, for StrykerJS (test/mutation/run.mjs sets SQUIRCLE_MUTATE).
const folder = process.env.SQUIRCLE_MUTATE ?? 'crypto';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: [`test/unit/${folder}/**/*.test.{ts,tsx}`],
    environment: 'node',
    setupFiles: ['test/unit/setup.ts'],
    testTimeout: 30_000,
  },
});
