/**
 * Invites for a co-leader, as text and as the same text in a QR code:
 *   squircle-invite:1:<base64url, unpadded, of the bytes below>
 *
 * Binary invite, version 1 (220 + n bytes, n = broker URL length):
 *   [0x01][inviteId 16][secret 32][channelId 16][expiresAt u64 ms, BE]
 *   [n u16 BE][brokerUrl n, ASCII][inviter public identity 81]
 *   [Ed25519 signature 64 over framed('squircle/invite/v1', everything before it)]
 *   [checksum 4 = first bytes of digest32('squircle/invite-checksum/v1', everything before it)]
 * The checksum is not security: it tells a typo or a cut-off paste from a
 * forgery before any signature work, so the user gets the right message.
 * The signature makes every field, the broker address included, tamper-evident.
 */
import nacl from 'tweetnacl';
import { concatBytes, constantTimeEqual, digest32, framed } from './bytes';
import { InviteError, type InviteProblem } from './channel-errors';
import { utf8Decode, utf8Encode } from './encoding';
import { CHANNEL_ID_BYTES } from './epoch';
import { identityBytes, keysOf, publicIdentity, readIdentity } from './identity';
import { signDetached, verifyStrict } from './strict';
import type { DeviceIdentity, Invite, InviteSecret } from './types';
import { Reader, fromBase64Url, fromHex, toBase64Url, toHex, u53 } from './wire';

export const INVITE_PREFIX = 'squircle-invite:';
const TEXT_HEAD = `${INVITE_PREFIX}1:`;
/** A day: long enough to send by another route and join tomorrow morning, short enough to go stale. */
export const INVITE_TTL_MS = 24 * 60 * 60 * 1000;
/** 256 bits; at least 128 are required, and v1 carries exactly 32 bytes. */
export const INVITE_SECRET_BYTES = 32;
const ID_BYTES = 16;
const MAX_URL_BYTES = 512;
const SIG_BYTES = 64;
const CHECKSUM_BYTES = 4;
/** Longer text is not an invite; refusing it early bounds the work on pasted junk. */
const MAX_TEXT = 2048;
const BROKER_URL = /^(?:wss?|mqtts?):\/\/[!-~]+$/;

export interface NewInviteInput {
  readonly inviter: DeviceIdentity;
  readonly brokerUrl: string;
  readonly channelId: string;
  readonly now: number;
  /** Default now + INVITE_TTL_MS. */
  readonly expiresAt?: number;
}

/**
 * A fresh signed invite with a random id and secret. Throws TypeError on a
 * broker URL that is not ws(s):// or mqtt(s):// printable ASCII up to 512
 * bytes, a channel id that is not 16 bytes of hex, or a malformed identity;
 * RangeError when expiresAt is not after now. Never reuses a secret.
 */
export function createInvite(o: NewInviteInput): Invite {
  const expiresAt = o.expiresAt ?? o.now + INVITE_TTL_MS;
  if (!Number.isSafeInteger(o.now) || !Number.isSafeInteger(expiresAt) || expiresAt <= o.now || o.now < 0) {
    throw new RangeError('An invite must expire after it is made.');
  }
  const unsigned = {
    v: 1 as const,
    inviteId: toHex(nacl.randomBytes(ID_BYTES)),
    secret: nacl.randomBytes(INVITE_SECRET_BYTES) as InviteSecret,
    brokerUrl: o.brokerUrl,
    channelId: o.channelId,
    expiresAt,
    inviter: publicIdentity(o.inviter),
  };
  const body = unsignedBytes(unsigned);
  return Object.freeze({ ...unsigned, signature: signDetached(signedMessage(body), o.inviter.signing.secretKey) });
}

/**
 * The invite's text form; a QR code carries exactly this text. Throws
 * TypeError on a malformed field (see createInvite; a secret must be 32
 * bytes). Never checks the signature: a forged invite encodes, and fails to decode.
 */
export function encodeInvite(invite: Invite): string {
  if (!(invite.signature instanceof Uint8Array) || invite.signature.length !== SIG_BYTES) {
    throw new TypeError('An invite signature is 64 bytes.');
  }
  const signed = concatBytes(unsignedBytes(invite), invite.signature);
  return TEXT_HEAD + toBase64Url(concatBytes(signed, checksum(signed)));
}

/**
 * Reads invite text (whitespace anywhere is ignored, as pasted text wraps).
 * Throws InviteError: 'malformed' (typo, cut off, not an invite),
 * 'unsupported-version', 'tampered' (bad signature), 'expired' (now at or
 * past expiresAt). Throws TypeError only when `now` is not a number. Never
 * throws anything else, never returns an invite whose signature failed.
 */
export function decodeInvite(text: string, now: number): Invite {
  if (!Number.isFinite(now)) throw new TypeError('decodeInvite needs the current time in ms.');
  const bytes = inviteBytes(text);
  const fail = () => new InviteError('malformed');
  const body = bytes.subarray(0, bytes.length - CHECKSUM_BYTES);
  if (!constantTimeEqual(checksum(body), bytes.subarray(body.length))) throw fail();
  if (body[0] !== 1) throw new InviteError('unsupported-version');
  const r = new Reader(body, fail);
  r.u8();
  const inviteId = toHex(r.take(ID_BYTES));
  const secret = r.take(INVITE_SECRET_BYTES).slice() as InviteSecret;
  const channelId = toHex(r.take(CHANNEL_ID_BYTES));
  const expiresAt = r.u53();
  const brokerUrl = readUrl(r, fail);
  const inviter = readIdentity(r, fail);
  const signedEnd = r.offset;
  const signature = r.take(SIG_BYTES).slice();
  r.end();
  if (isWeakSecret(secret)) throw fail();
  if (!verifyStrict(signedMessage(body.subarray(0, signedEnd)), signature, keysOf(inviter).signPk)) {
    throw new InviteError('tampered');
  }
  if (now >= expiresAt) throw new InviteError('expired');
  return Object.freeze({ v: 1, inviteId, secret, brokerUrl, channelId, expiresAt, inviter, signature });
}

/** True when text starts like an invite, for recognising a paste or a scan. Never throws. */
export function looksLikeInvite(text: unknown): boolean {
  return typeof text === 'string' && text.trimStart().startsWith(INVITE_PREFIX);
}

function inviteBytes(text: string): Uint8Array {
  const problem = (p: InviteProblem) => new InviteError(p);
  if (typeof text !== 'string' || text.length > MAX_TEXT) throw problem('malformed');
  const compact = text.replace(/\s+/g, '');
  if (!compact.startsWith(INVITE_PREFIX)) throw problem('malformed');
  const m = /^([0-9]{1,4}):(.*)$/s.exec(compact.slice(INVITE_PREFIX.length));
  if (!m) throw problem('malformed');
  if (m[1] !== '1') throw problem('unsupported-version');
  const bytes = fromBase64Url(m[2]!);
  if (!bytes || bytes.length < 1 + CHECKSUM_BYTES) throw problem('malformed');
  return bytes;
}

function unsignedBytes(i: Omit<Invite, 'signature'>): Uint8Array {
  const inviteId = fromHex(i.inviteId, ID_BYTES);
  const channelId = fromHex(i.channelId, CHANNEL_ID_BYTES);
  if (i.v !== 1 || !inviteId || !channelId) throw new TypeError('An invite id and a channel id are 16 bytes of hex.');
  if (!(i.secret instanceof Uint8Array) || i.secret.length !== INVITE_SECRET_BYTES || isWeakSecret(i.secret)) {
    throw new TypeError('An invite secret must be 32 random bytes (at least 128 bits are required).');
  }
  if (typeof i.brokerUrl !== 'string' || !BROKER_URL.test(i.brokerUrl) || i.brokerUrl.length > MAX_URL_BYTES) {
    throw new TypeError('The broker address must be a ws://, wss://, mqtt:// or mqtts:// URL of up to 512 characters.');
  }
  const url = utf8Encode(i.brokerUrl);
  const urlLength = new Uint8Array([url.length >> 8, url.length & 0xff]);
  return concatBytes(
    new Uint8Array([1]),
    inviteId,
    i.secret,
    channelId,
    u53(i.expiresAt),
    urlLength,
    url,
    identityBytes(i.inviter),
  );
}

function readUrl(r: Reader, fail: () => Error): string {
  const n = r.u16();
  if (n === 0 || n > MAX_URL_BYTES) throw fail();
  let url: string;
  try {
    url = utf8Decode(r.take(n));
  } catch {
    throw fail();
  }
  if (!BROKER_URL.test(url)) throw fail();
  return url;
}

function signedMessage(body: Uint8Array): Uint8Array {
  return framed('squircle/invite/v1', body);
}

function checksum(bytes: Uint8Array): Uint8Array {
  return digest32('squircle/invite-checksum/v1', bytes).subarray(0, CHECKSUM_BYTES);
}

/** A secret of one repeated byte is a wiped or placeholder buffer, never a random one. */
function isWeakSecret(s: Uint8Array): boolean {
  return s.every((b) => b === s[0]);
}
