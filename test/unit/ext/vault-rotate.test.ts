// "Re-encrypt everything" on a passphrase change (issue 17 item 5): a new vault key for every record, the clinic's
// recovery copy and the integrity ledger; old backups keep the old key and passphrase; a failure changes nothing.
import { describe, expect, it } from 'vitest';
import { newBoxKeyPair, openRecovery, toBase64 } from '../../../crypto';
import { WrongPassphraseError } from '../../../crypto/types';
import { VaultService } from '../../../ext/panel/vault-service';
import { exportBackup, importBackup } from '../../../storage/backup';
import { BackupPassphraseError } from '../../../storage/backup-format';
import { MembersRepo } from '../../../storage/roster-repo';
import { ScratchRepo } from '../../../storage/scratch-repo';
import { VaultStore } from '../../../storage/vault-store';
import { freshDb, populate, realBackupCrypto, SECRET } from '../storage/support';

const PASS = 'a calm passphrase for tests';
const NEXT = 'the next calm passphrase here';

async function setup() {
  const clinic = newBoxKeyPair();
  const db = freshDb();
  const vault = new VaultService(db, { recoveryKey: () => toBase64(clinic.publicKey) });
  await vault.create(PASS);
  const ids = await populate(db, vault.fields());
  const backup = await exportBackup(db, { cipher: vault.fields(), digest: realBackupCrypto.digest });
  return { db, vault, clinic, ids, backup, oldKey: vault.key().slice() };
}

// Each case derives keys with the real Argon2id cost five or six times.
describe('VaultService.rotateKey', { timeout: 120_000 }, () => {
  it('draws a new key the new passphrase opens, with every record, the recovery copy and the ledger', async () => {
    const { db, vault, clinic, ids, backup, oldKey } = await setup();
    const progress: number[] = [];
    const result = await vault.rotateKey(PASS, NEXT, (done) => progress.push(done));
    expect(result.unreadable).toBe(0);
    expect(progress.at(-1)).toBe(result.rows);

    // Open again, under the new key.
    expect(await vault.state()).toBe('unlocked');
    expect(vault.key()).not.toEqual(oldKey);
    expect(openRecovery((await new VaultStore(db).recovery())!, clinic.secretKey)).toEqual(vault.key());
    expect((await vault.integrity()).findings).toEqual([]);

    await vault.lock();
    await expect(vault.unlock(PASS)).rejects.toBeInstanceOf(WrongPassphraseError);
    await vault.unlock(NEXT);
    expect(await new ScratchRepo(db, vault.fields()).load()).toBe(SECRET.scratch);
    const members = await new MembersRepo(db, vault.fields()).listByGroup(ids.group.id);
    expect(members.map((m) => m.name)).toEqual([SECRET.member]);
    expect((await vault.integrity()).findings).toEqual([{ kind: 'wrong-tries', count: 1 }]);

    // A backup from before stays on the old key: it opens with the old passphrase only.
    await expect(
      importBackup(db, backup, NEXT, { ...realBackupCrypto, current: vault.fields() }),
    ).rejects.toBeInstanceOf(BackupPassphraseError);
    const merged = await importBackup(db, backup, PASS, { ...realBackupCrypto, current: vault.fields() });
    expect(merged).toMatchObject({ mode: 'merged', written: 0 });
    expect(merged.kept).toBe(result.rows);
  });

  it('a rotation that fails changes nothing: the old passphrase and key stay, the vault open as it was', async () => {
    const { db, vault, ids, oldKey } = await setup();
    const stop = new Error('the page was closed');
    await expect(
      vault.rotateKey(PASS, NEXT, (done) => {
        if (done > 3) throw stop;
      }),
    ).rejects.toBe(stop);
    expect(await vault.state()).toBe('unlocked');
    expect(vault.key()).toEqual(oldKey);
    expect(await new ScratchRepo(db, vault.fields()).load()).toBe(SECRET.scratch);
    await vault.lock();
    await expect(vault.unlock(NEXT)).rejects.toBeInstanceOf(WrongPassphraseError);
    await vault.unlock(PASS);
    const members = await new MembersRepo(db, vault.fields()).listByGroup(ids.group.id);
    expect(members.map((m) => m.name)).toEqual([SECRET.member]);
  });

  it('a wrong current passphrase is counted and changes nothing', async () => {
    const { db, vault, oldKey } = await setup();
    const wrapped = await new VaultStore(db).wrapped();
    await expect(vault.rotateKey('not the passphrase at all', NEXT)).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(await new VaultStore(db).wrapped()).toEqual(wrapped);
    expect((await new VaultStore(db).throttle()).total).toBe(1);
    expect(vault.key()).toEqual(oldKey);
  });
});
