import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import devKey from './ext/dev-key.json';
import { ALL_MATCHES, IN_FRAMES, platformById } from './calls/platforms';
import { CALL_SCRIPTS } from './calls/scripts';
import { mqttMicrotasks } from './build/mqtt-microtasks';

const MANAGED_SCHEMA = 'managed-schema.json';

/**
 * Chrome/Edge: MV3 with a side panel. Firefox: MV3 as well, so both builds
 * share storage.session, one CSP form and one permission model; Firefox 128+
 * grants manifest host permissions at install and supports sidebar_action.
 */
export default defineConfig({
  manifestVersion: 3,
  imports: false,
  // A second build elsewhere (e.g. while other builds run) without touching .output.
  ...(process.env.SQUIRCLE_OUT_DIR ? { outDir: process.env.SQUIRCLE_OUT_DIR } : {}),
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  hooks: {
    // The clinic policy schema has one source, policy/managed-schema.json;
    // Chrome and Edge read it from the build's root (storage.managed_schema).
    // Firefox has no managed schema, so its build does not carry the file.
    'build:publicAssets': (wxt, files) => {
      // Store builds (npm run zip) carry the screenshots store/generate.ts made from the practice call.
      const shots = resolve(wxt.config.root, 'store/screenshots');
      if (process.env.SQUIRCLE_STORE_BUILD && existsSync(shots)) {
        for (const f of readdirSync(shots).filter((n) => n.endsWith('.png')))
          files.push({ absoluteSrc: resolve(shots, f), relativeDest: `store-screenshots/${f}` });
      }
      if (wxt.config.browser !== 'firefox') {
        files.push({
          absoluteSrc: resolve(wxt.config.root, 'policy/managed-schema.json'),
          relativeDest: MANAGED_SCHEMA,
        });
      }
    },
  },
  vite: () => ({
    plugins: [preact(), mqttMicrotasks()],
    build: { target: 'es2022', sourcemap: false },
  }),
  manifest: ({ browser }) => {
    const chromeLike = browser !== 'firefox';
    return {
      // Text comes from locales/ (English is the source); the browser picks the store listing's language.
      default_locale: 'en',
      name: '__MSG_name__',
      description: '__MSG_description__',
      // A stable extension id for development, tests and managed policy;
      // store builds (npm run zip) leave it out. Only the public key is here.
      ...(chromeLike && !process.env.SQUIRCLE_STORE_BUILD ? { key: devKey.key } : {}),
      permissions: ['storage', 'idle', 'alarms', 'unlimitedStorage', 'scripting', ...(chromeLike ? ['sidePanel'] : [])],
      host_permissions: [...ALL_MATCHES],
      // A self-hosted Jitsi Meet or BigBlueButton server is asked for by its own host when the
      // clinic or the clinician adds it (calls/hosted.ts); nothing beyond the manifest's is held before.
      optional_host_permissions: ['https://*/*'],
      action: { default_title: '__MSG_actionTitle__' },
      // Which keys a clinic may set by policy (DEPLOYMENT.md); Chrome and Edge
      // expose only these through storage.managed. Firefox uses no schema: it
      // hands over its managed storage manifest as is, and policy/ checks it.
      ...(chromeLike ? { storage: { managed_schema: MANAGED_SCHEMA } } : {}),
      // One script per group of platforms (calls/scripts.ts); Zoom's also runs in its call frame.
      content_scripts: Object.entries(CALL_SCRIPTS).map(([name, ids]) => ({
        matches: ids.flatMap((id) => platformById(id)!.matches),
        js: [`${name}.js`],
        all_frames: ids.some((id) => IN_FRAMES.has(id)),
        run_at: 'document_idle' as const,
      })),
      commands: {
        mark: { suggested_key: { default: 'Alt+Shift+M' }, description: '__MSG_command_mark__' },
        'mark-back': {
          suggested_key: { default: 'Alt+Shift+L' },
          description: '__MSG_command_markBack__',
        },
        'mark-category': {
          suggested_key: { default: 'Alt+Shift+K' },
          description: '__MSG_command_markCategory__',
        },
        'mark-member': {
          suggested_key: { default: 'Alt+Shift+U' },
          description: '__MSG_command_markMember__',
        },
        // Browsers give at most four suggested keys; staff assign this one (or press E in the panel).
        'emergency-card': { description: '__MSG_command_emergencyCard__' },
        // No suggested key either (four at most): staff assign one, or use the panel's Cover button.
        'privacy-shade': { description: '__MSG_command_privacyShade__' },
      },
      content_security_policy: {
        extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
      },
      ...(chromeLike
        ? {}
        : {
            browser_specific_settings: {
              gecko: {
                id: 'squircle@squircle.example',
                strict_min_version: '128.0',
                data_collection_permissions: { required: ['none'] },
              },
            },
          }),
    };
  },
});
