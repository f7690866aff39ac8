// A profile reused across launches is a browser restart: extension storage
// survives and the extension keeps its id, in both browsers.
import { rmSync } from 'node:fs';
import { expect, test } from 'vitest';
import { launchChromium } from '../support/chromium';
import { makeTempDir } from '../support/paths';
import { launchFirefox } from './support/firefox';

// Firefox's `browser` global, inside evaluate() (the callback runs in the page, so the cast is inline).
type FirefoxGlobal = {
  browser: { storage: { local: typeof chrome.storage.local }; runtime: { getURL(path: string): string } };
};

test('Chromium keeps extension storage and id across a restart on the same profile', async () => {
  const profileDir = makeTempDir('squircle-restart-chromium-');
  try {
    const first = await launchChromium({ profileDir });
    const page = await first.context.newPage();
    await page.goto(first.extUrl('options.html'));
    await page.evaluate(() => chrome.storage.local.set({ restartProbe: 'kept' }));
    await first.close();

    const second = await launchChromium({ profileDir });
    expect(second.extensionId).toBe(first.extensionId);
    const again = await second.context.newPage();
    await again.goto(second.extUrl('options.html'));
    expect(await again.evaluate(() => chrome.storage.local.get('restartProbe'))).toEqual({ restartProbe: 'kept' });
    await second.close();
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
  }
});

test('Firefox keeps extension storage and its pinned UUID across a restart on the same homeDir', async () => {
  const homeDir = makeTempDir('squircle-restart-firefox-');
  try {
    const first = await launchFirefox({ homeDir });
    const page = await first.openExtensionPage('options.html');
    await page.evaluate(() =>
      (globalThis as unknown as FirefoxGlobal).browser.storage.local.set({ restartProbe: 'kept' }),
    );
    await first.close();

    const second = await launchFirefox({ homeDir });
    const again = await second.openExtensionPage('options.html');
    // The extension itself reports the pinned UUID in its own URLs.
    expect(await again.evaluate(() => (globalThis as unknown as FirefoxGlobal).browser.runtime.getURL(''))).toBe(
      first.extUrl(''),
    );
    expect(
      await again.evaluate(() => (globalThis as unknown as FirefoxGlobal).browser.storage.local.get('restartProbe')),
    ).toEqual({
      restartProbe: 'kept',
    });
    await second.close();
  } finally {
    rmSync(homeDir, { recursive: true, force: true });
  }
});
