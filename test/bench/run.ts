/**
 * `npm run bench`: measures every figure in figures/index.ts, prints one
 * table and writes the same figures to .output/bench.json. It only reports;
 * a missed target is shown as "no", and the exit code stays 0. A figure that
 * cannot be measured (no Chromium, no build) is reported and makes the exit
 * code 1, so a broken bench is not mistaken for a good one.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { sources } from './figures';
import { createContext } from './lib/context';
import { chromiumPath } from '../support/chromium';
import { judge, type MeasuredFigure } from './lib/figure';
import { RESULTS_JSON } from './lib/paths';
import { REPO_ROOT } from '../support/paths';
import { renderTable } from './lib/table';

// SQUIRCLE_BENCH_ONLY=marker,history measures only the sources whose name contains one of the words.
const only = process.env.SQUIRCLE_BENCH_ONLY?.split(',')
  .map((w) => w.trim())
  .filter(Boolean);
const chosen = only ? sources.filter((s) => only.some((w) => s.name.includes(w))) : sources;

const started = performance.now();
const measuredAt = new Date().toISOString();
const loadAtStart = loadavg().map((l) => Number(l.toFixed(2)));
const ctx = createContext();
const figures: MeasuredFigure[] = [];
const failures: { source: string; error: string }[] = [];

try {
  for (const source of chosen) {
    const t0 = performance.now();
    try {
      figures.push(...(await source.measure(ctx)).map(judge));
      console.error(`bench: ${source.name} measured in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (err) {
      failures.push({ source: source.name, error: (err as Error).message });
      console.error(`bench: ${source.name} could not be measured: ${(err as Error).message}`);
    }
  }
} finally {
  await ctx.close();
}

const chromium = ctx.chromiumVersion() ?? binaryVersion();
const environment = {
  node: process.version,
  chromium,
  os: `${platform()} ${release()}`,
  cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
  cpuCount: cpus().length,
  memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
  // Other work on the machine makes timings noisy: the 1, 5 and 15 minute load averages.
  loadAverage: { atStart: loadAtStart, atEnd: loadavg().map((l) => Number(l.toFixed(2))) },
  commit: gitCommit(),
};
console.log(renderTable(figures));
console.log(
  `\nChromium ${chromium ?? 'not run'}, Node ${environment.node}, ${environment.cpu}, ` +
    `${environment.memoryGiB} GiB, ${environment.os}; ` +
    `load ${loadAtStart[0]} at start; ${measuredAt}; commit ${environment.commit}`,
);
for (const f of failures) console.log(`NOT MEASURED: ${f.source}: ${f.error}`);

mkdirSync(dirname(RESULTS_JSON), { recursive: true });
writeFileSync(RESULTS_JSON, `${JSON.stringify({ measuredAt, environment, figures, failures }, null, 2)}\n`);
console.error(`bench: wrote ${RESULTS_JSON} in ${((performance.now() - started) / 1000).toFixed(1)} s total`);
process.exitCode = failures.length ? 1 : 0;

/** The commit measured, with `+changes` when the working tree differs from it. */
function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}

/** Chromium's version from the binary, when no source opened the bench page (e.g. only extension figures ran). */
function binaryVersion(): string | null {
  try {
    return /\d+(\.\d+)+/.exec(execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8' }))?.[0] ?? null;
  } catch {
    return null;
  }
}
