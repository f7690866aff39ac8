// Issue 21's first run, from a fresh profile with only the built extension
// (no local server): create the vault, add the sample group, open the
// practice call, start a session beside it, mark a first moment and see it on
// the timeline. Timed by the test's clock; clicks and keystrokes are counted
// and printed. In Chromium (Playwright) and firefox-esr (puppeteer).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { collectPageErrors, launchChromium, type ChromiumSession } from '../support/chromium';
import { launchFirefox, type FirefoxSession } from './support/firefox';
import { waitForSelector } from './support/poll';
import { PASSPHRASE } from '../support/panel';

const POLL = { timeout: 15_000, interval: 100 };
/** The goal from the issue: a user's first marker within three minutes. */
const GOAL_MS = 180_000;

function report(browser: string, ms: number, clicks: number, keys: number): void {
  console.log(
    `[first run, ${browser}] vault to first marker: ${(ms / 1000).toFixed(1)} s, ${clicks} clicks, ${keys} keystrokes`,
  );
}

describe('first run in Chromium', () => {
  let s: ChromiumSession;
  beforeAll(async () => {
    s = await launchChromium();
  });
  afterAll(async () => {
    await s?.close();
  });

  test('vault → sample group → practice call → session → first marker on the timeline → three things', async () => {
    let clicks = 0;
    let keys = 0;
    const panel = await s.context.newPage();
    const errors = collectPageErrors(panel);
    await panel.setViewportSize({ width: 420, height: 900 });
    await panel.goto(s.extUrl('sidepanel.html'));
    const click = async (p: Page, selector: string) => {
      clicks++;
      await p.click(selector);
    };
    const type = async (p: Page, selector: string, text: string) => {
      clicks++;
      keys += text.length;
      await p.locator(selector).pressSequentially(text, { delay: 0 });
    };
    const t0 = Date.now();
    await type(panel, '#new-pass', PASSPHRASE);
    await type(panel, '#new-pass-again', PASSPHRASE);
    await click(panel, 'button:has-text("Create vault")');
    await panel.waitForSelector('[data-firstrun-step="sample"]');
    await panel.screenshot({ path: 'test/e2e/artifacts/first-run-start.png' });
    await click(panel, '.firstrun button:has-text("Add a sample group")');
    await panel.waitForSelector('[data-firstrun-step="call"]');
    const opened = s.context.waitForEvent('page');
    await click(panel, '.firstrun button:has-text("Open the practice call")');
    const practice = await opened;
    await practice.waitForFunction(() => window.fixture?.ready === true);
    await panel.waitForSelector('[data-firstrun-step="session"]', POLL);
    expect(await panel.locator('[data-call-state]').textContent()).toBe('Practice call: in a call with 3 people.');
    await click(panel, '.firstrun button:has-text("Start the sample session")');
    await panel.waitForSelector('[data-firstrun-step="mark"]', POLL);
    await click(panel, 'section.markerbar button.primary:text-is("Mark")');
    await panel.waitForSelector('[data-firstrun-step="done"]', POLL);
    await expect
      .poll(() => panel.locator('.timeline-lanes').getAttribute('aria-label'), POLL)
      .toMatch(/^Timeline, 1 marker;/);
    const ms = Date.now() - t0;
    report('Chromium', ms, clicks, keys);
    expect(ms).toBeLessThan(GOAL_MS);
    await panel.screenshot({ path: 'test/e2e/artifacts/first-run-done.png', fullPage: true });
    expect(await panel.locator('.firstrun li').allTextContents()).toEqual([
      expect.stringMatching(/^Keys\./),
      expect.stringMatching(/^Say it aloud\./),
      expect.stringMatching(/^Lock\./),
    ]);

    // The sample group goes in one click, with its session and markers; Done closes the guide.
    await panel.click('.firstrun button:has-text("Remove the sample group")');
    await expect.poll(() => panel.locator('[role="timer"]').count(), POLL).toBe(0);
    await panel.click('.firstrun button:has-text("Skip the guide")');
    await expect.poll(() => panel.locator('.firstrun').count(), POLL).toBe(0);
    const left = await panel.evaluate(async () => {
      const open = indexedDB.open('squircle');
      const db = await new Promise<IDBDatabase>((r) => (open.onsuccess = () => r(open.result)));
      const count = (t: string) =>
        new Promise<number>((r) => {
          const q = db.transaction(t).objectStore(t).count();
          q.onsuccess = () => r(q.result);
        });
      const out = [await count('groups'), await count('members'), await count('sessions'), await count('markers')];
      db.close();
      return out;
    });
    expect(left).toEqual([0, 0, 0, 0]);

    // Help brings the guide back.
    const help = await s.context.newPage();
    const helpErrors = collectPageErrors(help);
    await help.goto(s.extUrl('help.html'));
    expect(await help.locator('h2').allTextContents()).toEqual([
      'Getting started',
      'Keys',
      'Co-leader modes',
      'What is private from whom',
      'Where your data lives',
    ]);
    await help.click('button:has-text("Show the first-run guide again")');
    await help.waitForSelector('[role="status"]');
    await expect.poll(() => panel.locator('[data-firstrun-step="sample"]').count(), POLL).toBe(1);
    expect(errors).toEqual([]);
    expect(helpErrors).toEqual([]);
  });
});

describe('first run in firefox-esr', () => {
  let ff: FirefoxSession;
  beforeAll(async () => {
    ff = await launchFirefox();
  });
  afterAll(async () => {
    await ff?.close();
  });

  /** Clicks the first button under `scope` whose text contains `text`. */
  const press = (p: FirefoxPage, scope: string, text: string) =>
    p.evaluate(
      (sc: string, t: string) => {
        const b = [...document.querySelectorAll<HTMLButtonElement>(`${sc} button`)].find((x) =>
          x.textContent?.includes(t),
        );
        if (!b) throw new Error(`No button "${t}" in ${sc}`);
        b.click();
      },
      scope,
      text,
    );

  test('vault → sample group → practice call → session → first marker', async () => {
    let clicks = 0;
    let keys = 0;
    const panel = await ff.openExtensionPage('sidepanel.html');
    await waitForSelector(panel, '#new-pass');
    const t0 = Date.now();
    for (const f of ['#new-pass', '#new-pass-again']) {
      clicks++;
      keys += PASSPHRASE.length;
      await panel.type(f, PASSPHRASE);
    }
    clicks++;
    await panel.click('button[type="submit"]');
    await waitForSelector(panel, '[data-firstrun-step="sample"]');
    clicks++;
    await press(panel, '.firstrun', 'Add a sample group');
    await waitForSelector(panel, '[data-firstrun-step="call"]');
    clicks++;
    await press(panel, '.firstrun', 'Open the practice call');
    await waitForSelector(panel, '[data-firstrun-step="session"]');
    clicks++;
    await press(panel, '.firstrun', 'Start the sample session');
    await waitForSelector(panel, '[data-firstrun-step="mark"]');
    clicks++;
    await press(panel, 'section.markerbar', 'Mark');
    await waitForSelector(panel, '[data-firstrun-step="done"]');
    const ms = Date.now() - t0;
    report('firefox-esr', ms, clicks, keys);
    expect(ms).toBeLessThan(GOAL_MS);
    expect(await ff.extensionErrors()).toEqual([]);
  });
});
