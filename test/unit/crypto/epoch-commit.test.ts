// Epoch commits: a fresh secret per epoch sealed to each remaining member's signed ephemeral key.
import { describe, expect, it } from 'vitest';
import {
  CommitError,
  MAX_EPOCH,
  epochKeyFromSecret,
  newPrekey,
  openCommit,
  sealCommit,
  verifyPrekey,
  type Commit,
} from '../../../crypto/epoch-commit';
import { newChannelId, newDeviceIdentity, publicIdentity, toBase64 } from '../../../crypto';
import type { BoxSecretKey } from '../../../crypto/types';
import { fixedIdentity, thrown } from './channel-fixtures';

const channelId = newChannelId();
const [a, b, c] = [fixedIdentity(1), fixedIdentity(2), fixedIdentity(3)];

function holder(keys: [string, BoxSecretKey][]) {
  const m = new Map(keys);
  return (pk: string) => m.get(pk);
}

describe('prekeys', () => {
  it('verify only under their owner, channel and epoch', () => {
    const { prekey } = newPrekey(b, channelId, 5);
    expect(verifyPrekey(publicIdentity(b), channelId, prekey)).toBe(true);
    expect(verifyPrekey(publicIdentity(a), channelId, prekey)).toBe(false);
    expect(verifyPrekey(publicIdentity(b), newChannelId(), prekey)).toBe(false);
    expect(verifyPrekey(publicIdentity(b), channelId, { ...prekey, epoch: 6 })).toBe(false);
    expect(verifyPrekey(publicIdentity(b), channelId, { ...prekey, pk: toBase64(new Uint8Array(31)) })).toBe(false);
  });
});

describe('commits', () => {
  it('give each member listed the same secret, and the key differs per epoch and channel', () => {
    const pb = newPrekey(b, channelId, 1);
    const { commit, secret } = sealCommit({
      channelId,
      opener: a,
      epoch: 2,
      recipients: [{ identity: publicIdentity(b), prekey: pb.prekey }, { identity: publicIdentity(c) }],
    });
    expect(commit.members).toEqual([a.deviceId, b.deviceId, c.deviceId]);
    const opts = { channelId, opener: publicIdentity(a) };
    const forB = openCommit(commit, { ...opts, me: b, secretFor: holder([[pb.prekey.pk, pb.secretKey]]) });
    // c published no prekey: its slot is sealed to its identity box key.
    const forC = openCommit(commit, {
      ...opts,
      me: c,
      secretFor: holder([[toBase64(c.box.publicKey), c.box.secretKey]]),
    });
    expect(forB).toEqual(secret);
    expect(forC).toEqual(secret);
    const k2 = epochKeyFromSecret(secret, channelId, 2);
    expect(epochKeyFromSecret(secret, channelId, 3)).not.toEqual(k2);
    expect(epochKeyFromSecret(secret, newChannelId(), 2)).not.toEqual(k2);
  });

  it('leave a removed member without a slot, and an erased prekey opens nothing', () => {
    const pb = newPrekey(b, channelId, 1);
    const { commit } = sealCommit({
      channelId,
      opener: a,
      epoch: 3,
      recipients: [{ identity: publicIdentity(b), prekey: pb.prekey }],
    });
    const everyKeyOfC = holder([[toBase64(c.box.publicKey), c.box.secretKey]]);
    const opts = { channelId, opener: publicIdentity(a) };
    expect(thrown(CommitError, () => openCommit(commit, { ...opts, me: c, secretFor: everyKeyOfC })).reason).toBe(
      'no-slot',
    );
    // b's identity box key is not the key its slot was sealed to.
    const identityOnly = holder([[toBase64(b.box.publicKey), b.box.secretKey]]);
    expect(thrown(CommitError, () => openCommit(commit, { ...opts, me: b, secretFor: identityOnly })).reason).toBe(
      'no-slot',
    );
  });

  it('refuse a forged opener, an edited member list or slot, and bad epochs', () => {
    const pb = newPrekey(b, channelId, 1);
    const secretFor = holder([[pb.prekey.pk, pb.secretKey]]);
    const { commit } = sealCommit({
      channelId,
      opener: a,
      epoch: 2,
      recipients: [{ identity: publicIdentity(b), prekey: pb.prekey }],
    });
    const forged = (x: Commit, opener = publicIdentity(a)) =>
      thrown(CommitError, () => openCommit(x, { channelId, opener, me: b, secretFor })).reason;
    expect(forged(commit, publicIdentity(c))).toBe('bad-signature');
    expect(forged({ ...commit, epoch: 9 })).toBe('bad-signature');
    const box = commit.slots[0]!.box;
    const flipped = box.startsWith('A') ? `B${box.slice(1)}` : `A${box.slice(1)}`;
    expect(forged({ ...commit, slots: [{ ...commit.slots[0]!, box: flipped }] })).toBe('bad-signature');
    expect(forged({ ...commit, members: [...commit.members].reverse() })).toBe('malformed');
    expect(forged({ ...commit, epoch: MAX_EPOCH + 1 })).toBe('malformed');
    // Signed by another device for the same epoch: a member's commit, not a copy.
    const other = sealCommit({ channelId, opener: newDeviceIdentity(), epoch: 2, recipients: [] });
    expect(other.commit.slots).toEqual([]);
    expect(() => sealCommit({ channelId, opener: a, epoch: 0, recipients: [] })).toThrow(RangeError);
    expect(() => sealCommit({ channelId, opener: a, epoch: MAX_EPOCH + 1, recipients: [] })).toThrow(RangeError);
  });

  it('refuse a slot sealed to the all-zero (low-order) key', () => {
    const zero = toBase64(new Uint8Array(32));
    expect(() =>
      sealCommit({
        channelId,
        opener: a,
        epoch: 2,
        recipients: [
          { identity: publicIdentity(b), prekey: { epoch: 1, pk: zero, sig: toBase64(new Uint8Array(64)) } },
        ],
      }),
    ).toThrow();
  });
});
