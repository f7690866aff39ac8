// Steps in Firefox's sidebar page (puppeteer-core over WebDriver BiDi),
// waiting by asking the page (support/poll.ts).
import type { Page } from 'puppeteer-core';
import { PASSPHRASE } from '../../support/panel';
import { waitForSelector } from './poll';

/**
 * Creates the vault with the test passphrase on a page showing the first-run
 * form; returns once the panel's nav is shown.
 */
export async function createFirefoxVault(page: Page): Promise<void> {
  await waitForSelector(page, '#new-pass');
  await page.type('#new-pass', PASSPHRASE);
  await page.type('#new-pass-again', PASSPHRASE);
  await page.click('button[type="submit"]');
  await waitForSelector(page, 'nav[aria-label="Panel"]');
}
