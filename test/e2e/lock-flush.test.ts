// Text typed into an autosaved field moments before the vault locks is saved, under the key the lock is
// about to erase, whichever way the lock comes: the Lock button, the auto-lock (the background clears the
// key from storage.session) or the Lock now of another page.
// A panel closed within the save delay hands its scratch text and session note over, and the next panel saves them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { addGroup, startSession } from '../support/journey';
import { createVault, openView, unlock } from '../support/panel';

const tag = Math.random().toString(36).slice(2, 8);

describe('a lock saves what was typed just before it', () => {
  let s: ChromiumSession;
  let page: Page;
  beforeAll(async () => {
    s = await launchChromium();
    page = await s.context.newPage();
    await page.goto(s.extUrl('sidepanel.html'));
    await createVault(page);
  }, 60_000);
  afterAll(() => s?.close());

  /** Types into the field as one input event, and locks at once, well inside the save delay. */
  async function typeThenLock(selector: string, text: string, lock: () => Promise<unknown>): Promise<void> {
    await page.fill(selector, text);
    await lock();
    await page.waitForSelector('#unlock-pass');
    // A fresh page: what comes back after the unlock was on disk, not kept in this page's memory.
    await page.reload();
    await unlock(page);
  }

  test('the scratch note, locked with the Lock button', async () => {
    await openView(page, 'Scratch');
    const text = `scratch before the lock button ${tag}`;
    await typeThenLock('#scratch', text, () => page.click('button[title="Lock now"]'));
    await openView(page, 'Scratch');
    await expect.poll(() => page.inputValue('#scratch')).toBe(text);
  });

  test('the scratch note, locked by the auto-lock in the background', async () => {
    await openView(page, 'Scratch');
    const text = `scratch before the auto-lock ${tag}`;
    // What the idle auto-lock does (ext/background/auto-lock.ts): the key goes from storage.session.
    await typeThenLock('#scratch', text, () =>
      s.serviceWorker.evaluate(() => chrome.storage.session.remove('vaultKey')),
    );
    await openView(page, 'Scratch');
    await expect.poll(() => page.inputValue('#scratch')).toBe(text);
  });

  test('the session note, locked with Lock now on the settings page', async () => {
    await addGroup(page, `Lock group ${tag}`, []);
    await startSession(page, `Lock group ${tag}`);
    await page.click('[role="tab"]:has-text("Note")');
    const options = await s.context.newPage();
    await options.goto(s.extUrl('options.html'));
    const text = `session note before a lock elsewhere ${tag}`;
    await typeThenLock('textarea[data-field="themes"]', text, () =>
      options.click('button:has-text("Lock now")').then(() => options.close()),
    );
    await openView(page, 'Session');
    await page.click('[role="tab"]:has-text("Note")');
    await expect.poll(() => page.inputValue('textarea[data-field="themes"]')).toBe(text);
  });

  test('a panel closed within the save delay saves what it held', async () => {
    await openView(page, 'Scratch');
    const text = `scratch before the panel closed ${tag}`;
    await page.fill('#scratch', text);
    await page.close({ runBeforeUnload: true });
    page = await s.context.newPage();
    await page.goto(s.extUrl('sidepanel.html'));
    // Still unlocked: closing the panel does not lock.
    await page.waitForSelector('nav[aria-label="Panel"]');
    await openView(page, 'Scratch');
    await expect.poll(() => page.inputValue('#scratch')).toBe(text);
  });

  test('a panel closed within the save delay saves its session note', async () => {
    await openView(page, 'Session');
    await page.click('[role="tab"]:has-text("Note")');
    const text = `session note before the panel closed ${tag}`;
    await page.fill('textarea[data-field="themes"]', text);
    await page.close({ runBeforeUnload: true });
    page = await s.context.newPage();
    await page.goto(s.extUrl('sidepanel.html'));
    await page.waitForSelector('nav[aria-label="Panel"]');
    await openView(page, 'Session');
    await page.click('[role="tab"]:has-text("Note")');
    await expect.poll(() => page.inputValue('textarea[data-field="themes"]')).toBe(text);
    // Taken back and saved: a fresh page after a lock and unlock (nothing in storage.session) still shows it.
    await expect
      .poll(() => s.serviceWorker.evaluate(async () => Object.keys(await chrome.storage.session.get(null))))
      .not.toContain(expect.stringMatching(/^noteOnClose:/));
    await page.click('button[title="Lock now"]');
    await page.waitForSelector('#unlock-pass');
    await page.reload();
    await unlock(page);
    await openView(page, 'Session');
    await page.click('[role="tab"]:has-text("Note")');
    await expect.poll(() => page.inputValue('textarea[data-field="themes"]')).toBe(text);
  });
});
