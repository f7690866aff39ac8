/**
 * The channel envelope, version 1:
 *   off  len
 *   0    1    version 0x01
 *   1    16   channelId
 *   17   16   sender deviceId
 *   33   4    epoch, u32 BE
 *   37   8    counter, u64 BE (two u32; at most 2^53-1)
 *   45   24   nonce (random)
 *   69   P+16 secretbox(padded payload) under K = digest32('squircle/envelope-key/v1', epochKey, bytes 0..69)
 *   85+P 64   sender's Ed25519 signature over framed('squircle/envelope/v1', bytes 0..85+P)
 * Padded payload: [length u32 BE][payload][zeros] filling the smallest P in
 * ENVELOPE_PAD_SIZES, so the broker learns a size class, not a length.
 * K binds the header inside the box, so a member holding the epoch key cannot
 * re-sign someone else's ciphertext under a new header as their own.
 */
import nacl from 'tweetnacl';
import { concatBytes, constantTimeEqual, digest32, framed, u32 } from './bytes';
import { EnvelopeError, type EnvelopeProblem } from './channel-errors';
import { CHANNEL_ID_BYTES } from './epoch';
import { DEVICE_ID_BYTES, keysOf } from './identity';
import { signDetached, signDetachedAsync, verifyStrict, verifyStrictAsync } from './strict';
import type { DeviceIdentity, EpochKey, OpenedEnvelope, PublicIdentity } from './types';
import { Reader, fromHex, toHex, u53 } from './wire';

const VERSION = 1;
const NONCE_BYTES = nacl.secretbox.nonceLength;
const MAC_BYTES = nacl.secretbox.overheadLength;
const SIG_BYTES = 64;
const LENGTH_BYTES = 4;
export const ENVELOPE_HEADER_BYTES = 1 + CHANNEL_ID_BYTES + DEVICE_ID_BYTES + 4 + 8 + NONCE_BYTES;
export const ENVELOPE_PAD_SIZES: readonly number[] = Object.freeze([256, 1024, 4096, 16384, 65536]);
export const MAX_ENVELOPE_PAYLOAD = ENVELOPE_PAD_SIZES.at(-1)! - LENGTH_BYTES;
/** Bytes an envelope adds beyond its padded size: header, MAC and signature. */
export const ENVELOPE_OVERHEAD = ENVELOPE_HEADER_BYTES + MAC_BYTES + SIG_BYTES;

export interface SealEnvelopeInput {
  /** 16 bytes, hex. */
  readonly channelId: string;
  readonly sender: DeviceIdentity;
  readonly epoch: number;
  /** Per sender and epoch, never reused; the caller keeps it (it needs storage). */
  readonly counter: number;
  readonly epochKey: EpochKey;
  readonly payload: Uint8Array;
}

export interface OpenEnvelopeOptions {
  readonly channelId: string;
  /** By device id (hex): the pinned identities of every member. */
  readonly members: ReadonlyMap<string, PublicIdentity>;
  readonly epochKey: (epoch: number) => EpochKey | undefined;
}

/**
 * Pads, seals and signs one payload. Throws TypeError on a malformed channel
 * id, identity, key or payload; RangeError on an epoch outside u32, a
 * counter outside 0..2^53-1, or a payload over MAX_ENVELOPE_PAYLOAD bytes.
 * Never reuses a nonce; never checks counters (the caller's outbox does).
 */
export function sealEnvelope(o: SealEnvelopeInput): Uint8Array {
  const signed = sealUnsigned(o);
  return concatBytes(signed, signDetached(framed('squircle/envelope/v1', signed), o.sender.signing.secretKey));
}

/**
 * sealEnvelope, signed through WebCrypto (signDetachedAsync): the same
 * checks, the same bytes but for the random nonce.
 */
export async function sealEnvelopeAsync(o: SealEnvelopeInput): Promise<Uint8Array> {
  const signed = sealUnsigned(o);
  return concatBytes(
    signed,
    await signDetachedAsync(framed('squircle/envelope/v1', signed), o.sender.signing.secretKey),
  );
}

/** Header and box, not yet signed. */
function sealUnsigned(o: SealEnvelopeInput): Uint8Array {
  const channelId = hexId(o.channelId, 'channel id');
  const sender = hexId(o.sender?.deviceId, 'device id');
  requireKey(o.epochKey);
  if (!(o.payload instanceof Uint8Array)) throw new TypeError('An envelope payload is bytes.');
  const size = ENVELOPE_PAD_SIZES.find((p) => LENGTH_BYTES + o.payload.length <= p);
  if (size === undefined) throw new RangeError(`An envelope payload is at most ${MAX_ENVELOPE_PAYLOAD} bytes.`);
  const nonce = nacl.randomBytes(NONCE_BYTES);
  const header = concatBytes(new Uint8Array([VERSION]), channelId, sender, u32(o.epoch), u53(o.counter), nonce);
  const padded = new Uint8Array(size);
  padded.set(u32(o.payload.length), 0);
  padded.set(o.payload, LENGTH_BYTES);
  const key = boxKey(o.epochKey, header);
  const signed = concatBytes(header, nacl.secretbox(padded, nonce, key));
  padded.fill(0);
  key.fill(0);
  return signed;
}

/**
 * Opens an envelope from a member. Throws EnvelopeError for every problem
 * with `bytes`: 'malformed', 'unsupported-version', 'wrong-channel',
 * 'unknown-sender', 'unknown-epoch', 'tampered' (the box does not open: not
 * sealed under this epoch key, or changed on the way), 'bad-signature' (not
 * signed by the member named as sender; strict Ed25519, S < L). Throws
 * TypeError only when the options are malformed; errors thrown by the
 * epochKey lookup pass through. Never checks replays: pass sender, epoch
 * and counter to a ReplayWindow.
 */
export function openEnvelope(bytes: Uint8Array, o: OpenEnvelopeOptions): OpenedEnvelope {
  const u = openUnverified(bytes, o);
  try {
    if (!verifyStrict(u.signed, u.sig, keysOf(u.sender).signPk)) throw new EnvelopeError('bad-signature');
    return Object.freeze({ sender: u.sender, epoch: u.epoch, counter: u.counter, payload: unpad(u.padded, u.size) });
  } finally {
    u.padded.fill(0);
  }
}

/** openEnvelope, verified through WebCrypto (verifyStrictAsync): the same checks and errors, as a rejection. */
export async function openEnvelopeAsync(bytes: Uint8Array, o: OpenEnvelopeOptions): Promise<OpenedEnvelope> {
  const u = openUnverified(bytes, o);
  try {
    if (!(await verifyStrictAsync(u.signed, u.sig, keysOf(u.sender).signPk))) throw new EnvelopeError('bad-signature');
    return Object.freeze({ sender: u.sender, epoch: u.epoch, counter: u.counter, payload: unpad(u.padded, u.size) });
  } finally {
    u.padded.fill(0);
  }
}

interface Unverified {
  sender: PublicIdentity;
  epoch: number;
  counter: number;
  /** The opened box; the caller zeroes it. */
  padded: Uint8Array;
  size: number;
  /** The framed bytes the signature covers, and the signature. */
  signed: Uint8Array;
  sig: Uint8Array;
}

/** Everything openEnvelope checks but the signature. */
function openUnverified(bytes: Uint8Array, o: OpenEnvelopeOptions): Unverified {
  const fail = (reason: EnvelopeProblem) => new EnvelopeError(reason);
  const channelId = hexId(o.channelId, 'channel id');
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw fail('malformed');
  if (bytes[0] !== VERSION) throw fail('unsupported-version');
  const size = ENVELOPE_PAD_SIZES.find((p) => bytes.length === p + ENVELOPE_OVERHEAD);
  if (size === undefined) throw fail('malformed');
  const r = new Reader(bytes, () => fail('malformed'));
  r.u8();
  if (!constantTimeEqual(r.take(CHANNEL_ID_BYTES), channelId)) throw fail('wrong-channel');
  const senderId = toHex(r.take(DEVICE_ID_BYTES));
  const sender = o.members.get(senderId);
  if (!sender) throw fail('unknown-sender');
  if (sender.deviceId !== senderId) throw new TypeError("The members map must be keyed by each member's device id.");
  const epoch = r.u32();
  const counter = r.u53();
  const nonce = r.take(NONCE_BYTES);
  const epochKey = o.epochKey(epoch);
  if (epochKey === undefined) throw fail('unknown-epoch');
  requireKey(epochKey);
  const signedEnd = bytes.length - SIG_BYTES;
  const key = boxKey(epochKey, bytes.subarray(0, ENVELOPE_HEADER_BYTES));
  const padded = nacl.secretbox.open(bytes.subarray(ENVELOPE_HEADER_BYTES, signedEnd), nonce, key);
  key.fill(0);
  if (!padded) throw fail('tampered');
  return {
    sender,
    epoch,
    counter,
    padded,
    size,
    signed: framed('squircle/envelope/v1', bytes.subarray(0, signedEnd)),
    sig: bytes.subarray(signedEnd),
  };
}

/**
 * The sender device id an envelope's header names, read without opening or
 * verifying anything, or undefined when the bytes cannot be an envelope.
 * Nothing here is authenticated: use it only to recognise bytes this
 * device sealed itself, never to trust a sender.
 */
export function envelopeSenderId(bytes: Uint8Array): string | undefined {
  if (!(bytes instanceof Uint8Array) || bytes[0] !== VERSION) return undefined;
  if (!ENVELOPE_PAD_SIZES.some((p) => bytes.length === p + ENVELOPE_OVERHEAD)) return undefined;
  return toHex(bytes.subarray(1 + CHANNEL_ID_BYTES, 1 + CHANNEL_ID_BYTES + DEVICE_ID_BYTES));
}

/** The payload, if the length prefix fits and every padding byte is zero (one plaintext, one padding). */
function unpad(padded: Uint8Array, size: number): Uint8Array {
  const n = new DataView(padded.buffer, padded.byteOffset, LENGTH_BYTES).getUint32(0, false);
  if (n > size - LENGTH_BYTES) throw new EnvelopeError('malformed');
  let extra = 0;
  for (let i = LENGTH_BYTES + n; i < size; i++) extra |= padded[i]!;
  if (extra !== 0) throw new EnvelopeError('malformed');
  return padded.slice(LENGTH_BYTES, LENGTH_BYTES + n);
}

function boxKey(epochKey: Uint8Array, header: Uint8Array): Uint8Array {
  return digest32('squircle/envelope-key/v1', epochKey, header);
}

function hexId(text: unknown, what: string): Uint8Array {
  const id = fromHex(text, 16);
  if (!id) throw new TypeError(`A ${what} is 16 bytes of lowercase hex.`);
  return id;
}

function requireKey(k: unknown): void {
  if (!(k instanceof Uint8Array) || k.length !== 32) throw new TypeError('An epoch key is 32 bytes.');
}
