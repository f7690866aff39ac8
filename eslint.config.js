// Architecture rules live here as lint errors, each saying why it exists.
import tseslint from 'typescript-eslint';

const banned = (patterns, message) => ['error', { patterns: [{ group: patterns, message }] }];
/** A folder of this repository, its index and everything below it, from any depth. */
const folders = (...names) => names.flatMap((name) => [`**/${name}`, `**/${name}/**`]);
const PREACT = ['preact', 'preact/*'];
const BROWSER_API = ['wxt/browser', 'webextension-polyfill'];
/** Libraries that store, seal or send clinical data. */
const DATA_LIBRARIES = ['dexie', 'tweetnacl', 'hash-wasm', '@noble/*', 'mqtt'];

export default tseslint.config(
  {
    ignores: [
      '.output/**',
      '.wxt/**',
      'node_modules/**',
      'test/fixtures/**',
      'demo/**/*.js',
      '.stryker-tmp/**',
      'reports/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Prettier wraps code at 120 but leaves long strings and comments alone; this catches those.
      'max-len': ['error', { code: 120, ignoreUrls: true }],
    },
  },
  {
    files: ['crypto/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': banned(
        ['wxt/*', 'webextension-polyfill', 'dexie', 'mqtt', ...PREACT, ...folders('storage', 'ext', 'components')],
        'crypto/ is pure functions over bytes: no browser API, storage or UI, ' +
          'so it can be tested and reviewed alone (docs/ARCHITECTURE.md).',
      ),
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': banned(
        [...DATA_LIBRARIES, ...BROWSER_API, ...folders('storage', 'ext')],
        'Components get data and actions through props and hooks; ' +
          'storage, crypto and browser APIs stay behind services (docs/ARCHITECTURE.md).',
      ),
    },
  },
  {
    files: ['storage/**/*.ts'],
    rules: {
      'no-restricted-imports': banned(
        [...PREACT, ...BROWSER_API, 'tweetnacl', 'hash-wasm', '@noble/*', ...folders('components')],
        'storage/ receives a FieldCipher and never sees a passphrase or a browser API beyond IndexedDB.',
      ),
    },
  },
  {
    files: ['entrypoints/call.ts', 'calls/**/*.ts'],
    rules: {
      'no-restricted-imports': banned(
        [...DATA_LIBRARIES, ...PREACT, ...BROWSER_API, ...folders('storage', 'crypto', 'components')],
        'Content scripts run inside the video page: they carry no clinical data, no keys and stay a few KB.',
      ),
    },
  },
  {
    files: ['entrypoints/practice/**/*.ts', 'scenarios/**/*.ts'],
    rules: {
      'no-restricted-imports': banned(
        [...DATA_LIBRARIES, ...PREACT, ...folders('storage', 'crypto', 'components', 'ext/panel', 'ext/background')],
        'The practice call plays a call page: it reads and shows no clinical data and holds no key ' +
          '(docs/ARCHITECTURE.md).',
      ),
    },
  },
  {
    files: ['ext/background/**/*.ts', 'entrypoints/background.ts'],
    rules: {
      'no-restricted-imports': banned(
        ['**/ext/panel/*', '../panel/*'],
        'Background code runs in the service worker: ' +
          'it reaches extension pages only through ext/common/ (docs/ARCHITECTURE.md).',
      ),
    },
  },
  {
    files: ['ext/panel/**/*.ts', 'entrypoints/{sidepanel,options,print}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': banned(
        ['**/ext/background/*', '../background/*'],
        'Extension pages share only ext/common/ with the background; ' +
          'background modules hold worker-only state (docs/ARCHITECTURE.md).',
      ),
    },
  },
  {
    files: ['ext/common/**/*.ts'],
    rules: {
      'no-restricted-imports': banned(
        ['**/ext/panel/*', '**/ext/background/*', '../panel/*', '../background/*'],
        'ext/common/ is used by the background and the pages alike, so it imports neither (docs/ARCHITECTURE.md).',
      ),
    },
  },
);
