// Issue 3: keyboard shortcuts (commands API) mark while the call page has
// focus, and presenting hides the panel until revealed. Commands only fire
// on real key events: headed Chromium under a display, keys from xdotool.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { addGroup, callWithPanel, startSession } from '../support/journey';
import { expectNoPlaintext } from './support/no-plaintext';

const hasXdotool = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v xdotool']);
    return !!process.env.DISPLAY;
  } catch {
    return false;
  }
})();

async function key(page: Page, combo: string): Promise<void> {
  await page.bringToFront();
  await page.click('body');
  execFileSync('xdotool', ['key', '--clearmodifiers', combo]);
}

describe.runIf(hasXdotool)('shortcuts and the screen-share guard', () => {
  let s: ChromiumSession;
  let meet: Page;
  let panel: Page;
  const markers = () => panel.locator('ul.markers > li').count();
  const presenting = () =>
    s.serviceWorker.evaluate(async () =>
      Object.values(await chrome.storage.session.get(null)).some(
        (v) => (v as { presenting?: boolean })?.presenting === true,
      ),
    );

  beforeAll(async () => {
    s = await launchChromium({ headless: false });
    ({ call: meet, panel } = await callWithPanel(s));
    await addGroup(panel, 'Shortcut group', ['Sam Example']);
    await startSession(panel, 'Shortcut group');
  });
  afterAll(async () => {
    await s?.close();
  });

  test('Alt+Shift+M in the call page records a marker', async () => {
    await key(meet, 'alt+shift+m');
    await expect.poll(markers, { timeout: 10_000 }).toBe(1);
  });

  test('Alt+Shift+L records a marker 15 s back on the session clock', async () => {
    await new Promise((r) => setTimeout(r, 2000));
    await key(meet, 'alt+shift+l');
    await expect.poll(markers, { timeout: 10_000 }).toBe(2);
    const times = await panel.locator('ul.markers .time').allTextContents();
    expect(times).toContain('0:00');
  });

  test('Alt+Shift+U records a marker and opens it with the member list focused', async () => {
    await key(meet, 'alt+shift+u');
    await expect.poll(markers, { timeout: 10_000 }).toBe(3);
    await panel.waitForSelector('select[id$="-member"]');
    await expect.poll(() => panel.evaluate(() => document.activeElement?.id.endsWith('-member'))).toBe(true);
  });

  test('presenting on the call page hides the panel until revealed', async () => {
    await meet.evaluate(() => window.fixture.startPresenting());
    await panel.waitForSelector('section.guard', { timeout: 10_000 });
    expect(await panel.locator('ul.markers').count()).toBe(0);
    await panel.click('button:has-text("Show anyway")');
    await panel.waitForSelector('ul.markers');
    await meet.evaluate(() => window.fixture.stopPresenting());
    await expect.poll(() => presenting(), { timeout: 10_000 }).toBe(false);
    await meet.evaluate(() => window.fixture.startPresenting());
    await panel.waitForSelector('section.guard', { timeout: 10_000 });
  });

  test('no name is readable in the profile', async () => {
    await expectNoPlaintext({ chromium: [s], secrets: ['Shortcut group', 'Sam Example'] });
  });
});
