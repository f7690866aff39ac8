// A measurement, not a check: how much main-thread time the content script
// takes on the Meet fixture while 12 members join and leave over one minute
// (with the page's own churn: a speaking ring moving every 250 ms and the
// clock ticking). Prints a table; asserts nothing about speed (DESIGN.md:
// speed belongs to `npm run bench`). Runs only with SQUIRCLE_MEASURE=1, since
// it takes two real minutes:
//
//   npm run build && SQUIRCLE_MEASURE=1 npx vitest run --config test/vitest.e2e.config.ts test/e2e/detection-cost.test.ts
//
// Two independent measures:
// - CPU profile (CDP Profiler, 100 µs sampling): every sample whose stack
//   holds a frame of call.js counts, so DOM calls the script makes
//   (querySelectorAll, checkVisibility's style work) are included;
// - ScriptDuration (CDP Performance.getMetrics) of the same scenario on the
//   same page served at a URL the content script does not match, subtracted
//   from an unprofiled run where it does. Noisier; a cross-check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { FIXTURES, routeFixtures } from './harness/fixtures-server';
import { FIXTURES_DIR } from './harness/paths';

const MINUTE_MS = 60_000;
const UNMATCHED = 'https://no-content-script.example/abc-defg-hij';

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Microseconds of samples with a call.js frame anywhere on the stack. */
function contentScriptMicros(p: CpuProfile): { micros: number; totalMicros: number } {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    if (ours.has(id)) return ours.get(id)!;
    const here = /^chrome-extension:\/\/[^/]+\/call\.js$/.test(byId.get(id)!.callFrame.url);
    const up = parent.get(id);
    const v = here || (up !== undefined && isOurs(up));
    ours.set(id, v);
    return v;
  };
  let micros = 0;
  let totalMicros = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i + 1] ?? 0;
    totalMicros += dt;
    if (isOurs(id)) micros += dt;
  });
  return { micros, totalMicros };
}

/** The scenario, run in the page: 12 join at 2.5 s steps, then leave, all within a minute, with page churn. */
async function simulatedMinute(page: Page): Promise<void> {
  await page.evaluate(async (minute) => {
    const f = (window as unknown as { fixture: { join(n: string): string; leave(id: string): void } }).fixture;
    const step = minute / 24;
    const churn = setInterval(() => {
      const tiles = document.querySelectorAll('[data-participant-id]');
      tiles.forEach((t, i) => t.classList.toggle('speaking', i === Math.floor(Math.random() * tiles.length)));
    }, 250);
    const clock = setInterval(() => {
      const c = document.querySelector('[jsname="clock"]');
      if (c) c.textContent = new Date().toLocaleTimeString();
    }, 1000);
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) {
      await new Promise((r) => setTimeout(r, step));
      if (i < 12) ids.push(f.join(`Member ${String.fromCharCode(67 + i)}`));
      else f.leave(ids[i - 12]!);
    }
    clearInterval(churn);
    clearInterval(clock);
  }, MINUTE_MS);
}

describe.skipIf(process.env.SQUIRCLE_MEASURE !== '1')('content script cost (measurement)', () => {
  let s: ChromiumSession;
  beforeAll(async () => {
    s = await launchChromium();
    await routeFixtures(s.context);
    const html = readFileSync(join(FIXTURES_DIR, 'meet.html'), 'utf8');
    await s.context.route(UNMATCHED, (r) => r.fulfill({ status: 200, contentType: 'text/html', body: html }));
    // Counts the reports the background stores (each callState message that changed something).
    await s.serviceWorker.evaluate(() => {
      const g = globalThis as unknown as { __reports: number };
      g.__reports = 0;
      chrome.storage.onChanged.addListener((c, area) => {
        if (area === 'session') g.__reports += Object.keys(c).filter((k) => k.startsWith('call:')).length;
      });
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  async function run(url: string, profile: boolean) {
    const page = await s.context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { fixture?: { ready: boolean } }).fixture?.ready === true);
    await page.waitForTimeout(1000);
    const cdp = await s.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    await s.serviceWorker.evaluate(() => {
      (globalThis as unknown as { __reports: number }).__reports = 0;
    });
    const metric = async (name: string) =>
      ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
    const before = await metric('ScriptDuration');
    await simulatedMinute(page);
    await page.waitForTimeout(1000); // the last settle
    const scriptMs = (await metric('ScriptDuration')) - before;
    const cpu = profile ? contentScriptMicros((await cdp.send('Profiler.stop')).profile as unknown as CpuProfile) : undefined;
    const sent = await s.serviceWorker.evaluate(() => (globalThis as unknown as { __reports: number }).__reports);
    await page.close();
    return { scriptMs, cpu, sent };
  }

  test('Meet fixture, 12 members join and leave over a minute', async () => {
    // The profiler slows every script it samples, so ScriptDuration is compared on unprofiled runs only.
    const profiled = await run(FIXTURES.meet.url, true);
    const withScript = await run(FIXTURES.meet.url, false);
    const without = await run(UNMATCHED, false);
    const ms = (us: number) => (us / 1000).toFixed(1);
    const rows: [string, string][] = [
      ['content script main-thread time (CPU profile, call.js on stack)', `${ms(profiled.cpu!.micros)} ms`],
      ['  per minute of call, as a share of the main thread', `${((100 * profiled.cpu!.micros) / (MINUTE_MS * 1000)).toFixed(3)} %`],
      ['page ScriptDuration with the content script', `${withScript.scriptMs.toFixed(1)} ms`],
      ['page ScriptDuration without it (unmatched URL)', `${without.scriptMs.toFixed(1)} ms`],
      ['difference (noisy: the page draws 10 fps into each tile)', `${(withScript.scriptMs - without.scriptMs).toFixed(1)} ms`],
      ['callState reports stored (profiled run)', String(profiled.sent)],
    ];
    console.log(`\nContent script cost, simulated minute on the Meet fixture\n${rows.map(([k, v]) => `  ${k.padEnd(66)} ${v}`).join('\n')}\n`);
    expect(profiled.sent).toBeGreaterThan(0); // the scenario ran with the script active, not a speed check
  }, 5 * MINUTE_MS);
});
