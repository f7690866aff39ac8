// Mutation testing of crypto/ and storage/ (docs/MUTATION.md). Run it through `npm run mutate`,
// which sets SQUIRCLE_MUTATE to the folder so the tests and reports match it.
const folder = process.env.SQUIRCLE_MUTATE ?? 'crypto';
const concurrency = Number(process.env.SQUIRCLE_MUTATE_CONCURRENCY ?? 2);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/vitest.mutate.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner', './test/mutation/ignore-error-messages.mjs'],
  ignorers: ['ErrorMessages'],
  mutate: [`${folder}/**/*.ts`],
  coverageAnalysis: 'perTest',
  concurrency,
  timeoutMS: 10_000,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `reports/mutation/${folder}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${folder}/mutation.json` },
  tempDirName: `.stryker-tmp/${folder}`,
  cleanTempDir: 'always',
  incremental: false,
};
