import { describe, expect, it } from 'vitest';
import type { WrappedVaultKey } from '../../../crypto/types';
import { SquircleDb } from '../../../storage/db';
import { VaultStore, mergeThrottle, unlockDelaySeconds, type ThrottleState } from '../../../storage/vault-store';

describe('unlock throttle', () => {
  it('is free for three tries, then doubles up to five minutes', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 20].map(unlockDelaySeconds)).toEqual([
      0, 0, 0, 2, 4, 8, 16, 128, 256, 300, 300,
    ]);
  });

  it('counts failures durably and clears them', async () => {
    const store = new VaultStore(new SquircleDb(`t-${crypto.randomUUID()}`));
    await store.recordFailure(1000);
    const after = await store.recordFailure(2000);
    expect(after).toMatchObject({ failures: 2, lastFailureAt: 2000 });
    expect((await store.throttle()).failures).toBe(2);
    await store.clearFailures();
    expect((await store.throttle()).failures).toBe(0);
  });

  it('keeps one wrapped key, replaced in place, with the time the vault was first made', async () => {
    const db = new SquircleDb(`t-${crypto.randomUUID()}`);
    const store = new VaultStore(db);
    expect(await store.wrapped()).toBeUndefined();
    const first = { v: 1, kdf: {}, nonce: 'n1', box: 'b1' } as unknown as WrappedVaultKey;
    const second = { v: 1, kdf: {}, nonce: 'n2', box: 'b2' } as unknown as WrappedVaultKey;
    const before = Date.now();
    await store.putWrapped(first);
    const made = (await db.vault.get('vault'))!.createdAt;
    expect(made).toBeGreaterThanOrEqual(before);
    expect(made).toBeLessThanOrEqual(Date.now());
    await new Promise((r) => setTimeout(r, 5));
    await store.putWrapped(second);
    expect(await store.wrapped()).toEqual(second);
    expect(await db.vault.toArray()).toEqual([{ id: 'vault', wrapped: second, createdAt: made }]);
  });

  it('reads no failures from an empty profile and counts from the stored row', async () => {
    const db = new SquircleDb(`t-${crypto.randomUUID()}`);
    const store = new VaultStore(db);
    expect(await store.throttle()).toEqual({ failures: 0, lastFailureAt: 0, total: 0 });
    await store.recordFailure(5);
    expect(await db.meta.get('throttle')).toEqual({ id: 'throttle', failures: 1, lastFailureAt: 5, total: 1 });
    expect(await store.throttle()).toEqual({ failures: 1, lastFailureAt: 5, total: 1 });
    // A row written before the total was kept counts its failures in it.
    await db.meta.put({ id: 'throttle', failures: 4, lastFailureAt: 9 });
    expect(await store.throttle()).toEqual({ failures: 4, lastFailureAt: 9, total: 4 });
  });

  it('keeps a second copy, reads the larger count, and never resets the total on a right passphrase', async () => {
    const db = new SquircleDb(`t-${crypto.randomUUID()}`);
    let outside: Partial<ThrottleState> | undefined;
    const store = new VaultStore(db, { read: async () => outside, write: async (t) => void (outside = { ...t }) });
    for (const at of [10, 20, 30, 40]) await store.recordFailure(at);
    expect(outside).toEqual({ failures: 4, lastFailureAt: 40, total: 4 });
    // The row in IndexedDB edited back to nothing: the other copy still counts.
    await db.meta.delete('throttle');
    expect(await store.throttle()).toEqual({ failures: 4, lastFailureAt: 40, total: 4 });
    expect(unlockDelaySeconds((await store.throttle()).failures)).toBe(4);
    // And the other way round.
    await db.meta.put({ id: 'throttle', failures: 4, lastFailureAt: 40, total: 4 });
    outside = { failures: 0, lastFailureAt: 0, total: 0 };
    expect(await store.recordFailure(50)).toEqual({ failures: 5, lastFailureAt: 50, total: 5 });
    await store.clearFailures();
    expect(await store.throttle()).toEqual({ failures: 0, lastFailureAt: 0, total: 5 });
    expect(outside).toEqual({ failures: 0, lastFailureAt: 0, total: 5 });
  });

  it('merges copies by the larger of each count, ignoring what is not a count', () => {
    expect(
      mergeThrottle(
        { failures: 2, lastFailureAt: 100, total: 7 },
        { failures: 3, lastFailureAt: 50, total: -1 },
        { failures: Number.NaN, lastFailureAt: 'x' as unknown as number },
        undefined,
      ),
    ).toEqual({ failures: 3, lastFailureAt: 100, total: 7 });
  });
});
