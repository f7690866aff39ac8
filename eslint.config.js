// Architecture rules live here as lint errors, each saying why it exists.
import tseslint from 'typescript-eslint';

const banned = (patterns, message) => ['error', { patterns: [{ group: patterns, message }] }];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test/fixtures/**', 'demo/**/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['crypto/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': banned(
        [
          'wxt/*',
          'webextension-polyfill',
          'dexie',
          'preact',
          'preact/*',
          'mqtt',
          '../storage/*',
          '../ext/*',
          '../components/*',
        ],
        'crypto/ is pure functions over bytes: no browser API, storage or UI, so it can be tested and reviewed alone (DESIGN.md).',
      ),
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': banned(
        [
          'dexie',
          'tweetnacl',
          'hash-wasm',
          'mqtt',
          'wxt/browser',
          'webextension-polyfill',
          '../storage/*',
          '../../storage/*',
          '../ext/*',
          '../../ext/*',
        ],
        'Components get data and actions through props and hooks; storage, crypto and browser APIs stay behind services (DESIGN.md).',
      ),
    },
  },
  {
    files: ['storage/**/*.ts'],
    rules: {
      'no-restricted-imports': banned(
        ['preact', 'preact/*', 'wxt/browser', 'webextension-polyfill', 'tweetnacl', 'hash-wasm', '../components/*'],
        'storage/ receives a FieldCipher and never sees a passphrase or a browser API beyond IndexedDB.',
      ),
    },
  },
  {
    files: ['entrypoints/call.ts', 'calls/**/*.ts'],
    rules: {
      'no-restricted-imports': banned(
        [
          'dexie',
          'tweetnacl',
          'hash-wasm',
          'mqtt',
          'preact',
          'preact/*',
          'webextension-polyfill',
          'wxt/browser',
          '../storage/*',
          '../crypto/*',
          '../components/*',
        ],
        'Content scripts run inside the video page: they carry no clinical data, no keys and stay a few KB.',
      ),
    },
  },
);
