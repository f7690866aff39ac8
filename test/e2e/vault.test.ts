// Issue 2: the vault in real Chromium. A note survives a restart, nothing
// clinical or secret reaches the profile on disk, a wrong passphrase harms
// nothing, and the vault locks itself when the machine is idle.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/chromium';
import { makeTempDir } from '../support/paths';
import { scanForSecrets } from './support/plaintext-scan';
import { expectNoPlaintext } from './support/no-plaintext';
import { PASSPHRASE, createVault, openView, sessionStorage, typeAndSave, unlock } from '../support/panel';

const NOTE = `scratch-${Math.random().toString(36).slice(2)}-marigold`;

describe('vault in Chromium', () => {
  const profileDir = makeTempDir('squircle-vault-');
  afterAll(() => rmSync(profileDir, { recursive: true, force: true }));

  test('a scratch note survives a browser restart and opens after unlock', async () => {
    let b = await launchChromium({ profileDir });
    let page = await b.context.newPage();
    await page.goto(b.extUrl('sidepanel.html'));
    await createVault(page);
    await openView(page, 'Scratch');
    await typeAndSave(page, '#scratch', NOTE, '[data-status="saved"]');
    await b.close();

    b = await launchChromium({ profileDir });
    page = await b.context.newPage();
    await page.goto(b.extUrl('sidepanel.html'));
    await page.waitForSelector('#unlock-pass');
    expect(await sessionStorage(b.serviceWorker)).toEqual({});
    await unlock(page);
    await openView(page, 'Scratch');
    expect(await page.inputValue('#scratch')).toBe(NOTE);
    await b.close();
  });

  test('a wrong passphrase shows a clear message and leaves the note intact', async () => {
    const b = await launchChromium({ profileDir });
    const page = await b.context.newPage();
    await page.goto(b.extUrl('sidepanel.html'));
    await page.fill('#unlock-pass', 'not the right one at all');
    await page.click('button:has-text("Unlock")');
    const alert = await page.waitForSelector('[role="alert"]');
    expect(await alert.textContent()).toContain('does not open this vault');
    await unlock(page);
    await openView(page, 'Scratch');
    expect(await page.inputValue('#scratch')).toBe(NOTE);
    await b.close();
  });

  test('with the browser closed, neither the note nor the passphrase is anywhere in the profile', async () => {
    const found = await scanForSecrets(profileDir, [NOTE, PASSPHRASE]);
    expect(found).toEqual([]);
    await expectNoPlaintext({ profileDirs: [profileDir], secrets: [NOTE, PASSPHRASE] });
  });
});

describe('auto-lock', () => {
  // The idle API only sees real input on a real display: headed under xvfb.
  test.runIf(!!process.env.DISPLAY)(
    'after the idle period the panel locks and storage.session holds no key',
    async () => {
      const b = await launchChromium({ headless: false });
      const page = await b.context.newPage();
      await page.goto(b.extUrl('sidepanel.html'));
      await createVault(page);
      expect(Object.keys(await sessionStorage(b.serviceWorker))).toContain('vaultKey');
      // A quarter minute: the shortest the idle API can detect.
      await page.evaluate(() => chrome.storage.local.set({ userSettings: { autoLockMinutes: 0.25 } }));
      await page.waitForSelector('#unlock-pass', { timeout: 90_000 });
      expect(Object.keys(await sessionStorage(b.serviceWorker))).not.toContain('vaultKey');
      await b.close();
    },
  );
});
