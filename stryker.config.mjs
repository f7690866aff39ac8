// Mutation testing of crypto/ and storage/ (docs/MUTATION.md). Run it through `npm run mutate`,
// which sets SQUIRCLE_MUTATE to the folder so the tests and reports match it.
const folder = process.env.SQUIRCLE_MUTATE ?? 'crypto';
const concurrency = Number(process.env.SQUIRCLE_MUTATE_CONCURRENCY ?? 2);
// A static mutant (module-level code, such as a constant table or a regex) is active while modules load,
// so Stryker reloads and reruns every test for each one: about half the run time here. They are left out
// unless SQUIRCLE_MUTATE_STATIC=1.
const ignoreStatic = process.env.SQUIRCLE_MUTATE_STATIC !== '1';

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
  // Build output is not needed to test, and a browser profile there (npm start's) holds sockets
  // and dangling links that cannot be copied into the sandbox.
  ignorePatterns: ['.output', 'reports'],
  cleanTempDir: 'always',
  ignoreStatic,
  // Reruns only the mutants whose code or covering tests changed since the last run of this folder.
  incremental: true,
  incrementalFile: `reports/mutation/${folder}/incremental.json`,
};
