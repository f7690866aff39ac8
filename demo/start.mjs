// npm start: the practice setup on this machine. Opens a Chromium-family
// browser with the built extension loaded on the practice call it ships
// (practice.html, no server), and starts the co-leader broker.
// The profile lives in .output/start-profile so the vault survives restarts.
// `node demo/server.mjs` still serves the same call page over http for
// developers who want it at a web address.
//
//   SQUIRCLE_BROWSER=/path/to/browser npm start     # choose the browser
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXT = join(ROOT, '.output', 'chrome-mv3');
const PROFILE = join(ROOT, '.output', 'start-profile');

/** Chromium's id for an unpacked extension with a `key`: the key's SHA-256, first 32 hex digits as a-p. */
function extensionId() {
  const { key } = JSON.parse(readFileSync(join(ROOT, 'ext', 'dev-key.json'), 'utf8'));
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');
}

// Chromium and Edge still honour --load-extension; branded Google Chrome
// 137+ ignores it (load the folder by hand there, see README).
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/microsoft-edge',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
];

function findBrowser() {
  if (process.env.SQUIRCLE_BROWSER) return process.env.SQUIRCLE_BROWSER;
  return CANDIDATES.find((p) => existsSync(p));
}

if (!existsSync(join(EXT, 'manifest.json'))) {
  console.error('No built extension in .output/chrome-mv3: run `npm run build` first (npm start does it for you).');
  process.exit(1);
}
const browser = findBrowser();
if (!browser) {
  console.error(
    "No Chromium-family browser found. Install Debian's: apt-get install chromium, " +
      'or set SQUIRCLE_BROWSER=/path/to/browser.',
  );
  process.exit(1);
}

const practiceUrl = `chrome-extension://${extensionId()}/practice.html`;
console.log(`Practice call page: ${practiceUrl}`);
const brokers = await startBrokerIfPresent();
mkdirSync(PROFILE, { recursive: true });

const args = [
  `--user-data-dir=${PROFILE}`,
  `--disable-extensions-except=${EXT}`,
  `--load-extension=${EXT}`,
  '--no-first-run',
  '--disable-background-networking',
  '--disable-sync',
  practiceUrl,
];
if (process.getuid?.() === 0) args.unshift('--no-sandbox');
if (!process.env.DISPLAY && process.platform === 'linux') {
  console.error('No display: the browser needs one (on a server, try `xvfb-run npm start`).');
}
console.log(`Opening ${browser} with Squircle loaded. Close the browser to stop.`);
const child = spawn(browser, args, { stdio: 'ignore' });
const stop = async () => {
  await brokers?.close();
  process.exit(0);
};
child.on('exit', stop);
process.on('SIGINT', () => child.kill());

/** The embedded broker joins npm start once the co-leader channel exists. */
async function startBrokerIfPresent() {
  const entry = join(ROOT, 'broker', 'start.mjs');
  if (!existsSync(entry)) return undefined;
  const { startBroker } = await import(entry);
  const b = await startBroker();
  console.log(`Co-leader broker: ${b.url}`);
  return b;
}
