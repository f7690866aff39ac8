// Issue 2: the Firefox build installs in firefox-esr, and its sidebar page
// creates a vault (Argon2id in WebAssembly under the extension CSP), locks
// and unlocks with the passphrase.
import { expect, test } from 'vitest';
import { launchFirefox } from './support/firefox';
import { PASSPHRASE } from '../support/panel';
import { createFirefoxVault } from './support/firefox-panel';
import { waitForSelector } from './support/poll';
import { expectNoPlaintext } from './support/no-plaintext';

test('the sidebar page creates, locks and unlocks a vault in firefox-esr', async () => {
  const ff = await launchFirefox();
  try {
    const page = await ff.openExtensionPage('sidepanel.html');
    await createFirefoxVault(page);
    await page.click('button[title="Lock now"]');
    await waitForSelector(page, '#unlock-pass');
    await page.type('#unlock-pass', 'a wrong passphrase here');
    await page.click('button[type="submit"]');
    await waitForSelector(page, '[role="alert"]');
    await page.type('#unlock-pass', PASSPHRASE);
    await page.click('button[type="submit"]');
    await waitForSelector(page, 'nav[aria-label="Panel"]');
    expect(await ff.extensionErrors()).toEqual([]);
  } finally {
    await ff.close();
  }
});

// A note typed in Firefox is in neither the profile's storage nor its session
// store (which Firefox writes every 500 ms here, so it has the open tab).
test('a scratch note typed in Firefox is nowhere readable in its profile or session store', async () => {
  const NOTE = `firefox-scratch-${Math.random().toString(36).slice(2)}-heather`;
  const ff = await launchFirefox({ prefs: { 'browser.sessionstore.interval': 500 } });
  try {
    const page = await ff.openExtensionPage('sidepanel.html');
    await createFirefoxVault(page);
    await page.evaluate(() =>
      [...document.querySelectorAll<HTMLButtonElement>('nav[aria-label="Panel"] button')]
        .find((b) => b.textContent?.includes('Scratch'))!
        .click(),
    );
    await waitForSelector(page, '#scratch');
    await page.type('#scratch', NOTE);
    await waitForSelector(page, '[data-status="saved"]');
    expect(await page.evaluate(() => (document.querySelector('#scratch') as HTMLTextAreaElement).value)).toBe(NOTE);
    await new Promise((r) => setTimeout(r, 2000)); // a session-store write or more with the tab open
    await expectNoPlaintext({ firefox: [ff], secrets: [NOTE, PASSPHRASE] });
  } finally {
    await ff.close();
  }
});
