// Runs the end-to-end tests. Journeys that need real input (the idle API,
// keyboard shortcuts) run headed, so without a display this starts one
// under xvfb-run; it says how to install it when it is missing.
import { spawnSync } from 'node:child_process';

const vitest = ['vitest', 'run', '--config', 'test/vitest.e2e.config.ts', ...process.argv.slice(2)];
let cmd = 'npx';
let args = vitest;
if (!process.env.DISPLAY) {
  if (spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status !== 0) {
    console.error('The end-to-end tests need a display or xvfb-run. Install it with: apt-get install xvfb xauth');
    process.exit(1);
  }
  cmd = 'xvfb-run';
  args = ['-a', '--server-args=-screen 0 1280x900x24', 'npx', ...vitest];
}
const r = spawnSync(cmd, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
