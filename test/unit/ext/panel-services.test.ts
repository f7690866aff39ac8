import Dexie from 'dexie';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { panelServices } from '../../../ext/panel/panel-services';
import { VaultService } from '../../../ext/panel/vault-service';
import { SquircleDb } from '../../../storage/db';
import { VaultStore } from '../../../storage/vault-store';

const PASS = 'a calm passphrase for tests';
const NO_FLOOR = { kdfFloor: () => undefined };

// panelServices uses the app's own database name, as the panel does; each test starts without it.
beforeEach(async () => {
  await Dexie.delete('squircle');
});

describe('panelServices, the side panel lock screen', () => {
  it('reads a new profile as no vault, then creates one and says so', async () => {
    const page = panelServices(NO_FLOOR);
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
    const first = panelServices(NO_FLOOR);
    await first.vault.create(PASS);
    await first.scratch.save('the note text');
    await first.vault.lock();
    const page = panelServices(NO_FLOOR);
    expect(await page.vault.state()).toBe('locked');
    await expect(page.vault.unlock('not the passphrase')).rejects.toThrow();
    const seen: string[] = [];
    page.vault.onChange((s) => seen.push(s));
    await page.vault.unlock(PASS);
    expect(seen).toEqual(['unlocked']);
    expect(await page.scratch.load()).toBe('the note text');
  });

  it('a new page opens unlocked while another holds the session key', async () => {
    await panelServices(NO_FLOOR).vault.create(PASS);
    expect(await panelServices(NO_FLOOR).vault.state()).toBe('unlocked');
  });

  it('a new page counts the same wait as VaultService after wrong passphrases', async () => {
    const first = panelServices(NO_FLOOR);
    await first.vault.create(PASS);
    await first.vault.lock();
    for (let i = 0; i < 4; i++) await expect(first.vault.unlock(`wrong ${i}`)).rejects.toThrow();
    const page = panelServices(NO_FLOOR);
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
    await panelServices(NO_FLOOR).vault.create(PASS);
    await panelServices(NO_FLOOR).vault.lock();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('creates and unlocks the vault at the clinic’s KDF floor as the page reads it then', async () => {
    let floor: { memKiB: number; iterations: number } | undefined = undefined;
    const page = panelServices({ kdfFloor: () => floor });
    const stored = async () => (await new VaultStore(new SquircleDb()).wrapped())?.kdf.iterations;
    await page.vault.create(PASS);
    expect(await stored()).toBe(3);
    await page.vault.lock();
    // The clinic raised its floor after the vault was made: the next unlock wraps the key again at it.
    floor = { memKiB: 65536, iterations: 4 };
    await page.vault.unlock(PASS);
    expect(await stored()).toBe(4);
  });
});
