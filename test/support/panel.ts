// What a clinician does in the panel, as reusable steps for journeys.
import type { Page } from 'playwright-core';

export const PASSPHRASE = 'quiet harbour lantern 47';

export async function createVault(page: Page, passphrase = PASSPHRASE): Promise<void> {
  await page.fill('#new-pass', passphrase);
  await page.fill('#new-pass-again', passphrase);
  await page.click('button:has-text("Create vault")');
  await page.waitForSelector('nav[aria-label="Panel"]');
}

export async function unlock(page: Page, passphrase = PASSPHRASE): Promise<void> {
  await page.fill('#unlock-pass', passphrase);
  await page.click('button:has-text("Unlock")');
  await page.waitForSelector('nav[aria-label="Panel"]');
}

export async function openView(page: Page, label: string): Promise<void> {
  await page.click(`nav[aria-label="Panel"] button:has-text("${label}")`);
}

/** Types into a field and waits until the app says it is saved. */
export async function typeAndSave(page: Page, selector: string, text: string, savedSelector: string): Promise<void> {
  await page.fill(selector, text);
  await page.waitForSelector(savedSelector, { timeout: 10_000 });
}

/** storage.session as the background sees it. */
export async function sessionStorage(worker: {
  evaluate<T>(fn: () => T | Promise<T>): Promise<T>;
}): Promise<Record<string, unknown>> {
  return worker.evaluate(() => chrome.storage.session.get(null));
}
