// Checks the store zips `npm run zip` wrote in .output/: each holds the icons
// and the generated screenshots, and passes `web-ext lint` with no error.
// web-ext lint is Firefox's linter: on the Chrome/Edge package two of its
// rules only say that Firefox could not load it (no gecko id, a service worker
// without background scripts); those are listed, not counted, for that zip.
// Exits 1 otherwise. Plain ESM so Node runs it without a TS loader.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIREFOX_ONLY = new Set(['ADDON_ID_REQUIRED', 'BACKGROUND_SERVICE_WORKER_NOFALLBACK']);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.output');
const SHOTS = readdirSync(join(ROOT, 'store', 'screenshots')).filter((f) => f.endsWith('.png'));
const zips = readdirSync(OUT).filter((f) => /-(chrome|firefox)\.zip$/.test(f));
let failed = zips.length < 2;
if (failed) console.error(`Expected a Chrome and a Firefox zip in .output/, found: ${zips.join(', ') || 'none'}`);
for (const zip of zips) {
  const dir = mkdtempSync(join(tmpdir(), 'squircle-zip-'));
  try {
    execFileSync('unzip', ['-q', join(OUT, zip), '-d', dir]);
    const files = new Set(readdirSync(dir, { recursive: true }).map(String));
    const missing = [
      ...['icon/16.png', 'icon/48.png', 'icon/128.png'],
      ...SHOTS.map((f) => `store-screenshots/${f}`),
    ].filter((f) => !files.has(f));
    let result;
    try {
      const out = execFileSync(
        join(ROOT, 'node_modules', '.bin', 'web-ext'),
        ['lint', '--source-dir', dir, '--no-config-discovery', '--output', 'json'],
        { encoding: 'utf8' },
      );
      result = JSON.parse(out);
    } catch (e) {
      result = JSON.parse(String(/** @type {{ stdout?: string }} */ (e).stdout ?? '{}'));
    }
    const chrome = zip.endsWith('-chrome.zip');
    const all = result.errors ?? [];
    const errors = all.filter((e) => !(chrome && FIREFOX_ONLY.has(e.code)));
    const skipped = all.length - errors.length;
    console.log(
      `${zip}: ${errors.length} errors, ${(result.warnings ?? []).length} warnings (web-ext lint)` +
        `${skipped ? `, ${skipped} Firefox-only (${[...FIREFOX_ONLY].join(', ')}) not counted` : ''}; ` +
        `${missing.length ? `missing ${missing.join(', ')}` : `icons and ${SHOTS.length} screenshots included`}`,
    );
    for (const e of errors) console.error(`  ${e.code}: ${e.message} (${e.file ?? ''})`);
    if (errors.length || missing.length) failed = true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
