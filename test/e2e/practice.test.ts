// The practice call shipped inside the extension (practice.html), with no
// local server: the page runs the demo adapter through the same watcher and
// message as the content script, and the background keeps its state like a
// real call's. In Chromium and firefox-esr, from a fresh profile.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { CallState } from '../../ext/common/call-state';
import type { PracticeRun } from '../../ext/common/practice-run';
import { collectPageErrors, launchChromium, type ChromiumSession } from '../support/chromium';
import { launchFirefox, type FirefoxSession } from './support/firefox';
import { waitForSelector } from './support/poll';
import { createVault, openView } from '../support/panel';
import { addGroup, startSession } from '../support/journey';

const POLL = { timeout: 10_000, interval: 100 };
const STARTING = ['Co-leader', 'Member A', 'Member B'];

describe('practice call in Chromium', () => {
  let s: ChromiumSession;
  let practice: Page;
  let errors: string[];
  let tabId: number;

  beforeAll(async () => {
    s = await launchChromium();
    practice = await s.context.newPage();
    errors = collectPageErrors(practice);
    await practice.goto(s.extUrl('practice.html'));
    await practice.waitForFunction(() => window.fixture?.ready === true);
    tabId = await practice.evaluate(async () => (await chrome.tabs.getCurrent())!.id!);
  });
  afterAll(async () => {
    await s?.close();
  });

  const state = () =>
    s.serviceWorker.evaluate(
      async (key) => (await chrome.storage.session.get(key))[key] as CallState | undefined,
      `call:${tabId}`,
    );

  test('is detected as a call by the demo adapter, reported like a content script', async () => {
    await expect.poll(state, POLL).toMatchObject({
      platform: 'demo',
      healthy: true,
      inCall: true,
      presenting: false,
      participants: STARTING,
      meetingId: 'squircle-practice',
    });
    await practice.getByRole('button', { name: 'A member joins' }).click();
    await expect.poll(async () => (await state())?.participants, POLL).toEqual([...STARTING, 'Member C']);
    await practice.getByRole('button', { name: 'Present now' }).click();
    await expect.poll(async () => (await state())?.presenting, POLL).toBe(true);
    await practice.getByRole('button', { name: 'Stop presenting' }).click();
    await expect.poll(async () => (await state())?.presenting, POLL).toBe(false);
    expect(errors).toEqual([]);
  });

  test('the panel following the practice tab shows the call', async () => {
    const panel = await s.context.newPage();
    await panel.goto(s.extUrl(`sidepanel.html?tab=${tabId}`));
    await panel.fill('#new-pass', 'quiet harbour lantern 47');
    await panel.fill('#new-pass-again', 'quiet harbour lantern 47');
    await panel.click('button:has-text("Create vault")');
    await expect
      .poll(() => panel.locator('[data-call-state]').first().textContent(), POLL)
      .toMatch(/^Practice call: in a call with \d people\.$/);
    await panel.close();
  });

  test('another extension page claiming the practice call is refused', async () => {
    const other = await s.context.newPage();
    await other.goto(s.extUrl('options.html'));
    const otherTab = await other.evaluate(async () => (await chrome.tabs.getCurrent())!.id!);
    // Forged on the call port the content script and the practice page use (calls/send.ts).
    await other.evaluate(() => {
      const port = chrome.runtime.connect({ name: 'squircle-call' });
      port.postMessage({ type: 'callPage', data: { platform: 'demo' } });
      port.postMessage({
        type: 'callState',
        data: {
          platform: 'demo',
          healthy: true,
          inCall: true,
          presenting: false,
          participants: ['Forged'],
          meetingId: 'x',
          missing: [],
        },
      });
    });
    // The real page's next report lands after the forged one would have.
    await practice.getByRole('button', { name: 'A member leaves' }).click();
    await expect.poll(async () => (await state())?.participants, POLL).toEqual(STARTING);
    const forged = await s.serviceWorker.evaluate(
      async (key) => (await chrome.storage.session.get(key))[key],
      `call:${otherTab}`,
    );
    expect(forged).toBeUndefined();
    await other.close();
  });
});

describe('a scenario on the practice call in Chromium, at double speed on the page clock', () => {
  let s: ChromiumSession;
  beforeAll(async () => {
    s = await launchChromium();
  });
  afterAll(async () => {
    await s?.close();
  });

  test('plays its scripted moments on the tiles at their times and records the run', async () => {
    const page = await s.context.newPage();
    await page.clock.install();
    await page.goto(s.extUrl('practice.html'));
    await page.waitForFunction(() => window.fixture?.ready === true);
    await page.selectOption('#scenario', 'late-and-behind');
    await page.selectOption('#speed', '2');
    await page.click('#play');
    const tile = (name: string) => page.locator('#tiles .tile', { has: page.locator(`.name:text-is("${name}")`) });
    const classes = async (name: string) => ((await tile(name).getAttribute('class')) ?? '').split(' ');
    await expect
      .poll(() => page.evaluate(() => window.fixture!.participants()))
      .toEqual(['You', 'Co-leader', 'Ana', 'Ben', 'Cleo']);
    // late-and-behind.json: behind Ana at 40 s for 15 s, Ben's face at 90 s, Dana at 140 s (halved at double speed).
    await page.clock.fastForward(19_000);
    await expect.poll(() => classes('Ana')).not.toContain('behind');
    await page.clock.fastForward(2_000);
    await expect.poll(() => classes('Ana')).toContain('behind');
    await page.clock.fastForward(8_000);
    await expect.poll(() => classes('Ana')).not.toContain('behind');
    await page.clock.fastForward(17_000);
    await expect.poll(() => classes('Ben')).toContain('tight');
    await expect.poll(() => classes('Ana')).toContain('speaking');
    await page.clock.fastForward(25_000);
    await expect.poll(() => tile('Dana').count()).toBe(1);
    await page.clock.fastForward(25_000);
    await expect
      .poll(() => tile('Co-leader').locator('.signal').textContent())
      .toBe("Signal: Have a look at Ben's tile");
    await page.clock.fastForward(26_000);
    await expect
      .poll(() => page.locator('#scenario-status').textContent())
      .toBe('Finished. The debrief is in the panel, under Practice.');
    const run = (await page.evaluate(
      async () => (await chrome.storage.session.get('practice:run'))['practice:run'],
    )) as PracticeRun;
    expect(run).toMatchObject({ scenarioId: 'late-and-behind', speed: 2 });
    expect(run.endsAt - run.startedAt).toBe(120_000);
  });
});

describe('a scenario at double speed, marked in the panel, gives the expected debrief (Chromium)', () => {
  let s: ChromiumSession;
  beforeAll(async () => {
    s = await launchChromium();
  });
  afterAll(async () => {
    await s?.close();
  });

  test('noticed with its latency, named aloud, missed, kept sealed in the vault', async () => {
    // One fake clock for every page of the profile: the practice page's timers and the panel's marker times.
    await s.context.clock.install();
    const practice = await s.context.newPage();
    await practice.goto(s.extUrl('practice.html'));
    await practice.waitForFunction(() => window.fixture?.ready === true);
    const tabId = await practice.evaluate(async () => (await chrome.tabs.getCurrent())!.id!);
    const panel = await s.context.newPage();
    await panel.goto(s.extUrl(`sidepanel.html?tab=${tabId}`));
    await createVault(panel);
    await addGroup(panel, 'Rehearsal group', ['Ana', 'Ben', 'Cleo', 'Dana']);
    await startSession(panel, 'Rehearsal group');
    const mark = async (family: string, code: string) => {
      await panel.click(`section.markerbar button:text-is("${family}")`);
      await panel.click(`section.markerbar button[data-code="${code}"]`);
    };

    await practice.selectOption('#scenario', 'late-and-behind');
    await practice.selectOption('#speed', '2');
    await practice.click('#play');
    // late-and-behind.json at double speed: behind Ana at 20 s, Ben's face at 45 s, Dana late at 70 s, signal at 95 s.
    await s.context.clock.fastForward(22_000);
    await mark('Behind the screen', 'background.seen');
    await mark('Behind the screen', 'background.named');
    await s.context.clock.fastForward(50_000); // Ben's face passes unmarked; Dana joins at 70 s.
    await mark('Frame and setting', 'frame.late');
    await s.context.clock.fastForward(50_000); // the signal passes unmarked; the scenario ends at 120 s.
    await expect.poll(() => practice.locator('#scenario-status').textContent()).toMatch(/^Finished\./);

    await openView(panel, 'Practice');
    const debrief = panel.locator('[data-debrief]');
    await expect.poll(() => debrief.count(), POLL).toBe(1);
    const noticed = await debrief
      .locator('[data-moment]')
      .evaluateAll((li) => li.map((l) => [l.getAttribute('data-moment'), l.getAttribute('data-noticed')]));
    expect(noticed).toEqual([
      ['behind-ana', 'yes'],
      ['face-ben', 'no'],
      ['late-dana', 'yes'],
      ['signal-look', 'no'],
    ]);
    const line = (id: string) => debrief.locator(`[data-moment="${id}"]`).textContent();
    expect(await line('behind-ana')).toMatch(
      /^Someone walked behind Ana\. Noticed after (\d+(\.\d)?) s, named aloud\./,
    );
    const after = Number(/after ([\d.]+) s/.exec((await line('behind-ana'))!)![1]);
    expect(after).toBeGreaterThanOrEqual(2);
    expect(after).toBeLessThan(8);
    expect(await line('face-ben')).toContain('Missed (Body and face would count).');
    expect(await debrief.locator('[data-debrief-summary]').textContent()).toMatch(
      /^Noticed 2 of 4, after .* named aloud 1\.$/,
    );

    await panel.setViewportSize({ width: 420, height: 900 });
    await panel.screenshot({ path: 'test/e2e/artifacts/practice-debrief.png', fullPage: true });
    // Kept in the vault, sealed beside the scratch note, apart from the clinical tables.
    const kept = await panel.evaluate(async () => {
      const open = indexedDB.open('squircle');
      const db = await new Promise<IDBDatabase>((r) => (open.onsuccess = () => r(open.result)));
      const row = await new Promise<{ body: Uint8Array } | undefined>((r) => {
        const q = db.transaction('scratch').objectStore('scratch').get('practice');
        q.onsuccess = () => r(q.result as { body: Uint8Array } | undefined);
      });
      db.close();
      return row ? new TextDecoder().decode(row.body) : null;
    });
    expect(kept).not.toBeNull();
    expect(kept).not.toContain('Someone walked behind');
  });
});

describe('practice call in firefox-esr', () => {
  let ff: FirefoxSession;
  beforeAll(async () => {
    ff = await launchFirefox();
  });
  afterAll(async () => {
    await ff?.close();
  });

  test('is detected as a call, and the panel following its tab shows it', async () => {
    const practice = await ff.openExtensionPage('practice.html');
    await waitForSelector(practice, '[data-squircle-demo] #tiles [data-participant-id]');
    const tabId = await practice.evaluate(async () => (await chrome.tabs.getCurrent())!.id!);
    const panel = await ff.openExtensionPage(`sidepanel.html?tab=${tabId}`);
    await waitForSelector(panel, '#new-pass');
    await panel.type('#new-pass', 'quiet harbour lantern 47');
    await panel.type('#new-pass-again', 'quiet harbour lantern 47');
    await panel.click('button[type="submit"]');
    await waitForSelector(panel, '[data-call-state="in-call"]', 20_000);
    expect(await panel.evaluate(() => document.querySelector('[data-call-state]')?.textContent)).toBe(
      'Practice call: in a call with 3 people.',
    );
    expect(await ff.extensionErrors()).toEqual([]);
  });
});
