// Firefox's remote agent hides mutation/animation callbacks of extension
// documents from puppeteer's waitForSelector, so wait by asking the page.
import type { Page } from 'puppeteer-core';

export async function waitForSelector(page: Page, selector: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await page.evaluate((s: string) => !!document.querySelector(s), selector)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${selector}`);
}
