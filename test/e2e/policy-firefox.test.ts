// Issue 8: clinic policy in firefox-esr through a managed storage manifest
// ($HOME/.mozilla/managed-storage/<gecko id>.json, the harness's homeDir
// being Firefox's HOME). Each example gives the same locked settings as in
// Chromium. Firefox has no schema check, so values of the wrong type reach
// the extension, and the settings page names them too.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { makeTempDir } from '../support/paths';
import { launchFirefox, type FirefoxSession } from './support/firefox';
import { waitForSelector } from './support/poll';
import { EXAMPLES, loadExample, writeFirefoxManagedStorage, type PolicyValues } from './support/policy';

// Firefox's `browser` global inside evaluate() (the callback runs in the page).
type FirefoxGlobal = { browser: { storage: { managed: { get(k: null): Promise<Record<string, unknown>> } } } };

describe('clinic policy in firefox-esr, from a managed storage manifest', () => {
  let ff: FirefoxSession | undefined;
  let home: string | undefined;
  afterEach(async () => {
    await ff?.close();
    if (home) rmSync(home, { recursive: true, force: true });
    ff = undefined;
    home = undefined;
  });

  async function optionsWith(policy: PolicyValues): Promise<Page> {
    home = makeTempDir('squircle-policy-firefox-');
    writeFirefoxManagedStorage(home, policy);
    ff = await launchFirefox({ homeDir: home });
    const page = await ff.openExtensionPage('options.html');
    await waitForSelector(page, '#prefs-title');
    return page;
  }

  const text = (page: Page, selector: string) =>
    page.evaluate((sel: string) => document.querySelector(sel)?.textContent ?? null, selector);
  const managed = (page: Page) =>
    page.evaluate(() => (globalThis as unknown as FirefoxGlobal).browser.storage.managed.get(null));

  test.each(EXAMPLES)('%s: storage.managed holds it as written, and the settings show it locked', async (name) => {
    const policy = loadExample(name);
    const page = await optionsWith(policy);
    expect(await managed(page)).toEqual(policy);

    const clinic = String(policy.clinicName);
    await waitForSelector(page, '[data-managed-by]');
    expect(await text(page, '[data-managed-by]')).toContain(`Managed by ${clinic}`);
    expect(await page.evaluate(() => document.querySelectorAll('[data-ignored]').length)).toBe(0);

    const cap = Number(policy.autoLockMaxMinutes);
    const autolock = await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('#autolock')!;
      return { max: input.max, value: Number(input.value), disabled: input.matches(':disabled') };
    });
    expect(autolock.max).toBe(String(cap));
    // The default (15 minutes) is kept under a looser cap and capped, locked, under a tighter one.
    expect(autolock).toMatchObject(cap < 15 ? { value: cap, disabled: true } : { value: 15, disabled: false });
    if (cap < 15) expect(await text(page, '[data-locked="autoLockMinutes"]')).toContain(`Managed by ${clinic}`);

    const guard = await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('input[data-setting="screenShareGuard"]')!;
      return { checked: input.checked, disabled: input.disabled };
    });
    expect(guard).toEqual(
      policy.screenShareGuardRequired ? { checked: true, disabled: true } : { checked: true, disabled: false },
    );
    expect(await text(page, 'main')).toContain(`At least ${String(policy.minPassphraseLength)} characters.`);
  });

  test('wrongly typed values reach the extension in Firefox and are named, with the safe default instead', async () => {
    const clinic = 'Wrong Types Clinic';
    const page = await optionsWith({
      clinicName: clinic,
      exportAllowed: 'no',
      screenShareGuardRequired: 1,
      autoLockMaxMinutes: '5',
      minPassphraseLength: 16,
    });
    await waitForSelector(page, '[data-ignored]');
    const ignored = Object.fromEntries(
      await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-ignored]')].map((e) => [
          e.dataset.ignored!,
          e.textContent ?? '',
        ]),
      ),
    ) as Record<string, string>;
    expect(Object.keys(ignored).sort()).toEqual(['autoLockMaxMinutes', 'exportAllowed', 'screenShareGuardRequired']);
    expect(ignored.exportAllowed).toContain('not true or false');
    expect(ignored.screenShareGuardRequired).toContain('not true or false');
    expect(ignored.autoLockMaxMinutes).toContain('not a number');
    expect(await text(page, '[data-managed-by]')).toContain(`Managed by ${clinic}`);
    expect(await page.evaluate(() => document.querySelector<HTMLInputElement>('#autolock')!.max)).toBe('240');
    expect(
      await page.evaluate(
        () => document.querySelector<HTMLInputElement>('input[data-setting="screenShareGuard"]')!.disabled,
      ),
    ).toBe(false);
    // The valid value next to them still applies.
    expect(await text(page, 'main')).toContain('At least 16 characters.');
  });
});
