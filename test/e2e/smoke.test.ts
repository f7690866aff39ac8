// The built extension loads in both browsers, its pages open, and every
// fixture page answers at its real platform URL. Independent of what the
// panel shows: it only asks that the pages render something and log no errors.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { PLATFORMS, platformForUrl } from '../../calls/platforms';
import { collectPageErrors, launchChromium, watchContentScripts, type ChromiumSession } from '../support/chromium';
import { launchFirefox, type FirefoxSession } from './support/firefox';
import { FIXTURES, routeFixtures, startDemoServer, type DemoServer } from '../support/fixtures-server';
import { CHROME_EXTENSION_ID, GECKO_ID } from '../support/paths';

describe('Chromium', () => {
  let s: ChromiumSession;
  beforeAll(async () => {
    s = await launchChromium();
    await routeFixtures(s.context);
  });
  afterAll(async () => {
    await s?.close();
  });

  test('the extension loads with its fixed id and a running service worker', async () => {
    expect(s.extensionId).toBe(CHROME_EXTENSION_ID);
    expect(s.serviceWorker.url()).toBe(`chrome-extension://${CHROME_EXTENSION_ID}/background.js`);
    expect(await s.serviceWorker.evaluate(() => chrome.runtime.getManifest().manifest_version)).toBe(3);
  });

  for (const path of ['sidepanel.html', 'options.html']) {
    test(`${path} opens in a tab without errors`, async () => {
      const page = await s.context.newPage();
      const errors = collectPageErrors(page);
      // Extension pages give goto() no HTTP response; the rendered #app is the check.
      await page.goto(s.extUrl(path));
      await page.waitForFunction(() => (document.getElementById('app')?.childNodes.length ?? 0) > 0);
      await page.waitForTimeout(300);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  test('every platform in calls/platforms.ts has a fixture page', () => {
    const covered = new Set(Object.values(FIXTURES).map((f) => f.platform));
    expect(PLATFORMS.filter((p) => p.id !== 'demo' && !covered.has(p.id as never)).map((p) => p.id)).toEqual([]);
  });

  for (const [name, fixture] of Object.entries(FIXTURES)) {
    test(`fixture ${name} is served at ${fixture.url}, with the content script in it`, async () => {
      expect(platformForUrl(fixture.url)?.id).toBe(fixture.platform);
      const page = await s.context.newPage();
      const errors = collectPageErrors(page);
      const injected = await watchContentScripts(s, page);
      const res = await page.goto(fixture.url);
      expect(res?.status()).toBe(200);
      expect(page.url()).toBe(fixture.url);
      await page.waitForFunction(() => window.fixture?.ready === true);
      if (name === 'zoom') {
        const frame = page.frames().find((f) => f !== page.mainFrame());
        expect(frame?.url()).toMatch(/^https:\/\/app\.zoom\.us\/wc\/\d+\/join\?/);
        expect(platformForUrl(frame!.url())?.id).toBe('zoom');
        expect(await frame!.locator('#audioOptionMenu').count()).toBe(1);
        // all_frames: the call UI's frame gets the content script too.
        await expect.poll(injected).toEqual([fixture.url, frame!.url()].sort());
      } else {
        await expect.poll(injected).toEqual([fixture.url]);
      }
      await exerciseFixture(page);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  test('an unknown path on a platform host is a 404, never the network', async () => {
    const page = await s.context.newPage();
    const res = await page.goto('https://meet.google.com/not-a-fixture');
    expect(res?.status()).toBe(404);
    await page.close();
  });

  describe('practice call', () => {
    let demo: DemoServer;
    beforeAll(async () => {
      demo = await startDemoServer();
    });
    afterAll(async () => {
      await demo?.close();
    });

    test('is served on 127.0.0.1 and matched as the demo platform', async () => {
      expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/squircle-demo\/$/);
      expect(platformForUrl(demo.url)?.id).toBe('demo');
      const page = await s.context.newPage();
      const errors = collectPageErrors(page);
      const injected = await watchContentScripts(s, page);
      await page.goto(demo.url);
      await expect.poll(injected).toEqual([demo.url]);
      expect(await page.locator('[data-squircle-demo]').count()).toBe(1);
      expect(await page.locator('[data-self-name]').count()).toBe(1);
      expect(await page.locator('.google-symbols', { hasText: 'call_end' }).count()).toBe(1);
      await page.getByRole('button', { name: 'A member joins' }).click();
      expect(await page.evaluate(() => window.fixture.participants())).toEqual([
        'You',
        'Co-leader',
        'Member A',
        'Member B',
        'Member C',
      ]);
      await page.getByRole('button', { name: 'Present now' }).click();
      await expect.poll(() => page.getByText('You are presenting').isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Leave call' }).click();
      expect(await page.locator('[data-call-ended="true"]').isVisible()).toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    });

    test('pages outside the match patterns get no content script', async () => {
      const page = await s.context.newPage();
      const injected = await watchContentScripts(s, page);
      await page.goto(`${demo.origin}/not-the-demo/`);
      await page.waitForTimeout(500);
      expect(await injected()).toEqual([]);
      await page.close();
    });

    test('does not serve files outside demo/ or the server itself', async () => {
      for (const path of ['server.mjs', '..%2Fpackage.json', '../package.json']) {
        const res = await fetch(`${demo.url}${path}`);
        expect(res.status, path).toBe(404);
      }
    });
  });
});

/** The fixture's test API mutates the page the way the real call would. */
async function exerciseFixture(page: Page): Promise<void> {
  await page.waitForFunction(() => window.fixture?.ready === true);
  const before = await page.evaluate(() => window.fixture.participants());
  expect(before).toContain('Member A');
  await page.evaluate(() => window.fixture.join('Member Z'));
  expect(await page.evaluate(() => window.fixture.participants())).toEqual([...before, 'Member Z']);
  await page.evaluate(() => window.fixture.leave('Member A'));
  expect(await page.evaluate(() => window.fixture.participants())).not.toContain('Member A');
  await page.evaluate(() => window.fixture.startPresenting());
  expect(await page.evaluate(() => window.fixture.presenting)).toBe(true);
  await page.evaluate(() => window.fixture.stopPresenting());
  await page.evaluate(() => window.fixture.endCall());
  expect(await page.evaluate(() => window.fixture.ended)).toBe(true);
}

describe('Firefox', () => {
  let ff: FirefoxSession;
  beforeAll(async () => {
    ff = await launchFirefox();
  });
  afterAll(async () => {
    await ff?.close();
  });

  test('the extension installs with its gecko id, and its pages open in tabs without errors', async () => {
    expect(ff.extensionId).toBe(GECKO_ID);
    for (const path of ['sidepanel.html', 'options.html']) {
      const page = await ff.openExtensionPage(path);
      await page.waitForFunction(() => (document.getElementById('app')?.childNodes.length ?? 0) > 0);
      expect(await page.evaluate(() => location.href)).toBe(ff.extUrl(path));
      await page.close();
    }
    expect(await ff.extensionErrors()).toEqual([]);
  });

  test('fixture pages are served at their real URLs, frames included', async () => {
    const page = await ff.newFixturePage();
    await page.goto(FIXTURES.zoom.url);
    await page.waitForFunction(() => window.fixture?.ready === true);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame?.url()).toMatch(/^https:\/\/app\.zoom\.us\/wc\/\d+\/join\?/);
    expect(await frame!.$('.footer__leave-btn-container')).not.toBeNull();
    await page.goto(FIXTURES.meet.url);
    expect(await page.evaluate(() => window.fixture.participants())).toContain('Member B');
    await page.close();
  });
});
