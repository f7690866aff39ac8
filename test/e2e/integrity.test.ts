// Issue 17: a sealed row put back to an older copy of itself while the vault
// is locked (what someone with the profile on disk can do without the key)
// is reported to the clinician after the next unlock, until they confirm.
import { describe, expect, test } from 'vitest';
import { launchChromium } from '../support/chromium';
import type { Page } from 'playwright-core';
import { createVault, openView, typeAndSave, unlock } from '../support/panel';

/** The nonces of the scratch rows on disk (raw IndexedDB, no key): a new one with every save. */
function scratchNonces(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      const r = indexedDB.open('squircle');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    const rows = await new Promise<{ body: Uint8Array }[]>((ok) => {
      const q = db.transaction('scratch').objectStore('scratch').getAll();
      q.onsuccess = () => ok(q.result as { body: Uint8Array }[]);
    });
    db.close();
    return rows.map((r) => Array.from(r.body.subarray(1, 25)).join('.')).join('|');
  });
}

describe('integrity ledger in Chromium', () => {
  test('a scratch note put back to its older copy on disk is reported after unlock, until confirmed', async () => {
    const b = await launchChromium();
    try {
      const page = await b.context.newPage();
      await page.goto(b.extUrl('sidepanel.html'));
      await createVault(page);
      await openView(page, 'Scratch');
      await typeAndSave(page, '#scratch', 'first words', '[data-status="saved"]');
      // The row as it is on disk now, kept aside in the page (raw IndexedDB, no key).
      const before = await scratchNonces(page);
      await page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((ok, ko) => {
          const r = indexedDB.open('squircle');
          r.onsuccess = () => ok(r.result);
          r.onerror = () => ko(r.error);
        });
        const rows = await new Promise<unknown[]>((ok) => {
          const q = db.transaction('scratch').objectStore('scratch').getAll();
          q.onsuccess = () => ok(q.result);
        });
        db.close();
        (globalThis as unknown as { oldRows: unknown[] }).oldRows = rows;
      });
      // The save status still says "saved" from the first words, so wait for the newer row on disk itself.
      await page.fill('#scratch', 'later words');
      await expect.poll(() => scratchNonces(page), { timeout: 10_000 }).not.toBe(before);
      // No alert while nothing differs.
      expect(await page.locator('[data-integrity-alert]').count()).toBe(0);

      await page.click('button[title="Lock now"]');
      await page.waitForSelector('#unlock-pass');
      await page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((ok, ko) => {
          const r = indexedDB.open('squircle');
          r.onsuccess = () => ok(r.result);
          r.onerror = () => ko(r.error);
        });
        const tx = db.transaction('scratch', 'readwrite');
        for (const row of (globalThis as unknown as { oldRows: unknown[] }).oldRows) tx.objectStore('scratch').put(row);
        await new Promise((ok) => (tx.oncomplete = ok));
        db.close();
      });

      await unlock(page);
      const alert = page.locator('[data-integrity-alert]');
      await alert.waitFor();
      expect(await alert.getAttribute('role')).toBe('alert');
      expect(await alert.textContent()).toContain(
        'Scratch pads: one or more changed outside Squircle or went back to an earlier version.',
      );
      await page.screenshot({ path: 'test/e2e/artifacts/integrity-alert.png' });
      await page.click('button:has-text("I have read this")');
      await alert.waitFor({ state: 'detached' });

      await page.click('button[title="Lock now"]');
      await page.waitForSelector('#unlock-pass');
      await unlock(page);
      await openView(page, 'Scratch');
      expect(await page.inputValue('#scratch')).toBe('first words');
      // The check runs after unlock (a few rows: milliseconds); a second is ample for an alert to show.
      await page.waitForTimeout(1000);
      expect(await page.locator('[data-integrity-alert]').count()).toBe(0);
    } finally {
      await b.close();
    }
  });
});
