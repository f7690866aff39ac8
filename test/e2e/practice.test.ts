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
    await other.evaluate(() =>
      chrome.runtime.sendMessage({
        id: 0,
        type: 'callState',
        timestamp: Date.now(),
        data: {
          platform: 'demo',
          healthy: true,
          inCall: true,
          presenting: false,
          participants: ['Forged'],
          meetingId: 'x',
        },
      }),
    );
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
