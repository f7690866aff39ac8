import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { WrongPassphraseError } from '../../../crypto/types';
import { ThrottledError, VaultService } from '../../../ext/panel/vault-service';
import { SquircleDb } from '../../../storage/db';
import { ScratchRepo } from '../../../storage/scratch-repo';
import { MarkersRepo } from '../../../storage/markers-repo';
import { SessionsRepo } from '../../../storage/sessions-repo';
import { integrityAlert } from '../../../ext/panel/integrity';

const PASS = 'a calm passphrase for tests';
const fresh = () => new SquircleDb(`t-${crypto.randomUUID()}`);

describe('VaultService', () => {
  it('creates, seals a note, locks, and unlocks to the same note', async () => {
    const db = fresh();
    const vault = new VaultService(db);
    expect(await vault.state()).toBe('none');
    await vault.create(PASS);
    expect(await vault.state()).toBe('unlocked');
    await new ScratchRepo(db, vault.fields()).save('the note text');
    await vault.lock();
    expect(await vault.state()).toBe('locked');
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(() => vault.fields()).toThrow(/locked/);
    await vault.unlock(PASS);
    expect(await new ScratchRepo(db, vault.fields()).load()).toBe('the note text');
  });

  it('a second page in the same browser session opens unlocked from storage.session', async () => {
    const db = fresh();
    await new VaultService(db).create(PASS);
    expect(await new VaultService(db).state()).toBe('unlocked');
  });

  it('locks every page when the session key is cleared elsewhere', async () => {
    const db = fresh();
    const a = new VaultService(db);
    await a.create(PASS);
    const b = new VaultService(db);
    expect(await b.state()).toBe('unlocked');
    const seen: string[] = [];
    b.onChange((s) => seen.push(s));
    await a.lock();
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual(['locked']);
    expect(await b.state()).toBe('locked');
  });

  it('a page showing "set up your vault" or the lock screen unlocks when another page creates or unlocks', async () => {
    const db = fresh();
    const a = new VaultService(db);
    const b = new VaultService(db);
    expect(await b.state()).toBe('none');
    const seen: string[] = [];
    b.onChange((s) => seen.push(s));
    await a.create(PASS);
    await expect.poll(() => seen).toEqual(['unlocked']);
    await new ScratchRepo(db, a.fields()).save('written in a');
    expect(await new ScratchRepo(db, b.fields()).load()).toBe('written in a');
    await a.lock();
    await expect.poll(() => seen).toEqual(['unlocked', 'locked']);
    await a.unlock(PASS);
    await expect.poll(() => seen).toEqual(['unlocked', 'locked', 'unlocked']);
    expect(await b.state()).toBe('unlocked');
  });

  it('a wrong passphrase changes nothing, and repeated failures slow further tries', async () => {
    let now = 1_000_000;
    const db = fresh();
    const vault = new VaultService(db, { now: () => now });
    await vault.create(PASS);
    await new ScratchRepo(db, vault.fields()).save('kept');
    await vault.lock();
    const before = await db.vault.toArray();
    for (let i = 0; i < 3; i++)
      await expect(vault.unlock('not the passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(await db.vault.toArray()).toEqual(before);
    await expect(vault.unlock(PASS)).rejects.toBeInstanceOf(ThrottledError);
    now += 2_000;
    await vault.unlock(PASS);
    expect(await new ScratchRepo(db, vault.fields()).load()).toBe('kept');
    expect(await vault.waitSeconds()).toBe(0);
  });

  it('changing the passphrase keeps every record readable', async () => {
    const db = fresh();
    const vault = new VaultService(db);
    await vault.create(PASS);
    await new ScratchRepo(db, vault.fields()).save('still here');
    await vault.changePassphrase(PASS, 'another calm passphrase');
    await vault.lock();
    await expect(vault.unlock(PASS)).rejects.toBeInstanceOf(WrongPassphraseError);
    await vault.unlock('another calm passphrase');
    expect(await new ScratchRepo(db, vault.fields()).load()).toBe('still here');
  });

  it('after unlock, tells what changed on disk while locked: a deleted marker, then an older database', async () => {
    const db = fresh();
    const vault = new VaultService(db);
    await vault.create(PASS);
    const session = await new SessionsRepo(db, vault.fields()).start({
      ownerKind: 'group',
      ownerId: 'g-1',
      platform: 'meet',
      meetingHash: 'h',
      startedAt: 1_700_000_000_000,
    });
    const markers = new MarkersRepo(db, vault.fields());
    const input = { sessionId: session.id, at: 0, wallAt: 0, memberId: null, text: 't', auto: false, author: 'a' };
    await markers.add({ ...input, category: 'presence' });
    const risk = await markers.add({ ...input, category: 'risk.crisis' });
    expect((await vault.integrity()).findings).toEqual([]);
    const copy = { markers: await db.markers.toArray(), ledger: await db.ledger.toArray() };
    await vault.lock();

    // Locked: the risk marker's row is deleted on disk.
    await db.markers.delete(risk.id);
    await vault.unlock(PASS);
    const { findings } = await vault.integrity();
    expect(findings).toEqual([{ kind: 'rows', table: 'markers', sessionId: session.id, expected: 2, found: 1 }]);
    expect(integrityAlert(findings, () => 'the session of Monday')?.lines).toEqual([
      '1 marked moment missing in the session of Monday.',
    ]);
    // Not accepted: it is said again after the next unlock; accepted, it is not.
    await vault.lock();
    await vault.unlock(PASS);
    expect((await vault.integrity()).findings).toEqual(findings);
    await vault.acceptIntegrity();
    expect((await vault.integrity()).findings).toEqual([]);
    await new MarkersRepo(db, vault.fields()).add({ ...input, category: 'presence' });
    expect((await vault.integrity()).findings).toEqual([]);
    await vault.lock();

    // Locked: the markers and the ledger are put back as they were before (a copy of the database files).
    await db.markers.clear();
    await db.markers.bulkPut(copy.markers);
    await db.ledger.bulkPut(copy.ledger);
    await vault.unlock(PASS);
    expect((await vault.integrity()).findings).toEqual([{ kind: 'older-copy' }]);
    expect(integrityAlert([{ kind: 'older-copy' }], () => undefined)?.lines[0]).toMatch(/older than the last one/);
  });

  it('after unlock, says how many wrong passphrases were typed since, or that the count was reset', async () => {
    const db = fresh();
    const vault = new VaultService(db);
    await vault.create(PASS);
    expect((await vault.integrity()).findings).toEqual([]);
    await vault.lock();
    for (let i = 0; i < 2; i++)
      await expect(vault.unlock('not the passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
    await vault.unlock(PASS);
    const { findings } = await vault.integrity();
    expect(findings).toEqual([{ kind: 'wrong-tries', count: 2 }]);
    expect(integrityAlert(findings, () => undefined)).toMatchObject({
      title: 'Since you last unlocked',
      lines: ['2 wrong passphrases were typed since your last unlock.'],
    });
    // Told once: the next unlock has nothing to say.
    await vault.lock();
    await vault.unlock(PASS);
    expect((await vault.integrity()).findings).toEqual([]);
    // Wrong tries, then the clear count wiped on disk (both copies) while locked.
    await vault.lock();
    await expect(vault.unlock('not the passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
    await db.meta.delete('throttle');
    await vault.unlock(PASS);
    expect((await vault.integrity()).findings).toEqual([{ kind: 'tries-reset' }]);
  });
});
