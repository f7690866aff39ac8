// An integrity check that cannot run is said to the user, never taken for a clean vault, and runs again when asked.
import { describe, expect, it } from 'vitest';
import { integrityCheckFailed } from '../../../ext/panel/integrity';
import { VaultService } from '../../../ext/panel/vault-service';
import { ScratchRepo } from '../../../storage/scratch-repo';
import { freshDb } from '../storage/support';

describe('an integrity check that cannot run', () => {
  it('rejects instead of reporting nothing, and the next ask runs the check again', async () => {
    const db = freshDb();
    const vault = new VaultService(db);
    await vault.create('a calm passphrase for tests');
    await new ScratchRepo(db, vault.fields()).save('words');
    db.close();
    const failure = await vault.integrity().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(Error);

    const alert = integrityCheckFailed(failure);
    expect(alert.failed).toBe(true);
    expect(alert.title).toBe('Squircle could not check your records');
    expect(alert.lines[0]).toContain((failure as Error).message);
    expect(alert.advice).toMatch(/checks again at your next unlock/);

    await db.open();
    expect((await vault.integrity()).findings).toEqual([]);
  });

  it('names what went wrong even when the error is not an Error', () => {
    expect(integrityCheckFailed('the ledger table is missing').lines[0]).toContain('the ledger table is missing');
  });
});
