import { describe, expect, it } from 'vitest';
import { SquircleDb } from '../../../storage/db';
import { VaultStore, unlockDelaySeconds } from '../../../storage/vault-store';

describe('unlock throttle', () => {
  it('is free for three tries, then doubles up to five minutes', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(unlockDelaySeconds)).toEqual([0, 0, 0, 2, 4, 8, 16, 300]);
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
});
