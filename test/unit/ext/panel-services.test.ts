import Dexie from 'dexie';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { panelServices } from '../../../ext/panel/panel-services';
import { VaultService } from '../../../ext/panel/vault-service';
import { SquircleDb } from '../../../storage/db';

const PASS = 'a calm passphrase for tests';

// panelServices uses the app's own database name, as the panel does; each test starts without it.
beforeEach(async () => {
  await Dexie.delete('squircle');
});

describe('panelServices, the side panel lock screen', () => {
  it('reads a new profile as no vault, then creates one and says so', async () => {
    const page = panelServices();
    const seen: string[] = [];
    page.vault.onChange((s) => seen.push(s));
    expect(await page.vault.state()).toBe('none');
    // Reading the state did not create the database (Dexie's first open makes it).
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('squircle');
    await page.vault.create(PASS);
    expect(seen).toEqual(['unlocked']);
    expect(await page.vault.state()).toBe('unlocked');
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).toEqual(['vaultKey']);
  });

  it('a new page reads the vault as locked after a lock, unlocks it and reads the note', async () => {
    const first = panelServices();
    await first.vault.create(PASS);
    await first.scratch.save('the note text');
    await first.vault.lock();
    const page = panelServices();
    expect(await page.vault.state()).toBe('locked');
    await expect(page.vault.unlock('not the passphrase')).rejects.toThrow();
    const seen: string[] = [];
    page.vault.onChange((s) => seen.push(s));
    await page.vault.unlock(PASS);
    expect(seen).toEqual(['unlocked']);
    expect(await page.scratch.load()).toBe('the note text');
  });

  it('a new page opens unlocked while another holds the session key', async () => {
    await panelServices().vault.create(PASS);
    expect(await panelServices().vault.state()).toBe('unlocked');
  });

  it('a new page counts the same wait as VaultService after wrong passphrases', async () => {
    const first = panelServices();
    await first.vault.create(PASS);
    await first.vault.lock();
    for (let i = 0; i < 4; i++) await expect(first.vault.unlock(`wrong ${i}`)).rejects.toThrow();
    const page = panelServices();
    expect(await page.vault.state()).toBe('locked');
    // One clock for both, so a second boundary between the two reads cannot split them.
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.now());
    try {
      const wait = await page.vault.waitSeconds();
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBe(await new VaultService(new SquircleDb()).waitSeconds());
    } finally {
      now.mockRestore();
    }
  });

  it('locks a page that never loaded the vault code by clearing the session key', async () => {
    await panelServices().vault.create(PASS);
    await panelServices().vault.lock();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});
