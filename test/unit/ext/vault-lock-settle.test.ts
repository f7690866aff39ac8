// A lock saves what autosaved fields still hold, sealed with the key it is about to erase, and only then erases
// it: the Lock button, the auto-lock (the key cleared from storage.session by the background) and a lock in
// another page alike. Text that cannot be saved keeps the vault open; a key rotation saves under the old key
// first and re-seals it. The fields here are registered as useAutosave registers them (util/pending-saves.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SETTLE_LIMIT_MS, VaultService } from '../../../ext/panel/vault-service';
import { clearSessionKey } from '../../../ext/common/session-key';
import { keepOnClose, keptOnClose } from '../../../ext/panel/kept-on-close';
import { ScratchRepo } from '../../../storage/scratch-repo';
import { registerPendingSave, UnsavedTextError } from '../../../util/pending-saves';
import { freshDb } from '../storage/support';

const PASS = 'a calm passphrase for tests';
const NEXT = 'the next calm passphrase here';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((off) => off()));

/** A field holding `text` not yet saved: its save seals with the page's key as the lock finds it, after a moment. */
function typedField(vault: VaultService, db: ReturnType<typeof freshDb>, text: string, log: string[]) {
  let held: string | undefined = text;
  cleanups.push(
    registerPendingSave(async () => {
      if (held === undefined) return;
      log.push('save starts');
      const cipher = vault.fields();
      await new Promise((r) => setTimeout(r, 20));
      await new ScratchRepo(db, cipher).save(held);
      held = undefined;
      log.push('saved');
    }),
  );
}

describe('lock and the text typed just before it', () => {
  it('the Lock button saves first, under the key, then erases the key', async () => {
    const db = freshDb();
    const vault = new VaultService(db);
    await vault.create(PASS);
    const log: string[] = [];
    vault.onChange((s) => log.push(s));
    typedField(vault, db, 'typed within the delay', log);
    await vault.lock();
    expect(log).toEqual(['save starts', 'saved', 'locked']);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    await vault.unlock(PASS);
    expect(await new ScratchRepo(db, vault.fields()).load()).toBe('typed within the delay');
  });

  it('a save that fails keeps the vault open, with the key, and says so', async () => {
    const db = freshDb();
    const vault = new VaultService(db);
    await vault.create(PASS);
    cleanups.push(
      registerPendingSave(async () => {
        throw new Error('the disk is full');
      }),
    );
    await expect(vault.lock()).rejects.toBeInstanceOf(UnsavedTextError);
    expect(await vault.state()).toBe('unlocked');
    expect(() => vault.fields()).not.toThrow();
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).toEqual(['vaultKey']);
  });

  it('a save that never ends does not keep the key: the lock gives up after its limit, unlocked', async () => {
    const db = freshDb();
    const vault = new VaultService(db);
    await vault.create(PASS);
    cleanups.push(registerPendingSave(() => new Promise(() => undefined)));
    const started = Date.now();
    await expect(vault.lock()).rejects.toBeInstanceOf(UnsavedTextError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SETTLE_LIMIT_MS - 50);
    expect(await vault.state()).toBe('unlocked');
  });

  it('locked elsewhere (auto-lock, another page): the page saves with its key copy, then forgets it', async () => {
    const db = freshDb();
    const panel = new VaultService(db);
    await panel.create(PASS);
    const log: string[] = [];
    panel.onChange((s) => log.push(s));
    typedField(panel, db, 'typed as the machine went idle', log);
    // What the background's auto-lock does.
    await clearSessionKey();
    await expect.poll(() => log).toEqual(['save starts', 'saved', 'locked']);
    expect(await panel.state()).toBe('locked');
    await panel.unlock(PASS);
    expect(await new ScratchRepo(db, panel.fields()).load()).toBe('typed as the machine went idle');
  });

  it('locked elsewhere while a save cannot go through: the page still locks, the text handed over sealed', async () => {
    const db = freshDb();
    const other = new VaultService(db);
    await other.create(PASS);
    const panel = new VaultService(db);
    expect(await panel.state()).toBe('unlocked');
    const text = 'typed while the disk was full';
    // As useAutosave registers a field with a hand-over (the scratch note's: ext/panel/kept-on-close.ts).
    cleanups.push(
      registerPendingSave(
        async () => {
          throw new Error('the disk is full');
        },
        () => keepOnClose(panel.fields(), text),
      ),
    );
    await clearSessionKey();
    await expect.poll(() => panel.state()).toBe('locked');
    const session = await fakeBrowser.storage.session.get(null);
    expect(Object.keys(session)).toEqual(['scratchOnClose']);
    expect(JSON.stringify(session)).not.toContain(text);
    // Unlocked again, the scratch note takes it back.
    await panel.unlock(PASS);
    expect(await keptOnClose(panel.fields())).toBe(text);
  });

  it('locked elsewhere with every save through: nothing is handed over', async () => {
    const db = freshDb();
    const panel = new VaultService(db);
    await panel.create(PASS);
    const log: string[] = [];
    typedField(panel, db, 'saved in time', log);
    let handed = 0;
    cleanups.push(
      registerPendingSave(
        async () => undefined,
        () => void handed++,
      ),
    );
    await clearSessionKey();
    await expect.poll(() => panel.state()).toBe('locked');
    expect(handed).toBe(0);
  });

  it('a rotation saves this page’s text under the old key and re-seals it; other pages do not save after', async () => {
    const db = freshDb();
    const vault = new VaultService(db);
    await vault.create(PASS);
    const panel = new VaultService(db);
    expect(await panel.state()).toBe('unlocked');
    const log: string[] = [];
    typedField(vault, db, 'typed before the rotation', log);
    // Both pages share this test's one registry: count who asks the fields to settle.
    let asked = 0;
    cleanups.push(registerPendingSave(async () => void asked++));
    const panelStates: string[] = [];
    panel.onChange((s) => panelStates.push(s));
    await vault.rotateKey(PASS, NEXT);
    // Saved once, before the rotation: the other page, seeing the key go for a rotation, asked nothing.
    expect(log).toEqual(['save starts', 'saved']);
    await expect.poll(() => panelStates).toEqual(['locked', 'unlocked']);
    expect(asked).toBe(1);
    expect(await new ScratchRepo(db, vault.fields()).load()).toBe('typed before the rotation');
    expect(await new ScratchRepo(db, panel.fields()).load()).toBe('typed before the rotation');
    expect((await vault.integrity()).findings).toEqual([]);
  }, 120_000);
});
