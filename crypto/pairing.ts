/**
 * The join handshake. The joiner has the invite (sent by any route) and the
 * pairing code the inviter says in the call, then:
 *   joiner  → join topic: joinRequest    (sealed under the join key; carries its CPace share)
 *   inviter → join topic: joinChallenge  (its CPace share and proof of the code, signed)
 *   joiner  → join topic: joinConfirm    (proof of the code)
 *   inviter → join topic: joinAccept     (sealed to the joiner's X25519 key and the CPace key, signed)
 * (pairing-code.ts runs CPace.) The inviter sends the channel key only after
 * the joiner proved the code, so an invite without the code opens nothing;
 * each side then counts the other as verified.
 *
 * Every join message starts with a 10-byte header:
 *   [0x02 version][kind: 0x01 request | 0x02 accept | 0x03 challenge | 0x04 confirm][join key id 8]
 * Join request, version 2 (227 bytes):
 *   header [nonce 24] [secretbox under the join key of:
 *     joiner public identity 81 | CPace share 32 | joiner's Ed25519 signature 64 over
 *     framed('squircle/join-request/v2', inviteId, channelId, inviter identity, joiner identity, share)]
 * Challenge, confirm and accept: see pairing-code.ts and pairing-accept.ts.
 * The broker sees a random-looking topic and ciphertext; the join key id only
 * says which invite a message is for, which the topic already says.
 */
import nacl from 'tweetnacl';
import { concatBytes, constantTimeEqual, digest32, framed } from './bytes';
import { PairingError } from './channel-errors';
import { CPACE_SHARE_BYTES } from './cpace';
import { CHANNEL_ID_BYTES } from './epoch';
import { IDENTITY_BYTES, identityBytes, keysOf, publicIdentity, readIdentity, samePublicIdentity } from './identity';
import { signDetached, verifyStrict, x25519 } from './strict';
import { WeakKeyError, type DeviceIdentity, type Invite, type PublicIdentity } from './types';
import { Reader, fromHex, toHex } from './wire';

export const JOIN_VERSION = 2;
export const KIND_REQUEST = 1;
export const KIND_ACCEPT = 2;
export const KIND_CHALLENGE = 3;
export const KIND_CONFIRM = 4;
const KEY_ID_BYTES = 8;
export const JOIN_HEADER_BYTES = 2 + KEY_ID_BYTES;
const NONCE_BYTES = nacl.secretbox.nonceLength;
const SIG_BYTES = 64;
export const JOIN_REQUEST_BYTES =
  JOIN_HEADER_BYTES + NONCE_BYTES + nacl.secretbox.overheadLength + IDENTITY_BYTES + CPACE_SHARE_BYTES + SIG_BYTES;

/**
 * The MQTT topic suffix (32 hex characters) where the two sides of one
 * invite meet: digest32('squircle/join-topic/v1', secret). Throws TypeError
 * on a secret that is not 32 bytes. Never contains the invite or channel id.
 */
export function joinTopic(invite: Invite): string {
  return toHex(digest32('squircle/join-topic/v1', secretOf(invite)).subarray(0, 16));
}

/**
 * What the joiner sends: its public identity and CPace share (pairing-code.ts),
 * signed over the invite, both identities and the share, sealed under the
 * join key. Throws TypeError on a malformed invite, identity or share, or
 * when the joiner is the inviter. Never reveals the joiner's keys to anyone without the invite.
 */
export function joinRequest(invite: Invite, joiner: DeviceIdentity, share: Uint8Array): Uint8Array {
  const me = publicIdentity(joiner);
  if (me.deviceId === invite.inviter.deviceId) throw new TypeError('A device cannot join its own invite.');
  if (!(share instanceof Uint8Array) || share.length !== CPACE_SHARE_BYTES) throw new TypeError('A share is 32 bytes.');
  const sig = signDetached(requestSigned(invite, me, share), joiner.signing.secretKey);
  const nonce = nacl.randomBytes(NONCE_BYTES);
  const box = nacl.secretbox(concatBytes(identityBytes(me), share, sig), nonce, joinKey(invite));
  return concatBytes(joinHeader(KIND_REQUEST, invite), nonce, box);
}

/** What a valid join request says: who asks, and their CPace share. */
export interface OpenedJoinRequest {
  readonly joiner: PublicIdentity;
  readonly share: Uint8Array;
}

/**
 * The inviter's side: returns the joiner's public identity (to pin once
 * the code is proven) and CPace share.
 * Throws PairingError: 'malformed', 'unsupported-version', 'wrong-invite'
 * (another invite, or an invite `inviter` did not make), 'expired' (now at
 * or past the invite's expiry), 'tampered', 'bad-signature', 'weak-key'.
 * Throws TypeError only on a malformed invite or inviter identity. Never
 * marks the invite used: storage does that, and a redelivered request opens
 * again to the same identity.
 */
export function openJoinRequest(
  invite: Invite,
  inviter: DeviceIdentity,
  bytes: Uint8Array,
  now: number,
): OpenedJoinRequest {
  const r = openHeader(invite, bytes, KIND_REQUEST);
  if (!samePublicIdentity(publicIdentity(inviter), invite.inviter)) throw new PairingError('wrong-invite');
  if (!(now < invite.expiresAt)) throw new PairingError('expired');
  if (bytes.length !== JOIN_REQUEST_BYTES) throw new PairingError('malformed');
  const nonce = r.take(NONCE_BYTES);
  const inner = nacl.secretbox.open(r.take(bytes.length - r.offset), nonce, joinKey(invite));
  if (!inner) throw new PairingError('tampered');
  const ir = new Reader(inner, () => new PairingError('malformed'));
  const joiner = readIdentity(ir, () => new PairingError('malformed'));
  const share = ir.take(CPACE_SHARE_BYTES).slice();
  const sig = ir.take(SIG_BYTES);
  ir.end();
  if (joiner.deviceId === invite.inviter.deviceId) throw new PairingError('malformed');
  const keys = keysOf(joiner);
  if (!verifyStrict(requestSigned(invite, joiner, share), sig, keys.signPk)) throw new PairingError('bad-signature');
  // The accept will be sealed to this key; a low-order point is refused now, not later.
  sharedSecret(inviter.box.secretKey, keys.boxPk).fill(0);
  return Object.freeze({ joiner, share });
}

const KINDS = {
  [KIND_REQUEST]: 'request',
  [KIND_ACCEPT]: 'accept',
  [KIND_CHALLENGE]: 'challenge',
  [KIND_CONFIRM]: 'confirm',
} as const;

/** Which join message this is, from its header alone, for routing. Never throws. */
export function joinMessageKind(bytes: Uint8Array): (typeof KINDS)[keyof typeof KINDS] | undefined {
  if (!(bytes instanceof Uint8Array) || bytes.length < JOIN_HEADER_BYTES || bytes[0] !== JOIN_VERSION) return undefined;
  return KINDS[bytes[1] as keyof typeof KINDS];
}

// ---- shared with pairing-accept.ts -----------------------------------------

export function joinHeader(kind: number, invite: Invite): Uint8Array {
  return concatBytes(new Uint8Array([JOIN_VERSION, kind]), joinKeyId(invite));
}

/**
 * Checks the header and returns a reader positioned after it. Throws
 * PairingError on a wrong version, kind or invite.
 */
export function openHeader(invite: Invite, bytes: Uint8Array, kind: number): Reader {
  if (!(bytes instanceof Uint8Array) || bytes.length < JOIN_HEADER_BYTES) throw new PairingError('malformed');
  if (bytes[0] !== JOIN_VERSION) throw new PairingError('unsupported-version');
  if (bytes[1] !== kind) throw new PairingError('malformed');
  if (!constantTimeEqual(bytes.subarray(2, JOIN_HEADER_BYTES), joinKeyId(invite)))
    throw new PairingError('wrong-invite');
  const r = new Reader(bytes, () => new PairingError('malformed'));
  r.take(JOIN_HEADER_BYTES);
  return r;
}

/** The invite's id and channel id as bytes. Throws TypeError on a malformed invite. */
export function inviteIds(invite: Invite): { inviteId: Uint8Array; channelId: Uint8Array } {
  const inviteId = fromHex(invite.inviteId, 16);
  const channelId = fromHex(invite.channelId, CHANNEL_ID_BYTES);
  if (!inviteId || !channelId) throw new TypeError('Not an invite.');
  return { inviteId, channelId };
}

/** Turns a WeakKeyError from x25519 into the pairing failure the caller expects. */
export function sharedSecret(...args: Parameters<typeof x25519>): Uint8Array {
  try {
    return x25519(...args);
  } catch (e) {
    if (e instanceof WeakKeyError) throw new PairingError('weak-key');
    throw e;
  }
}

function requestSigned(invite: Invite, joiner: PublicIdentity, share: Uint8Array): Uint8Array {
  const { inviteId, channelId } = inviteIds(invite);
  return framed(
    'squircle/join-request/v2',
    inviteId,
    channelId,
    identityBytes(invite.inviter),
    identityBytes(joiner),
    share,
  );
}

function joinKey(invite: Invite): Uint8Array {
  return digest32('squircle/join-key/v1', secretOf(invite));
}

function joinKeyId(invite: Invite): Uint8Array {
  return digest32('squircle/join-key-id/v1', secretOf(invite)).subarray(0, KEY_ID_BYTES);
}

function secretOf(invite: Invite): Uint8Array {
  if (!(invite?.secret instanceof Uint8Array) || invite.secret.length !== 32) {
    throw new TypeError('An invite secret is 32 bytes.');
  }
  return invite.secret;
}
