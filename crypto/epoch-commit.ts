/**
 * Fresh epochs for the co-leader channel, a flat-tree commit in the manner
 * of MLS (RFC 9420) for two or three members.
 *
 * Each member keeps a signed ephemeral X25519 key (a prekey) for the next
 * epoch and publishes its public half. The device that opens epoch E draws
 * a random 32-byte epoch secret and seals it, for each remaining member, to
 * that member's prekey (or, for a member who has not published one yet, to
 * its identity box key) with a fresh ephemeral key of its own:
 *   slot key = HKDF-SHA256(x25519(commit eph sk, member prekey),
 *                          salt = channel id, info = framed('squircle/commit-slot/v1', E, eph pk, prekey, member))
 *   slot     = nonce 24 | secretbox(epoch secret, nonce, slot key)
 * The opener signs the whole commit with its identity key. The epoch key is
 *   HKDF-SHA256(epoch secret, salt = channel id, info = framed('squircle/epoch/v2', E)).
 * Once the commit ephemeral secret and the members' used prekey secrets are
 * erased, and the epoch secret after the epoch is done, nothing on any device
 * opens that epoch's envelopes again: forward secrecy per epoch. A member
 * left out of the commit gets no slot: removal.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import { concatBytes, framed, u32 } from './bytes';
import { fromBase64, toBase64 } from './encoding';
import { keysOf } from './identity';
import { boxPublicKeyFrom, newBoxKeyPair, signDetached, verifyStrict, x25519 } from './strict';
import type { BoxSecretKey, DeviceIdentity, EpochKey, PublicIdentity } from './types';
import { fromHex } from './wire';

/** The highest epoch number: below u32's top, so the next one always fits the envelope's field. */
export const MAX_EPOCH = 0xffff_fff0;
/** How far one commit may move the epoch on: a commit naming a far epoch would burn the number space. */
export const MAX_EPOCH_STEP = 64;
const SECRET_BYTES = 32;
const NONCE_BYTES = nacl.secretbox.nonceLength;

/** A member's signed ephemeral X25519 public key, as published on the channel. */
export interface SignedPrekey {
  /** The epoch it was made in (the commit that opens a later one uses it). */
  epoch: number;
  /** base64, 32 bytes */
  pk: string;
  /** base64 Ed25519 signature by the member's identity key */
  sig: string;
}

export interface CommitSlot {
  /** The member's device id (hex). */
  d: string;
  /** The public key it is sealed to (base64): the member's prekey or, without one, its identity box key. */
  to: string;
  /** base64: nonce, then secretbox of the epoch secret. */
  box: string;
}

/** Opens `epoch`; travels as a channel event, signed by `by`. */
export interface Commit {
  epoch: number;
  /** The opener's device id. */
  by: string;
  /** base64: the commit's ephemeral X25519 public key. */
  eph: string;
  /** Every member of the new epoch, ascending device ids, the opener included. */
  members: string[];
  slots: CommitSlot[];
  /** base64 Ed25519 signature of the opener over everything above. */
  sig: string;
}

/** An epoch number this channel can use. Never throws. */
export function validEpoch(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_EPOCH;
}

/**
 * The envelope key of an epoch from its secret. Throws TypeError on a
 * secret that is not 32 bytes or a malformed channel id, RangeError on an
 * epoch outside 1..MAX_EPOCH.
 */
export function epochKeyFromSecret(secret: Uint8Array, channelId: string, epoch: number): EpochKey {
  if (!(secret instanceof Uint8Array) || secret.length !== SECRET_BYTES)
    throw new TypeError('An epoch secret is 32 bytes.');
  requireEpoch(epoch);
  return hkdf(sha256, secret, hexId(channelId), framed('squircle/epoch/v2', u32(epoch)), 32) as EpochKey;
}

/** A fresh prekey made in `epoch`: its secret stays here (sealed in the vault), the signed public half is published. */
export function newPrekey(
  me: DeviceIdentity,
  channelId: string,
  epoch: number,
): { secretKey: BoxSecretKey; prekey: SignedPrekey } {
  requireEpoch(epoch);
  const kp = newBoxKeyPair();
  const sig = signDetached(prekeySigned(channelId, me.deviceId, epoch, kp.publicKey), me.signing.secretKey);
  return { secretKey: kp.secretKey, prekey: { epoch, pk: toBase64(kp.publicKey), sig: toBase64(sig) } };
}

/** Whether `p` is a prekey `owner` signed for this channel. Never throws. */
export function verifyPrekey(owner: PublicIdentity, channelId: string, p: SignedPrekey): boolean {
  try {
    if (!validEpoch(p.epoch)) return false;
    const pk = boxPublicKeyFrom(fromBase64(p.pk));
    return verifyStrict(prekeySigned(channelId, owner.deviceId, p.epoch, pk), fromBase64(p.sig), keysOf(owner).signPk);
  } catch {
    return false;
  }
}

export interface SealCommitInput {
  channelId: string;
  opener: DeviceIdentity;
  epoch: number;
  /** The other members of the new epoch, each with its verified prekey when one is known. */
  recipients: readonly { identity: PublicIdentity; prekey?: SignedPrekey }[];
}

/**
 * A commit opening `epoch` for the opener and `recipients`, and its epoch
 * secret (the caller keeps it sealed, then erases it). The commit's
 * ephemeral secret is erased before this returns. Throws RangeError on a
 * bad epoch or more than 15 recipients, TypeError on malformed input,
 * WeakKeyError on a low-order recipient key.
 */
export function sealCommit(o: SealCommitInput): { commit: Commit; secret: Uint8Array } {
  requireEpoch(o.epoch);
  if (o.recipients.length > 15) throw new RangeError('A commit has at most 16 members.');
  const secret = nacl.randomBytes(SECRET_BYTES);
  const eph = newBoxKeyPair();
  const ephB64 = toBase64(eph.publicKey);
  try {
    const slots = o.recipients
      .filter((r) => r.identity.deviceId !== o.opener.deviceId)
      .map(({ identity, prekey }): CommitSlot => {
        const to = prekey ? boxPublicKeyFrom(fromBase64(prekey.pk)) : keysOf(identity).boxPk;
        const key = slotKey(x25519(eph.secretKey, to), o.channelId, o.epoch, eph.publicKey, to, identity.deviceId);
        const nonce = nacl.randomBytes(NONCE_BYTES);
        const box = concatBytes(nonce, nacl.secretbox(secret, nonce, key));
        key.fill(0);
        return { d: identity.deviceId, to: toBase64(to), box: toBase64(box) };
      })
      .sort((a, b) => (a.d < b.d ? -1 : 1));
    const members = [...new Set([o.opener.deviceId, ...slots.map((s) => s.d)])].sort();
    const unsigned = { epoch: o.epoch, by: o.opener.deviceId, eph: ephB64, members, slots };
    const sig = signDetached(commitSigned(o.channelId, unsigned), o.opener.signing.secretKey);
    return { commit: { ...unsigned, sig: toBase64(sig) }, secret };
  } finally {
    eph.secretKey.fill(0);
  }
}

export type CommitProblem = 'malformed' | 'bad-signature' | 'no-slot' | 'tampered';

export class CommitError extends Error {
  constructor(readonly reason: CommitProblem) {
    super(`The epoch commit was refused: ${reason}.`);
    this.name = 'CommitError';
  }
}

/** Whether a commit signed by `opener` is well formed and its signature holds. Never throws. */
export function verifyCommit(c: Commit, opener: PublicIdentity, channelId: string): boolean {
  try {
    if (!commitShape(c) || c.by !== opener.deviceId || !c.members.includes(c.by)) return false;
    const { sig, ...unsigned } = c;
    return verifyStrict(commitSigned(channelId, unsigned), fromBase64(sig), keysOf(opener).signPk);
  } catch {
    return false;
  }
}

/**
 * This member's epoch secret from a commit `opener` signed. `secretFor`
 * gives the secret key for a public key this device holds (its prekeys and
 * its identity box key), or undefined. Throws CommitError: 'malformed',
 * 'bad-signature', 'no-slot' (left out, or sealed to a key no longer held),
 * 'tampered'.
 */
export function openCommit(
  c: Commit,
  o: {
    channelId: string;
    opener: PublicIdentity;
    me: DeviceIdentity;
    secretFor: (publicKey: string) => BoxSecretKey | undefined;
  },
): Uint8Array {
  if (!commitShape(c)) throw new CommitError('malformed');
  if (!verifyCommit(c, o.opener, o.channelId)) throw new CommitError('bad-signature');
  const slot = c.slots.find((s) => s.d === o.me.deviceId);
  const sk = slot && o.secretFor(slot.to);
  if (!slot || !sk) throw new CommitError('no-slot');
  const eph = boxPublicKeyFrom(fromBase64(c.eph));
  const to = boxPublicKeyFrom(fromBase64(slot.to));
  let shared: Uint8Array;
  try {
    shared = x25519(sk, eph);
  } catch {
    throw new CommitError('tampered');
  }
  const key = slotKey(shared, o.channelId, c.epoch, eph, to, slot.d);
  const box = fromBase64(slot.box);
  const secret = nacl.secretbox.open(box.subarray(NONCE_BYTES), box.subarray(0, NONCE_BYTES), key);
  key.fill(0);
  if (!secret || secret.length !== SECRET_BYTES) throw new CommitError('tampered');
  return secret;
}

/** Structural check of a commit received from the wire. Never throws. */
export function commitShape(v: unknown): v is Commit {
  const c = v as Partial<Commit> | null;
  const b64 = (x: unknown, n: number) => {
    try {
      return typeof x === 'string' && x.length <= 200 && fromBase64(x).length === n;
    } catch {
      return false;
    }
  };
  const id = (x: unknown) => typeof x === 'string' && !!fromHex(x, 16);
  return (
    !!c &&
    typeof c === 'object' &&
    validEpoch(c.epoch) &&
    id(c.by) &&
    b64(c.eph, 32) &&
    b64(c.sig, 64) &&
    Array.isArray(c.members) &&
    c.members.length >= 1 &&
    c.members.length <= 16 &&
    c.members.every(id) &&
    c.members.every((m, i) => i === 0 || c.members![i - 1]! < m) &&
    Array.isArray(c.slots) &&
    c.slots.length <= 15 &&
    c.slots.every(
      (s) =>
        !!s &&
        typeof s === 'object' &&
        id(s.d) &&
        s.d !== c.by &&
        c.members!.includes(s.d) &&
        b64(s.to, 32) &&
        b64(s.box, NONCE_BYTES + nacl.secretbox.overheadLength + SECRET_BYTES),
    ) &&
    c.slots.length === c.members.length - 1
  );
}

function slotKey(
  shared: Uint8Array,
  channelId: string,
  epoch: number,
  eph: Uint8Array,
  to: Uint8Array,
  deviceId: string,
): Uint8Array {
  const key = hkdf(
    sha256,
    shared,
    hexId(channelId),
    framed('squircle/commit-slot/v1', u32(epoch), eph, to, hexId(deviceId)),
    32,
  );
  shared.fill(0);
  return key;
}

function commitSigned(channelId: string, c: Omit<Commit, 'sig'>): Uint8Array {
  return framed(
    'squircle/commit/v1',
    hexId(channelId),
    u32(c.epoch),
    hexId(c.by),
    fromBase64(c.eph),
    concatBytes(...c.members.map(hexId)),
    concatBytes(...c.slots.map((s) => framed('slot', hexId(s.d), fromBase64(s.to), fromBase64(s.box)))),
  );
}

function prekeySigned(channelId: string, deviceId: string, epoch: number, pk: Uint8Array): Uint8Array {
  return framed('squircle/prekey/v1', hexId(channelId), hexId(deviceId), u32(epoch), pk);
}

function requireEpoch(epoch: number): void {
  if (!validEpoch(epoch)) throw new RangeError(`An epoch is a whole number from 1 to ${MAX_EPOCH}.`);
}

function hexId(text: string): Uint8Array {
  const id = fromHex(text, 16);
  if (!id) throw new TypeError('An id is 16 bytes of lowercase hex.');
  return id;
}
