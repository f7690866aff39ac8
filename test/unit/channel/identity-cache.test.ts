// myIdentity rebuilds the keys once per stored record, per repository.
import { describe, expect, it } from 'vitest';
import { myIdentity, resetIdentity } from '../../../channel/state';
import { fieldCipher, fromBase64, newVaultKey, publicIdentity, verifyKeyChange } from '../../../crypto';
import { ChannelRepo } from '../../../storage/channel-repo';
import { SquircleDb } from '../../../storage/db';

describe('myIdentity', () => {
  it('gives the same identity until the record changes, and the new keys after a reset', async () => {
    const db = new SquircleDb(`id-${crypto.randomUUID()}`);
    const cipher = fieldCipher(newVaultKey());
    const repo = new ChannelRepo(db, cipher);
    const made = await myIdentity(repo);
    const again = await myIdentity(repo);
    expect(publicIdentity(again)).toEqual(publicIdentity(made));
    expect(await myIdentity(repo)).toBe(again);
    // Another repository (another unlock) rebuilds it from the record: same keys.
    const other = await myIdentity(new ChannelRepo(db, cipher));
    expect(publicIdentity(other)).toEqual(publicIdentity(made));
    const { identity: fresh, endorsement } = await resetIdentity(repo);
    const after = await myIdentity(repo);
    expect(after.deviceId).toBe(made.deviceId);
    expect(publicIdentity(after)).toEqual(publicIdentity(fresh));
    expect(publicIdentity(after).signPk).not.toEqual(publicIdentity(made).signPk);
    // The old key endorses the new identity, and only that one.
    expect(verifyKeyChange(publicIdentity(made), publicIdentity(after), fromBase64(endorsement))).toBe(true);
    expect(verifyKeyChange(publicIdentity(after), publicIdentity(made), fromBase64(endorsement))).toBe(false);
  });
});
