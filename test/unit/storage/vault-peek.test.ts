import { describe, expect, it } from 'vitest';
import type { WrappedVaultKey } from '../../../crypto/types';
import { SquircleDb } from '../../../storage/db';
import { peekVault } from '../../../storage/vault-peek';
import { VaultStore } from '../../../storage/vault-store';

const name = () => `t-${crypto.randomUUID()}`;
const exists = async (n: string) => (await indexedDB.databases()).some((d) => d.name === n);
// peekVault only asks whether a wrapped key is stored; its contents are VaultStore's business.
const WRAPPED = { v: 1, kdf: { memKiB: 65536, iterations: 3 } } as unknown as WrappedVaultKey;

describe('peekVault', () => {
  it('reads no vault in a profile without the database, and does not create it', async () => {
    const n = name();
    expect(await peekVault(n)).toEqual({
      exists: false,
      securityKey: false,
      throttle: { failures: 0, lastFailureAt: 0 },
    });
    expect(await exists(n)).toBe(false);
  });

  it('reads what VaultStore wrote: no key, then a key, and the throttle', async () => {
    const n = name();
    const db = new SquircleDb(n);
    const store = new VaultStore(db);
    await db.open();
    expect((await peekVault(n)).exists).toBe(false);
    await store.putWrapped(WRAPPED);
    await store.recordFailure(1000);
    await store.recordFailure(5000);
    expect(await peekVault(n)).toEqual({
      exists: true,
      securityKey: false,
      throttle: { failures: 2, lastFailureAt: 5000 },
    });
    await store.clearFailures();
    expect((await peekVault(n)).throttle).toEqual({ failures: 0, lastFailureAt: 0 });
    // The lock screen says a security key will be asked for before it is.
    await store.putWrapped({ ...WRAPPED, hardwareKey: { v: 1, credentialId: 'AQ==', prfSalt: '' } });
    expect((await peekVault(n)).securityKey).toBe(true);
  });

  it('leaves no connection open: Dexie can delete or upgrade the database right after', async () => {
    const n = name();
    const db = new SquircleDb(n);
    await new VaultStore(db).putWrapped(WRAPPED);
    db.close();
    await peekVault(n);
    const upgrade = indexedDB.open(n, 1000);
    const upgraded = await new Promise<number>((resolve, reject) => {
      upgrade.onsuccess = () => {
        resolve(upgrade.result.version);
        upgrade.result.close();
      };
      upgrade.onblocked = () => reject(new Error('blocked by a connection left open'));
      upgrade.onerror = () => reject(upgrade.error);
    });
    expect(upgraded).toBe(1000);
  });
});
