/**
 * Where the repository, the built extension and the fixtures live, the ids the
 * extension is always given in tests, and temporary folders.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** `npm run build` output; SQUIRCLE_CHROME_BUILD / SQUIRCLE_FIREFOX_BUILD test a build made elsewhere. */
export const CHROME_BUILD = process.env.SQUIRCLE_CHROME_BUILD ?? join(REPO_ROOT, '.output/chrome-mv3');
export const FIREFOX_BUILD = process.env.SQUIRCLE_FIREFOX_BUILD ?? join(REPO_ROOT, '.output/firefox-mv3');
export const FIXTURES_DIR = join(REPO_ROOT, 'test/fixtures/platforms');
export const DEMO_DIR = join(REPO_ROOT, 'demo');

/** Fixed by the `key` in the development manifest (ext/dev-key.json). */
export const CHROME_EXTENSION_ID = 'pjkdbfajfdaaffhfldjodmidmhoelggk';
/** `browser_specific_settings.gecko.id` in wxt.config.ts. */
export const GECKO_ID = 'squircle@squircle.example';

/** Throws a message that says what to run when a build is missing. */
export function requireBuild(dir: string): string {
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(
      `No built extension at ${dir}. ` +
        `Run \`npm run build\` first (it writes .output/chrome-mv3 and .output/firefox-mv3).`,
    );
  }
  return dir;
}

/** Throws a message naming the Debian package when a browser binary is missing. */
export function requireBinary(path: string, debianPackage: string, envVar: string): string {
  if (!existsSync(path)) {
    throw new Error(
      `Browser not found at ${path}. Install Debian's package \`${debianPackage}\` ` +
        `(\`apt-get install ${debianPackage}\`), or point ${envVar} at another binary.`,
    );
  }
  return path;
}

/** A new folder under the system's temporary directory; the caller deletes it. */
export function makeTempDir(prefix = 'squircle-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
