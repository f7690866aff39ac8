// Issue 2: the Firefox build installs in firefox-esr, and its sidebar page
// creates a vault (Argon2id in WebAssembly under the extension CSP), locks
// and unlocks with the passphrase.
import { expect, test } from 'vitest';
import { launchFirefox } from './harness/firefox';
import { PASSPHRASE } from './support/panel';
import { waitForSelector } from './support/poll';

test('the sidebar page creates, locks and unlocks a vault in firefox-esr', async () => {
  const ff = await launchFirefox();
  try {
    const page = await ff.openExtensionPage('sidepanel.html');
    await waitForSelector(page, '#new-pass');
    await page.type('#new-pass', PASSPHRASE);
    await page.type('#new-pass-again', PASSPHRASE);
    await page.click('button[type="submit"]');
    await waitForSelector(page, 'nav[aria-label="Panel"]');
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
