import type { RecoveryRecord, WrappedVaultKey } from '../crypto/types';
import type { SquircleDb, UnlockThrottleRow } from './db';
import { UserError } from '../util/user-error';

/** The throttle as counted: wrong passphrases in a row, when the last was, and how many ever. */
export interface ThrottleState {
  failures: number;
  lastFailureAt: number;
  total: number;
}

/** A second copy of the throttle kept outside IndexedDB (ext/ keeps it in storage.local). */
export interface ThrottleMirror {
  read(): Promise<Partial<ThrottleState> | undefined>;
  write(t: ThrottleState): Promise<void>;
}

const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : 0);

/** The larger of each count: editing one copy down changes nothing. */
export function mergeThrottle(...copies: (Partial<ThrottleState> | undefined)[]): ThrottleState {
  const out: ThrottleState = { failures: 0, lastFailureAt: 0, total: 0 };
  for (const c of copies) {
    if (!c) continue;
    out.failures = Math.max(out.failures, num(c.failures));
    out.lastFailureAt = Math.max(out.lastFailureAt, num(c.lastFailureAt));
    out.total = Math.max(out.total, num(c.total), num(c.failures));
  }
  return out;
}

/**
 * Where the wrapped vault key and the unlock throttle live. Holds nothing a
 * passphrase could be recovered from without the KDF. The throttle is kept
 * twice, here and in `mirror`, and read as the larger of the two.
 */
export class VaultStore {
  constructor(
    private readonly db: SquircleDb,
    private readonly mirror?: ThrottleMirror,
  ) {}

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
      if (!existing) throw new UserError('serviceErrors.noVault', 'There is no vault yet.');
      const { recovery: _old, ...rest } = existing;
      await this.db.vault.put(recovery ? { ...rest, recovery } : rest);
    });
  }

  async throttle(): Promise<ThrottleState> {
    return mergeThrottle(await this.row(), await this.mirror?.read());
  }

  private async row(): Promise<UnlockThrottleRow | undefined> {
    const row = await this.db.meta.get('throttle');
    return row?.id === 'throttle' ? row : undefined;
  }

  async recordFailure(now: number): Promise<ThrottleState> {
    const outside = await this.mirror?.read();
    const next = await this.db.transaction('rw', this.db.meta, async () => {
      const t = mergeThrottle(await this.row(), outside);
      const n = { failures: t.failures + 1, lastFailureAt: now, total: t.total + 1 };
      await this.db.meta.put({ id: 'throttle', ...n });
      return n;
    });
    await this.mirror?.write(next);
    return next;
  }

  /** After a right passphrase: no wait any more; the count of wrong ones ever stays. */
  async clearFailures(): Promise<void> {
    const t = await this.throttle();
    const next = { failures: 0, lastFailureAt: 0, total: t.total };
    await this.db.meta.put({ id: 'throttle', ...next });
    await this.mirror?.write(next);
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
