// Issue 17: the vault's optional security key in real Chromium, with the DevTools protocol's virtual
// authenticator (CTAP2 with PRF and user verification) standing in for a USB key. The key is turned on in
// Settings after the recovery path is confirmed; then the stored wrap does not open with the passphrase
// alone, unlocking without the registered key fails with a clear message, and with it succeeds; re-encrypting
// everything under a new key keeps the key required.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { WrongPassphraseError, needsHardwareKey, unlockVault, type WrappedVaultKey } from '../../crypto';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { PASSPHRASE, createVault, openView, typeAndSave, unlock } from '../support/panel';

const NOTE = `keyed-${Math.random().toString(36).slice(2)}-juniper`;
const NEXT = 'copper kettle meadow 83 violet';

/** A virtual authenticator in this tab: a roaming CTAP2 key with PRF, user verification and automatic touch. */
async function plugInKey(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'usb',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      hasPrf: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** The wrapped vault key as stored in the profile's IndexedDB. */
function storedWrap(page: Page): Promise<WrappedVaultKey> {
  return page.evaluate(
    () =>
      new Promise<WrappedVaultKey>((resolve, reject) => {
        const r = indexedDB.open('squircle');
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          const get = r.result.transaction('vault').objectStore('vault').get('vault');
          get.onsuccess = () => {
            resolve((get.result as { wrapped: WrappedVaultKey }).wrapped);
            r.result.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

describe('security key (WebAuthn PRF) in Chromium', () => {
  let b: ChromiumSession;
  let page: Page;
  let key: { cdp: CDPSession; authenticatorId: string };
  beforeAll(async () => {
    b = await launchChromium();
    page = await b.context.newPage();
    await page.goto(b.extUrl('sidepanel.html'));
    await createVault(page);
    await openView(page, 'Scratch');
    await typeAndSave(page, '#scratch', NOTE, '[data-status="saved"]');
    key = await plugInKey(page);
  });
  afterAll(async () => {
    await b?.close();
  });

  test('Settings explains the recovery path and asks for confirmation, then registers the key', async () => {
    await page.goto(b.extUrl('options.html'));
    const section = page.locator('form[data-security-key="off"]');
    await section.locator('button:has-text("Also require a security key")').click();
    const recovery = await section.locator('[data-security-key-recovery]').textContent();
    expect(recovery).toContain('will not open again');
    // No clinic recovery in this profile: the backup from before is the only way back, and it says so.
    expect(recovery).toContain('no clinic recovery is set up');
    await page.fill('#security-key-pass', PASSPHRASE);
    await section.screenshot({ path: 'test/e2e/artifacts/security-key-confirm.png' });
    const turnOn = section.locator('button:has-text("Turn on and register the key")');
    expect(await turnOn.isDisabled()).toBe(true);
    await page.check('#security-key-understood');
    await turnOn.click();
    await page.waitForSelector('form[data-security-key="on"]');
    expect(await page.textContent('[data-security-key-message]')).toContain('asks for this security key');
    await page.locator('form[data-security-key="on"]').screenshot({ path: 'test/e2e/artifacts/security-key-on.png' });
    const { credentials } = await key.cdp.send('WebAuthn.getCredentials', { authenticatorId: key.authenticatorId });
    expect(credentials).toHaveLength(1);
    // In Chromium the relying party of an extension page is the extension's own origin.
    expect(credentials[0]!.rpId).toBe(`chrome-extension://${b.extensionId}`);
  });

  test('the stored wrap names the key and does not open with the passphrase alone', async () => {
    const wrapped = await storedWrap(page);
    expect(needsHardwareKey(wrapped)).toBe(true);
    await expect(unlockVault(PASSPHRASE, wrapped)).rejects.toThrow(WrongPassphraseError);
  });

  test('locked, the vault does not open without the registered key, and opens with it', async () => {
    await page.click('button:has-text("Lock now")');
    // Another tab with only an unregistered authenticator plugged in: the registered key is absent.
    const other = await b.context.newPage();
    await other.goto(b.extUrl('sidepanel.html'));
    await plugInKey(other);
    await other.waitForSelector('[data-needs-key]');
    await other.fill('#unlock-pass', PASSPHRASE);
    await other.click('button:has-text("Unlock")');
    const alert = await other.waitForSelector('[role="alert"]');
    expect(await alert.textContent()).toContain('No security key answered');
    await other.locator('form').first().screenshot({ path: 'test/e2e/artifacts/security-key-unlock-failed.png' });
    expect(await other.isVisible('#unlock-pass')).toBe(true);
    await other.close();

    await page.goto(b.extUrl('sidepanel.html'));
    await unlock(page);
    await openView(page, 'Scratch');
    expect(await page.inputValue('#scratch')).toBe(NOTE);
  });

  test('re-encrypting everything asks the key and leaves a new wrap that still needs it', async () => {
    const before = await storedWrap(page);
    await page.goto(b.extUrl('options.html'));
    await page.fill('#old-pass', PASSPHRASE);
    await page.fill('#next-pass', NEXT);
    await page.fill('#next-pass-again', NEXT);
    await page.check('#rotate-key');
    await page.click('form[aria-labelledby="change-title"] button[type="submit"]');
    const result = page.locator('[data-change-result]');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-change-result')).toBe('ok');
    const after = await storedWrap(page);
    expect(after.hardwareKey).toEqual(before.hardwareKey);
    expect(after.box).not.toBe(before.box);
    await expect(unlockVault(NEXT, after)).rejects.toThrow(WrongPassphraseError);

    await page.click('button:has-text("Lock now")');
    await page.goto(b.extUrl('sidepanel.html'));
    await unlock(page, NEXT);
    await openView(page, 'Scratch');
    expect(await page.inputValue('#scratch')).toBe(NOTE);
  });

  test('turning it off needs the key and leaves a wrap the passphrase alone opens', async () => {
    await page.goto(b.extUrl('options.html'));
    await page.fill('#security-key-pass', NEXT);
    await page.click('button:has-text("Turn off")');
    await page.waitForSelector('form[data-security-key="off"]');
    const wrapped = await storedWrap(page);
    expect(needsHardwareKey(wrapped)).toBe(false);
    expect((await unlockVault(NEXT, wrapped)).length).toBe(32);
  });
});
