import type { RecoveryRecord, WrappedVaultKey } from '../crypto/types';
import type { SquircleDb, UnlockThrottleRow } from './db';

/**
 * Where the wrapped vault key and the unlock throttle live. Holds nothing a
 * passphrase could be recovered from without the KDF.
 */
export class VaultStore {
  constructor(private readonly db: SquircleDb) {}

  async wrapped(): Promise<WrappedVaultKey | undefined> {
    return (await this.db.vault.get('vault'))?.wrapped;
  }

  /** Replaces the wrapped key in one write: a crash leaves the old or the new. Keeps the recovery record. */
  async putWrapped(wrapped: WrappedVaultKey): Promise<void> {
    await this.db.transaction('rw', this.db.vault, async () => {
      const existing = await this.db.vault.get('vault');
      await this.db.vault.put({ ...existing, id: 'vault', wrapped, createdAt: existing?.createdAt ?? Date.now() });
    });
  }

  /** The vault key sealed to the clinic's recovery key, if a clinic's policy asked for one. */
  async recovery(): Promise<RecoveryRecord | undefined> {
    return (await this.db.vault.get('vault'))?.recovery;
  }

  /** Stores (or, with undefined, removes) the recovery record beside the wrapped key. Throws without a vault. */
  async putRecovery(recovery: RecoveryRecord | undefined): Promise<void> {
    await this.db.transaction('rw', this.db.vault, async () => {
      const existing = await this.db.vault.get('vault');
      if (!existing) throw new Error('There is no vault yet.');
      const { recovery: _old, ...rest } = existing;
      await this.db.vault.put(recovery ? { ...rest, recovery } : rest);
    });
  }

  async throttle(): Promise<UnlockThrottleRow> {
    const row = await this.db.meta.get('throttle');
    return row?.id === 'throttle' ? row : { id: 'throttle', failures: 0, lastFailureAt: 0 };
  }

  async recordFailure(now: number): Promise<UnlockThrottleRow> {
    return this.db.transaction('rw', this.db.meta, async () => {
      const row = await this.throttle();
      const next = { ...row, failures: row.failures + 1, lastFailureAt: now };
      await this.db.meta.put(next);
      return next;
    });
  }

  async clearFailures(): Promise<void> {
    await this.db.meta.delete('throttle');
  }
}

/**
 * Seconds to wait before the next try: free for three tries, then doubling
 * from 2 s up to 5 minutes. Pure, so the panel can show a countdown.
 */
export function unlockDelaySeconds(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(300, 2 ** (failures - 2));
}
