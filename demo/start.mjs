// npm start: the practice setup on this machine. Serves the demo call page,
// then opens a Chromium-family browser with the built extension loaded on it.
// The profile lives in .output/start-profile so the vault survives restarts.
//
//   SQUIRCLE_BROWSER=/path/to/browser npm start     # choose the browser
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from './server.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXT = join(ROOT, '.output', 'chrome-mv3');
const PROFILE = join(ROOT, '.output', 'start-profile');
const PORT = Number(process.env.SQUIRCLE_DEMO_PORT ?? 5179);

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

const demo = await startDemoServer(PORT).catch(() => startDemoServer(0));
console.log(`Practice call page: ${demo.url}`);
const brokers = await startBrokerIfPresent();
mkdirSync(PROFILE, { recursive: true });

const args = [
  `--user-data-dir=${PROFILE}`,
  `--disable-extensions-except=${EXT}`,
  `--load-extension=${EXT}`,
  '--no-first-run',
  '--disable-background-networking',
  '--disable-sync',
  demo.url,
];
if (process.getuid?.() === 0) args.unshift('--no-sandbox');
if (!process.env.DISPLAY && process.platform === 'linux') {
  console.error('No display: the browser needs one (on a server, try `xvfb-run npm start`).');
}
console.log(`Opening ${browser} with Squircle loaded. Close the browser to stop.`);
const child = spawn(browser, args, { stdio: 'ignore' });
const stop = async () => {
  await demo.close();
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
