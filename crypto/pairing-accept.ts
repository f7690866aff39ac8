/**
 * The inviter's reply to a join request: the channel key and the member
 * list, readable only by the joiner and signed by the inviter.
 *
 * Join accept, version 1 (151 + 81·n bytes):
 *   header 10 (kind 0x02) [recipient deviceId 16] [nonce 24] [secretbox under K of:
 *     channelKey 32 | n u8 (2..16) | n public identities 81 each, by ascending device id |
 *     inviter's Ed25519 signature 64 over framed('squircle/join-accept/v1',
 *       inviteId, channelId, inviter identity, joiner identity, channelKey, the n identities)]
 *   K = digest32('squircle/join-accept-key/v2', x25519(inviter box sk, joiner box pk),
 *                inviter box pk, joiner box pk, header and recipient, pairing key)
 * x25519 is our strict one, so a low-order key never yields a known K. The
 * pairing key comes from CPace on the spoken code (pairing-code.ts): without
 * the code, even the joiner's own box key does not open the accept.
 */
import nacl from 'tweetnacl';
import { concatBytes, constantTimeEqual, digest32, framed } from './bytes';
import { PairingError } from './channel-errors';
import { identityBytes, keysOf, publicIdentity, readIdentity, samePublicIdentity } from './identity';
import { KIND_ACCEPT, inviteIds, joinHeader, openHeader, sharedSecret } from './pairing';
import { signDetached, verifyStrict } from './strict';
import type { ChannelKey, DeviceIdentity, Invite, JoinedChannel, PublicIdentity } from './types';
import { Reader, fromHex } from './wire';

/** Co-leading is two or three people; the cap bounds what a reply can make us parse. */
export const MAX_MEMBERS = 16;
const NONCE_BYTES = nacl.secretbox.nonceLength;
const SIG_BYTES = 64;

export interface JoinAcceptInput {
  readonly invite: Invite;
  /** Must be the identity that made the invite. */
  readonly inviter: DeviceIdentity;
  /** From openJoinRequest. */
  readonly joiner: PublicIdentity;
  readonly channelKey: ChannelKey;
  /** The current members; the inviter and the joiner are added if missing. */
  readonly members: readonly PublicIdentity[];
  /** From the pairing code's CPace run (PairingKeys.accept in pairing-code.ts), 32 bytes. */
  readonly pairingKey: Uint8Array;
}

/**
 * Seals the channel key and the member list to the joiner. Throws TypeError
 * when the inviter did not make the invite, a key or identity is malformed,
 * or one device id appears with two different keys; RangeError above
 * MAX_MEMBERS; WeakKeyError (from x25519) on a low-order joiner key.
 * Never reuses a nonce; never leaves the plaintext or the box key in memory.
 */
export function joinAccept(o: JoinAcceptInput): Uint8Array {
  const inviter = publicIdentity(o.inviter);
  if (!samePublicIdentity(inviter, o.invite.inviter)) throw new TypeError('Only the inviter can accept a join.');
  if (!(o.channelKey instanceof Uint8Array) || o.channelKey.length !== 32)
    throw new TypeError('A channel key is 32 bytes.');
  const members = memberList([...o.members, inviter, o.joiner]);
  const header = acceptHeader(o.invite, o.joiner);
  const shared = sharedSecret(o.inviter.box.secretKey, keysOf(o.joiner).boxPk);
  const key = boxKey(shared, inviter, o.joiner, header, o.pairingKey);
  const sig = signDetached(acceptSigned(o.invite, o.joiner, o.channelKey, members), o.inviter.signing.secretKey);
  const inner = concatBytes(o.channelKey, new Uint8Array([members.length]), ...members.map(identityBytes), sig);
  const nonce = nacl.randomBytes(NONCE_BYTES);
  const box = nacl.secretbox(inner, nonce, key);
  inner.fill(0);
  key.fill(0);
  return concatBytes(header, nonce, box);
}

/**
 * The joiner's side. The inviter's keys come from the invite (pinned), not
 * from the message. Throws PairingError: 'malformed', 'unsupported-version',
 * 'wrong-invite', 'wrong-recipient', 'weak-key', 'tampered',
 * 'bad-signature'. Throws TypeError only on a malformed invite or identity.
 * Never returns a member list the inviter did not sign.
 */
export function openJoinAccept(
  invite: Invite,
  joiner: DeviceIdentity,
  bytes: Uint8Array,
  pairingKey: Uint8Array,
): JoinedChannel {
  const me = publicIdentity(joiner);
  const r = openHeader(invite, bytes, KIND_ACCEPT);
  const recipient = r.take(16);
  if (!constantTimeEqual(recipient, keysOf(me).deviceId)) throw new PairingError('wrong-recipient');
  const nonce = r.take(NONCE_BYTES);
  const header = bytes.subarray(0, r.offset - NONCE_BYTES);
  const shared = sharedSecret(joiner.box.secretKey, keysOf(invite.inviter).boxPk);
  const key = boxKey(shared, invite.inviter, me, header, pairingKey);
  const inner = nacl.secretbox.open(bytes.subarray(r.offset), nonce, key);
  key.fill(0);
  if (!inner) throw new PairingError('tampered');
  try {
    return readAccept(invite, me, inner);
  } finally {
    inner.fill(0);
  }
}

function readAccept(invite: Invite, me: PublicIdentity, inner: Uint8Array): JoinedChannel {
  const malformed = () => new PairingError('malformed');
  const ir = new Reader(inner, malformed);
  const channelKey = ir.take(32).slice() as ChannelKey;
  const n = ir.u8();
  if (n < 2 || n > MAX_MEMBERS) throw malformed();
  const members = Array.from({ length: n }, () => readIdentity(ir, malformed));
  const sig = ir.take(SIG_BYTES);
  ir.end();
  if (!verifyStrict(acceptSigned(invite, me, channelKey, members), sig, keysOf(invite.inviter).signPk)) {
    throw new PairingError('bad-signature');
  }
  const ascending = members.every((m, i) => i === 0 || members[i - 1]!.deviceId < m.deviceId);
  const has = (p: PublicIdentity) => members.some((m) => samePublicIdentity(m, p));
  if (!ascending || !has(invite.inviter) || !has(me)) throw malformed();
  return Object.freeze({ channelId: invite.channelId, channelKey, members: Object.freeze(members) });
}

/** Deduplicated and sorted by device id, so the signed list has one encoding. */
function memberList(all: readonly PublicIdentity[]): PublicIdentity[] {
  const byId = new Map<string, PublicIdentity>();
  for (const m of all) {
    keysOf(m);
    const seen = byId.get(m.deviceId);
    if (seen && !samePublicIdentity(seen, m))
      throw new TypeError(`Device ${m.deviceId} appears with two different keys.`);
    byId.set(m.deviceId, seen ?? m);
  }
  if (byId.size > MAX_MEMBERS) throw new RangeError(`A channel has at most ${MAX_MEMBERS} members.`);
  return [...byId.values()].sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1));
}

function acceptHeader(invite: Invite, joiner: PublicIdentity): Uint8Array {
  const recipient = fromHex(joiner.deviceId, 16);
  if (!recipient) throw new TypeError('Not a public identity.');
  return concatBytes(joinHeader(KIND_ACCEPT, invite), recipient);
}

function boxKey(
  shared: Uint8Array,
  inviter: PublicIdentity,
  joiner: PublicIdentity,
  header: Uint8Array,
  pairingKey: Uint8Array,
): Uint8Array {
  if (!(pairingKey instanceof Uint8Array) || pairingKey.length !== 32) {
    shared.fill(0);
    throw new TypeError('A pairing key is 32 bytes.');
  }
  const key = digest32(
    'squircle/join-accept-key/v2',
    shared,
    keysOf(inviter).boxPk,
    keysOf(joiner).boxPk,
    header,
    pairingKey,
  );
  shared.fill(0);
  return key;
}

function acceptSigned(
  invite: Invite,
  joiner: PublicIdentity,
  channelKey: Uint8Array,
  members: readonly PublicIdentity[],
): Uint8Array {
  const { inviteId, channelId } = inviteIds(invite);
  return framed(
    'squircle/join-accept/v1',
    inviteId,
    channelId,
    identityBytes(invite.inviter),
    identityBytes(joiner),
    channelKey,
    concatBytes(...members.map(identityBytes)),
  );
}
