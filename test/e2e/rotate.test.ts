// Issue 17 item 5: "re-encrypt everything" on a passphrase change draws a new vault key. After it no row on disk
// is as it was, the new passphrase opens everything, the old one nothing, and a backup made before still imports
// with the old passphrase (and only with it).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, expect, test } from 'vitest';
import { launchChromium } from '../support/chromium';
import { addGroup } from '../support/journey';
import { createVault, openView, PASSPHRASE, unlock } from '../support/panel';
import { makeTempDir } from '../support/paths';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Tuesday circle ${tag}`;
const MEMBER = `Morgan Ellery${tag}`;
const NEXT = 'copper kettle meadow 83 violet';
const dir = makeTempDir('squircle-rotate-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every sealed body's nonce on disk (raw IndexedDB, no key): a row sealed again has a new one. */
function nonces(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      const r = indexedDB.open('squircle');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    const out: string[] = [];
    for (const name of [...db.objectStoreNames]) {
      const rows = await new Promise<{ body?: unknown }[]>((ok) => {
        const q = db.transaction(name).objectStore(name).getAll();
        q.onsuccess = () => ok(q.result as { body?: unknown }[]);
      });
      for (const r of rows)
        if (r.body instanceof Uint8Array) out.push(`${name}:${Array.from(r.body.subarray(1, 25)).join('.')}`);
    }
    db.close();
    return out;
  });
}

test('re-encrypt everything: new key for every row, the new passphrase opens it, an old backup imports', async () => {
  const b = await launchChromium();
  try {
    const panel = await b.context.newPage();
    await panel.goto(b.extUrl('sidepanel.html'));
    await createVault(panel);
    await addGroup(panel, GROUP, [MEMBER]);
    await openView(panel, 'Backup');
    const [dl] = await Promise.all([
      panel.waitForEvent('download'),
      panel.click('button:has-text("Save a backup file")'),
    ]);
    const oldBackup = join(dir, 'before.squircle');
    await dl.saveAs(oldBackup);
    const before = await nonces(panel);
    expect(before.length).toBeGreaterThan(3);

    const options = await b.context.newPage();
    await options.goto(b.extUrl('options.html'));
    await options.fill('#old-pass', PASSPHRASE);
    await options.fill('#next-pass', NEXT);
    await options.fill('#next-pass-again', NEXT);
    await options.check('#rotate-key');
    expect(await options.textContent('#rotate-key-hint')).toContain('Backups you made before stay on the old key');
    // Whether the progress line showed at any moment (the rotation of a small vault is quick).
    await options.evaluate(() => {
      const w = window as unknown as { sawProgress: boolean };
      w.sawProgress = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-rotate-progress]')) w.sawProgress = true;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await options.click('form[aria-labelledby="change-title"] button[type="submit"]');
    const result = options.locator('[data-change-result]');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-change-result')).toBe('ok');
    expect(await result.textContent()).toMatch(/re-encrypted under a new key\. Backups made before still open only/);
    expect(await options.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress)).toBe(true);
    await options.screenshot({ path: 'test/e2e/artifacts/rotate-done.png', fullPage: true });

    // Not one sealed body from before is left on disk.
    const after = await nonces(panel);
    expect(after.length).toBeGreaterThanOrEqual(before.length);
    expect(after.filter((n) => before.includes(n))).toEqual([]);

    // The panel opens again by itself under the new key; locked, only the new passphrase opens it.
    await panel.waitForSelector('nav[aria-label="Panel"]');
    await panel.click('button[title="Lock now"]');
    await panel.waitForSelector('#unlock-pass');
    await panel.fill('#unlock-pass', PASSPHRASE);
    await panel.click('button:has-text("Unlock")');
    expect(await (await panel.waitForSelector('[role="alert"]')).textContent()).toContain('does not open this vault');
    await unlock(panel, NEXT);
    // The integrity ledger went over to the new key with every row: the one thing to report is the wrong try.
    const alert = panel.locator('[data-integrity-alert]');
    await alert.waitFor();
    expect(await alert.locator('li').allTextContents()).toEqual([
      '1 wrong passphrase was typed since your last unlock.',
    ]);
    await panel.click('button:has-text("I have read this")');
    await openView(panel, 'Groups and clients');
    await panel.waitForSelector(`article.group[aria-label="${GROUP}"] li:has-text("${MEMBER}")`);

    // The backup made before is on the old key: the new passphrase does not open it, the old one does.
    await openView(panel, 'Backup');
    await panel.setInputFiles('#backup-file', oldBackup);
    await panel.fill('#backup-pass', NEXT);
    await panel.click('button:has-text("Check and restore")');
    await panel.waitForSelector('[data-backup-result="error"]');
    await panel.fill('#backup-pass', PASSPHRASE);
    await panel.click('button:has-text("Check and restore")');
    const restored = panel.locator('[data-backup-result="ok"]');
    await restored.waitFor();
    expect(await restored.textContent()).toMatch(/^Restored \d+ records\.$/);
    await openView(panel, 'Groups and clients');
    await panel.waitForSelector(`article.group[aria-label="${GROUP}"] li:has-text("${MEMBER}")`);
    // Merged, not doubled: the backup's rows are the same records under the new key's ids.
    expect(await panel.locator(`article.group[aria-label="${GROUP}"]`).count()).toBe(1);
  } finally {
    await b.close();
  }
});
