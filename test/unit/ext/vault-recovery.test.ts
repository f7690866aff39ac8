// The vault key follows the clinic's recovery policy: sealed to its key on create and unlock, re-sealed when the
// key changes, removed when the policy goes, and kept through a passphrase change and a restore.
import { describe, expect, it } from 'vitest';
import { newBoxKeyPair, openRecovery, recoveryKeyFingerprint, toBase64 } from '../../../crypto';
import { VaultService } from '../../../ext/panel/vault-service';
import { exportBackup, importBackup } from '../../../storage/backup';
import { VaultStore } from '../../../storage/vault-store';
import { freshDb, realBackupCrypto } from '../storage/support';

const PASS = 'a calm passphrase for tests';

function policy(initial: string | undefined) {
  let key = initial;
  return { get: () => key, set: (k: string | undefined) => void (key = k) };
}

describe('VaultService and the clinic recovery key', () => {
  it('seals the vault key to the policy key when the vault is created', async () => {
    const clinic = newBoxKeyPair();
    const db = freshDb();
    const vault = new VaultService(db, { recoveryKey: () => toBase64(clinic.publicKey) });
    await vault.create(PASS);
    const record = await new VaultStore(db).recovery();
    expect(record?.to).toBe(toBase64(clinic.publicKey));
    expect(openRecovery(record!, clinic.secretKey)).toEqual(vault.key());
    expect(await vault.recoveryFingerprint()).toBe(recoveryKeyFingerprint(clinic.publicKey));
  });

  it('without the policy nothing is sealed, and an unusable policy key seals nothing either', async () => {
    for (const key of [undefined, '', toBase64(new Uint8Array(32))]) {
      const db = freshDb();
      const vault = new VaultService(db, { recoveryKey: () => key });
      await vault.create(PASS);
      expect(await db.vault.get('vault')).not.toHaveProperty('recovery');
      expect(await vault.recoveryFingerprint()).toBeUndefined();
    }
  });

  it('follows the policy at unlock: added, changed, removed', async () => {
    const p = policy(undefined);
    const db = freshDb();
    const vault = new VaultService(db, { recoveryKey: p.get });
    await vault.create(PASS);
    const store = new VaultStore(db);
    expect(await store.recovery()).toBeUndefined();

    const first = newBoxKeyPair();
    p.set(toBase64(first.publicKey));
    await vault.lock();
    await vault.unlock(PASS);
    const sealed = await store.recovery();
    expect(openRecovery(sealed!, first.secretKey)).toEqual(vault.key());

    // The same key again: the record is left as it is.
    await vault.lock();
    await vault.unlock(PASS);
    expect(await store.recovery()).toEqual(sealed);

    const second = newBoxKeyPair();
    p.set(toBase64(second.publicKey));
    await vault.lock();
    await vault.unlock(PASS);
    expect(openRecovery((await store.recovery())!, second.secretKey)).toEqual(vault.key());

    p.set(undefined);
    await vault.lock();
    await vault.unlock(PASS);
    expect(await db.vault.get('vault')).not.toHaveProperty('recovery');
  });

  it('a passphrase change keeps the record', async () => {
    const clinic = newBoxKeyPair();
    const db = freshDb();
    const vault = new VaultService(db, { recoveryKey: () => toBase64(clinic.publicKey) });
    await vault.create(PASS);
    const before = await new VaultStore(db).recovery();
    await vault.changePassphrase(PASS, 'another calm passphrase');
    expect(await new VaultStore(db).recovery()).toEqual(before);
  });

  it('a backup restored into a fresh profile brings its record; one merged into a vault does not', async () => {
    const clinic = newBoxKeyPair();
    const db = freshDb();
    const vault = new VaultService(db, { recoveryKey: () => toBase64(clinic.publicKey) });
    await vault.create(PASS);
    const text = await exportBackup(db, { cipher: vault.fields(), digest: realBackupCrypto.digest });
    const record = await new VaultStore(db).recovery();

    const fresh = freshDb();
    await importBackup(fresh, text, PASS, realBackupCrypto);
    expect(await new VaultStore(fresh).recovery()).toEqual(record);

    const other = freshDb();
    const otherVault = new VaultService(other);
    await otherVault.create('the other profile passphrase');
    await importBackup(other, text, PASS, { ...realBackupCrypto, current: otherVault.fields() });
    expect(await new VaultStore(other).recovery()).toBeUndefined();
  });
});
