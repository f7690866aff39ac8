import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// The unit tests that cover one mutated folder, for StrykerJS (test/mutation/run.mjs sets SQUIRCLE_MUTATE).
// The channel tests listed drive storage/channel-repo.ts and the repositories the channel writes to,
// without starting a broker.
const TESTS: Record<string, string[]> = {
  crypto: ['test/unit/crypto/**/*.test.ts'],
  storage: [
    'test/unit/storage/**/*.test.ts',
    ...['apply', 'identity-cache', 'note-sync', 'outgoing'].map((t) => `test/unit/channel/${t}.test.ts`),
  ],
};
const folder = process.env.SQUIRCLE_MUTATE ?? 'crypto';
const include = TESTS[folder];
if (!include) throw new Error(`SQUIRCLE_MUTATE names no mutated folder: ${folder}`);

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include,
    environment: 'node',
    setupFiles: ['test/unit/setup.ts'],
    testTimeout: 30_000,
  },
});
