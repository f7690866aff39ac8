// Runs the end-to-end tests. Journeys that need real input (the idle API,
// keyboard shortcuts) run headed, so without a display this starts one
// under xvfb-run; it says how to install it when it is missing.
//
// With no files named, the suite runs in two rounds: first every file that
// shares nothing machine-wide, two at a time (brokers and profiles are on
// free ports and in temporary folders); then, one at a time, the files that
// do share something: the policy folders (/etc/chromium/policies, Firefox's
// managed storage in $HOME), the display's real keyboard and pointer
// (xdotool, headed browsers), or that say `e2e: alone` in their text because
// their timing suffers beside another browser. SQUIRCLE_E2E_WORKERS=1 runs
// the first round one at a time too. Named files run one at a time.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../..');
/** What in a test file's text makes it run alone. */
const ALONE = [/xdotool/, /headless:\s*false/, /support\/policy/, /managed-storage/, /\/etc\/chromium/, /e2e: alone/];

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'support' ? [] : testFiles(p);
    return e.name.endsWith('.test.ts') ? [relative(ROOT, p)] : [];
  });
}

function run(vitestArgs) {
  let cmd = 'npx';
  let args = ['vitest', 'run', '--config', 'test/vitest.e2e.config.ts', ...vitestArgs];
  if (!process.env.DISPLAY) {
    if (spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status !== 0) {
      console.error('The end-to-end tests need a display or xvfb-run. Install it with: apt-get install xvfb xauth');
      process.exit(1);
    }
    cmd = 'xvfb-run';
    args = ['-a', '--server-args=-screen 0 1280x900x24', 'npx', ...args];
  }
  return spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT }).status ?? 1;
}

const named = process.argv.slice(2);
if (named.some((a) => !a.startsWith('-'))) process.exit(run(named));

const files = testFiles(HERE).sort();
const alone = files.filter((f) => ALONE.some((re) => re.test(readFileSync(join(ROOT, f), 'utf8'))));
const together = files.filter((f) => !alone.includes(f));
const workers = String(Number(process.env.SQUIRCLE_E2E_WORKERS ?? 2) || 1);
console.log(`e2e: ${together.length} files ${workers} at a time, then ${alone.length} alone`);
const first = run(['--fileParallelism', '--maxWorkers', workers, ...named, ...together]);
const second = run([...named, ...alone]);
process.exit(first || second);
