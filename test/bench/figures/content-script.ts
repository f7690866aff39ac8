/**
 * What the content script costs the call page's main thread per minute of
 * call, in the built extension on the Meet fixture (served at Meet's real
 * URL). One minute of a 12-person call (12 join, then 12 leave, one event
 * every 2.5 s, with the page's own churn: a speaking ring moving 4 times a
 * second and the clock ticking every second) is played COMPRESSED: every
 * interval divided by COMPRESSION, so the page goes through exactly one
 * minute's events in 60 / COMPRESSION s. The content script has no timers
 * of its own besides a 300 ms settle after a relevant mutation (calls/watch.ts),
 * so its work follows the events, not the clock, as long as events stay more
 * than the settle apart (625 ms at 4x): the time measured is one minute's.
 *
 * Nobody listens in the main figure: no vault is unlocked and no panel
 * shows the call, so the page only notes what changed (calls/watch.ts). The
 * same minute is measured again with an extension page listening on
 * CALL_LISTEN_PORT, as a panel showing the call does: then every join and
 * leave is read and sent at once.
 *
 * The figure comes from a Chromium trace (CDP Tracing, devtools.timeline):
 * Blink emits a FunctionCall event each time it calls into JavaScript, with
 * the script's URL and the thread CPU time of the call, DOM work it asks for
 * included. The figure is the CPU time of every call into the files the
 * manifest lists as content scripts (the script's MutationObserver
 * callbacks, its settle timer, its port's listeners); the extension's pages
 * and worker, whose calls the trace holds too, are left out. CPU rather than
 * wall time, because on a loaded machine a call's wall time also counts the
 * moments the OS ran something else; the wall time is in bench.json.
 *
 * Two cross-checks, in the same run:
 * - a CDP CPU profile (100 µs sampling) of the renderer: the content script
 *   runs in an isolated world of the page's V8 isolate, so its samples are in
 *   the profile; a sample counts when a frame on its stack comes from the
 *   extension. Sampled, so coarse, and it counts wall time;
 * - the renderer's ScriptDuration (Performance.getMetrics) over the same
 *   scenario, minus the same on the same page served at a URL the content
 *   script does not match (traced and profiled too, so overheads cancel).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../../support/chromium';
import { FIXTURES, routeFixtures } from '../../support/fixtures-server';
import { attribute, type CpuProfile } from '../lib/cpu-profile';
import { callsInto, type TraceEvent } from '../lib/trace';
import type { FigureSource } from '../lib/context';
import { CHROME_BUILD, FIXTURES_DIR } from '../../support/paths';
import { CALL_LISTEN_PORT } from '../../../calls/report';

const COMPRESSION = 4;
const SAMPLING_US = 100;
const TARGET = { max: 1 };
const MATCHED = FIXTURES.meet.url;
/** Same page, a URL outside every content-script match: the baseline. */
const UNMATCHED = 'https://no-content-script.example/abc-defg-hij';

interface Run {
  /** From the trace: calls into the extension's scripts. */
  calls: number;
  cpuMicros: number;
  wallMicros: number;
  /** From the CPU profile. */
  sampledMicros: number;
  samples: number;
  totalSampledMicros: number;
  /** Performance.getMetrics ScriptDuration over the scenario. */
  scriptMs: number;
  /** Call reports the background stored. */
  reports: number;
}

/** A call report as stored in storage.session, as far as the checks here need it. */
interface Stored {
  participants: string[];
  updatedAt: number;
}

export const contentScriptFigures: FigureSource = {
  name: 'content script',
  async measure() {
    const s = await launchChromium();
    try {
      await routeFixtures(s.context);
      const html = readFileSync(join(FIXTURES_DIR, FIXTURES.meet.file), 'utf8');
      await s.context.route(UNMATCHED, (r) =>
        r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
      await countReports(s);
      // The content scripts' own files: the trace also holds the listener page's and the worker's calls.
      const scripts = contentScripts().map((f) => `chrome-extension://${s.extensionId}/${f}`);
      const ours = (url: string) => scripts.includes(url);
      const withScript = await run(s, MATCHED, ours, false);
      const listened = await run(s, MATCHED, ours, true);
      const without = await run(s, UNMATCHED, ours, false);
      if (withScript.reports > 0) throw new Error('the content script sent call reports while nobody listened');
      if (listened.reports < 24)
        throw new Error(`a listener got ${listened.reports} call reports for 24 joins and leaves`);
      if (without.calls > 0 || without.samples > 0 || without.reports > 0)
        throw new Error('the content script ran on the baseline URL');
      const seconds = 60 / COMPRESSION;
      const scenario =
        `Meet fixture, 12 join + 12 leave (one every 2.5 s) with speaking-ring and clock churn, ` +
        `one minute played in ${seconds} s (${COMPRESSION}x compressed)`;
      const ext = `chrome-extension://${s.extensionId}/`;
      return [
        {
          id: 'contentScript.mainThread.perMinute',
          label: 'Content script main-thread time per minute of call',
          value: withScript.cpuMicros / 1000,
          unit: 'ms',
          target: TARGET,
          how:
            `trace FunctionCall events into the content scripts (${contentScripts().join(', ')}): ` +
            `thread CPU time of ${withScript.calls} calls ` +
            `(wall time ${(withScript.wallMicros / 1000).toFixed(1)} ms); ` +
            `nobody listening (${withScript.reports} call reports stored; asked afterwards, ` +
            `the page reported the person who joined since); ${scenario}`,
        },
        {
          id: 'contentScript.mainThread.perMinute.listened',
          label: 'Content script per minute, a panel listening',
          value: listened.cpuMicros / 1000,
          unit: 'ms',
          how:
            `as the figure above, with an extension page listening on ${CALL_LISTEN_PORT}: ` +
            `thread CPU time of ${listened.calls} calls (wall time ${(listened.wallMicros / 1000).toFixed(1)} ms); ` +
            `${listened.reports} call reports stored; ${scenario}`,
        },
        {
          id: 'contentScript.profile.perMinute',
          label: 'Content script per minute, CPU profile (cross-check)',
          value: withScript.sampledMicros / 1000,
          unit: 'ms',
          how:
            `CDP CPU profile at ${SAMPLING_US} µs, samples with a ${ext} frame on the stack: ` +
            `${withScript.samples} samples of ` +
            `${Math.round(withScript.totalSampledMicros / 1000)} ms sampled; ${scenario}`,
        },
        {
          id: 'contentScript.scriptDuration.delta',
          label: 'Content script per minute, ScriptDuration with − without (cross-check)',
          value: withScript.scriptMs - without.scriptMs,
          unit: 'ms',
          how:
            `Performance.getMetrics ScriptDuration: ${withScript.scriptMs.toFixed(1)} ms at ${MATCHED}, ` +
            `${without.scriptMs.toFixed(1)} ms at ${UNMATCHED} (not matched); ${scenario}`,
        },
      ];
    } finally {
      await s.close();
    }
  },
};

/** The built extension's content scripts, as the manifest lists them (call-meet.js and the like). */
function contentScripts(): string[] {
  const manifest = JSON.parse(readFileSync(join(CHROME_BUILD, 'manifest.json'), 'utf8')) as {
    content_scripts: { js: string[] }[];
  };
  return manifest.content_scripts.flatMap((c) => c.js);
}

/** The background stores each report that changed something under storage.session `call:<tab>`; count those writes. */
async function countReports(s: ChromiumSession): Promise<void> {
  await s.serviceWorker.evaluate(() => {
    const g = globalThis as unknown as { __benchReports: number };
    g.__benchReports = 0;
    chrome.storage.onChanged.addListener((c, area) => {
      if (area === 'session') g.__benchReports += Object.keys(c).filter((k) => k.startsWith('call:')).length;
    });
  });
}

/** An extension page that listens for call reports as the panel does; close it to stop. */
async function listener(s: ChromiumSession): Promise<Page> {
  const ext = await s.context.newPage();
  await ext.goto(`chrome-extension://${s.extensionId}/options.html`);
  await ext.evaluate((name) => {
    (window as unknown as { port: chrome.runtime.Port }).port = chrome.runtime.connect({ name });
  }, CALL_LISTEN_PORT);
  return ext;
}

async function run(s: ChromiumSession, url: string, ours: (url: string) => boolean, listened: boolean): Promise<Run> {
  const page = await s.context.newPage();
  const ext = listened ? await listener(s) : undefined;
  try {
    const stored = () =>
      s.serviceWorker.evaluate(() => (globalThis as unknown as { __benchReports: number }).__benchReports);
    const before = await stored();
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { fixture?: { ready: boolean } }).fixture?.ready === true);
    // The content script's first read and report (stored: the background has answered the page), on a loaded
    // machine sometimes more than a second after the page is ready.
    for (let waited = 0; url === MATCHED && (await stored()) === before; waited += 100) {
      if (waited > 10_000)
        throw new Error('the content script sent no call report: it did not run on the Meet fixture');
      await page.waitForTimeout(100);
    }
    await page.waitForTimeout(1000);
    const cdp = await s.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
    await s.serviceWorker.evaluate(
      () => void ((globalThis as unknown as { __benchReports: number }).__benchReports = 0),
    );
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
    const traced = new Promise<void>((ok) => cdp.once('Tracing.tracingComplete', () => ok()));
    await cdp.send('Tracing.start', {
      traceConfig: { includedCategories: ['devtools.timeline'] },
      transferMode: 'ReportEvents',
    });
    await cdp.send('Profiler.start');
    const scriptBefore = await scriptDurationMs(cdp);
    await compressedMinute(page);
    await page.waitForTimeout(1000); // the last settle and report
    const scriptMs = (await scriptDurationMs(cdp)) - scriptBefore;
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.send('Tracing.end');
    await traced;
    const reports = await s.serviceWorker.evaluate(
      () => (globalThis as unknown as { __benchReports: number }).__benchReports,
    );
    await cdp.detach();
    if (!listened && url === MATCHED) await askedAfterwards(s, page);
    const sampled = attribute(profile as unknown as CpuProfile, ours);
    return {
      ...callsInto(events, ours),
      sampledMicros: sampled.micros,
      samples: sampled.samples,
      totalSampledMicros: sampled.totalMicros,
      scriptMs,
      reports,
    };
  } finally {
    await page.close();
    await ext?.close();
  }
}

/**
 * After a quiet minute: one more person joins, a listener starts, and the
 * page must report at once who is there, as noted while nobody listened.
 */
async function askedAfterwards(s: ChromiumSession, page: Page): Promise<void> {
  await page.evaluate(() =>
    (window as unknown as { fixture: { join(n: string): string } }).fixture.join('Late Member'),
  );
  const since = Date.now();
  const ext = await listener(s);
  try {
    const deadline = since + 5000;
    for (;;) {
      const states = (await s.serviceWorker.evaluate(async () =>
        Object.values(await chrome.storage.session.get(null)),
      )) as Stored[];
      const fresh = states.find((v) => typeof v === 'object' && v?.updatedAt >= since);
      if (fresh?.participants.join() === 'Co-leader Sam,Late Member,Member A,Member B') return;
      if (Date.now() > deadline)
        throw new Error(`asked after a quiet minute, the page reported ${JSON.stringify(fresh?.participants)}`);
      await page.waitForTimeout(100);
    }
  } finally {
    await ext.close();
  }
}

async function scriptDurationMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
}

/** One minute of call, every interval divided by COMPRESSION; runs in the page. */
async function compressedMinute(page: Page): Promise<void> {
  await page.evaluate(async (k) => {
    const f = (window as unknown as { fixture: { join(n: string): string; leave(id: string): void } }).fixture;
    const churn = setInterval(() => {
      const tiles = document.querySelectorAll('[data-participant-id]');
      const speaking = Math.floor(Math.random() * tiles.length);
      tiles.forEach((t, i) => t.classList.toggle('speaking', i === speaking));
    }, 250 / k);
    let second = 0;
    const clock = setInterval(() => {
      const c = document.querySelector('[jsname="clock"]');
      second++;
      if (c) c.textContent = `10:05:${String(second % 60).padStart(2, '0')} AM`;
    }, 1000 / k);
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) {
      await new Promise((r) => setTimeout(r, 2500 / k));
      if (i < 12) ids.push(f.join(`Member ${String.fromCharCode(67 + i)}`));
      else f.leave(ids[i - 12]!);
    }
    clearInterval(churn);
    clearInterval(clock);
  }, COMPRESSION);
}
