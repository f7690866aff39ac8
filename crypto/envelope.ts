/**
 * The channel envelope, version 3: every envelope is ENVELOPE_BYTES long and
 * nothing in it is readable without the epoch's header key, and an event's
 * content nothing without its one-time message key.
 *   off  len
 *   0    24     nonce (random)
 *   24   16+I   secretbox(inner) under K = digest32('squircle/envelope-key/v2', header key)
 * The inner part (I = ENVELOPE_BYTES - 40 bytes):
 *   0    1   version 0x03
 *   1    1   type: 1 events, 2 hello, 3 decoy (no payload; dropped once opened)
 *   2    16  sender deviceId
 *   18   4   epoch, u32 BE
 *   22   8   counter, u64 BE (two u32; at most 2^53-1)
 *   30   2   part, u16 BE (0-based)
 *   32   2   parts, u16 BE (1..MAX_ENVELOPE_PARTS)
 *   34   2   chunk length, u16 BE
 *   36   C   chunk, then zeros up to I-64
 *   I-64 64  Ed25519 signature over framed('squircle/envelope/v3', channelId, inner[0..I-64])
 * The chunk of an 'events' envelope is secretbox(payload part, zero nonce,
 * MK) under the sender's message key of that counter (crypto/ratchet.ts),
 * so C = part length + 16; a hello's (a public identity) and a decoy's
 * (empty) are not sealed again. The signature covers the sealed chunk, so
 * it is checked before a message key is spent.
 * A payload longer than one chunk travels as `parts` envelopes with
 * consecutive counters (part i carries counter first + i); the receiver
 * joins them (channel/reassembly.ts). Sender, counter, type, epoch and the
 * signature are inside the box, so the broker sees only same-size random
 * bytes. The signature covers the channel id, so a member cannot move an
 * envelope into another channel, and every inner field, so a member
 * holding the epoch key cannot pass another member's content off as their
 * own. A hello is signed by the identity it announces (its payload).
 */
import nacl from 'tweetnacl';
import { concatBytes, digest32, framed, u32 } from './bytes';
import { utf8Decode, utf8Encode } from './encoding';
import { EnvelopeError } from './channel-errors';
import { CHUNK_OVERHEAD, openChunk, sealChunk } from './ratchet';
import { DEVICE_ID_BYTES, keysOf, publicIdentity, validatePublicIdentity } from './identity';
import { signDetached, signDetachedAsync, verifyStrict, verifyStrictAsync } from './strict';
import type { DeviceIdentity, EpochKey, OpenedEnvelope, PublicIdentity } from './types';
import { Reader, fromHex, toHex, u53 } from './wire';

const VERSION = 3;
const NONCE_BYTES = nacl.secretbox.nonceLength;
const MAC_BYTES = nacl.secretbox.overheadLength;
const SIG_BYTES = 64;
/** The one size of every envelope on the channel topic. */
export const ENVELOPE_BYTES = 2048;
const INNER_BYTES = ENVELOPE_BYTES - NONCE_BYTES - MAC_BYTES;
const INNER_HEADER_BYTES = 1 + 1 + DEVICE_ID_BYTES + 4 + 8 + 2 + 2 + 2;
/** Bytes the chunk field holds. */
const CHUNK_FIELD = INNER_BYTES - INNER_HEADER_BYTES - SIG_BYTES;
/** Payload bytes one envelope carries (an event's chunk is sealed again, 16 bytes more). */
export const ENVELOPE_CHUNK = CHUNK_FIELD - CHUNK_OVERHEAD;
/** The largest payload sealEnvelope takes (a message of MAX_ENVELOPE_PARTS envelopes). */
export const MAX_ENVELOPE_PAYLOAD = 65532;
export const MAX_ENVELOPE_PARTS = Math.ceil(MAX_ENVELOPE_PAYLOAD / ENVELOPE_CHUNK);

const TYPES = { events: 1, hello: 2, decoy: 3 } as const;
export type EnvelopeType = keyof typeof TYPES;

export interface SealEnvelopeInput {
  /** 16 bytes, hex. */
  readonly channelId: string;
  readonly sender: DeviceIdentity;
  readonly epoch: number;
  /** The first part's counter; part i takes counter + i. Per sender and epoch, never reused; the caller keeps it. */
  readonly counter: number;
  readonly epochKey: EpochKey;
  readonly payload: Uint8Array;
  /** 'events' unless told. A hello's payload is made by sealHello (crypto/hello.ts). */
  readonly type?: EnvelopeType;
  /**
   * For 'events': the sender's message key of each part's counter, in
   * order (crypto/ratchet.ts). Each is used once; the caller erases them.
   * None for a hello or a decoy.
   */
  readonly messageKeys?: readonly Uint8Array[];
}

/** The message key of `counter` from `sender` in `epoch`, if held here; openEnvelope erases it once used. */
export type MessageKeyOf = (sender: string, epoch: number, counter: number) => Uint8Array | undefined;

export interface OpenEnvelopeOptions {
  readonly channelId: string;
  /** By device id (hex): the pinned identities of every member. */
  readonly members: ReadonlyMap<string, PublicIdentity>;
  /**
   * The epoch keys this device holds, by epoch: a bounded few (the current
   * epoch and those whose outbox and resync are not done). An envelope
   * opens only under one of them, and only if it names that epoch.
   */
  readonly epochKeys: () => Iterable<readonly [number, EpochKey]>;
  /** Asked once the signature holds, for an 'events' envelope only; without it, none opens. */
  readonly messageKey?: MessageKeyOf;
}

/** openEnvelopeAsync's options: the message key may come from storage. */
export interface OpenEnvelopeAsyncOptions extends Omit<OpenEnvelopeOptions, 'messageKey'> {
  readonly messageKey?: (...a: Parameters<MessageKeyOf>) => Uint8Array | undefined | Promise<Uint8Array | undefined>;
}

/** How many envelopes a payload of `length` bytes takes (at least one). */
export function envelopeParts(length: number): number {
  return Math.max(1, Math.ceil(length / ENVELOPE_CHUNK));
}

/**
 * Pads, signs and seals one payload into envelopeParts(payload.length)
 * envelopes, with counters `counter`, `counter + 1`, …. Throws TypeError on
 * a malformed channel id, identity, key or payload; RangeError on an epoch
 * outside u32, a counter outside 0..2^53-1, or a payload over
 * MAX_ENVELOPE_PAYLOAD bytes. Never reuses a nonce; never checks counters
 * (the caller's outbox does).
 */
export function sealEnvelope(o: SealEnvelopeInput): Uint8Array[] {
  return unsignedParts(o).map((p) => finish(p, signDetached(p.signed, o.sender.signing.secretKey), o.epochKey));
}

/** sealEnvelope, signed through WebCrypto (signDetachedAsync): the same checks, the same bytes but for the nonces. */
export async function sealEnvelopeAsync(o: SealEnvelopeInput): Promise<Uint8Array[]> {
  const parts = unsignedParts(o);
  const sigs = await Promise.all(parts.map((p) => signDetachedAsync(p.signed, o.sender.signing.secretKey)));
  return parts.map((p, i) => finish(p, sigs[i]!, o.epochKey));
}

interface UnsignedPart {
  /** The inner part, its signature still zero. */
  inner: Uint8Array;
  signed: Uint8Array;
}

function unsignedParts(o: SealEnvelopeInput): UnsignedPart[] {
  const channelId = hexId(o.channelId, 'channel id');
  const sender = hexId(o.sender?.deviceId, 'device id');
  requireKey(o.epochKey);
  if (!(o.payload instanceof Uint8Array)) throw new TypeError('An envelope payload is bytes.');
  if (o.payload.length > MAX_ENVELOPE_PAYLOAD)
    throw new RangeError(`An envelope payload is at most ${MAX_ENVELOPE_PAYLOAD} bytes.`);
  const type = TYPES[o.type ?? 'events'];
  if (type === undefined) throw new TypeError('Not an envelope type.');
  const parts = type === TYPES.events ? envelopeParts(o.payload.length) : 1;
  const epoch = u32(o.epoch);
  u53(o.counter);
  u53(o.counter + (parts - 1));
  const keys = o.messageKeys;
  if (type === TYPES.events) {
    if (!Array.isArray(keys) || keys.length !== parts || !keys.every((k) => k instanceof Uint8Array && k.length === 32))
      throw new TypeError('An events envelope takes one 32-byte message key per part.');
  } else if (keys !== undefined) throw new TypeError('Only an events envelope takes message keys.');
  if (type !== TYPES.events && o.payload.length > CHUNK_FIELD)
    throw new RangeError(`A ${o.type ?? 'events'} payload is at most ${CHUNK_FIELD} bytes.`);
  return Array.from({ length: parts }, (_, part) => {
    const plain = o.payload.subarray(part * ENVELOPE_CHUNK, (part + 1) * ENVELOPE_CHUNK);
    const chunk = keys ? sealChunk(keys[part]!, plain) : o.payload;
    const inner = new Uint8Array(INNER_BYTES);
    inner.set(
      concatBytes(
        Uint8Array.of(VERSION, type),
        sender,
        epoch,
        u53(o.counter + part),
        u16(part),
        u16(parts),
        u16(chunk.length),
        chunk,
      ),
    );
    return { inner, signed: framed('squircle/envelope/v3', channelId, inner.subarray(0, INNER_BYTES - SIG_BYTES)) };
  });
}

function finish(p: UnsignedPart, sig: Uint8Array, epochKey: EpochKey): Uint8Array {
  p.inner.set(sig, INNER_BYTES - SIG_BYTES);
  const nonce = nacl.randomBytes(NONCE_BYTES);
  const key = boxKey(epochKey);
  const out = concatBytes(nonce, nacl.secretbox(p.inner, nonce, key));
  key.fill(0);
  p.inner.fill(0);
  return out;
}

/**
 * Opens an envelope from a member, or a member's hello. Throws
 * EnvelopeError for every problem with `bytes`: 'malformed' (wrong length,
 * or an inner part that is not canonical), 'tampered' (opens under none of
 * the epoch keys held: another channel, an epoch this device does not
 * hold, or changed on the way), 'unsupported-version', 'unknown-epoch'
 * (names another epoch than the key that opened it), 'unknown-sender',
 * 'bad-signature' (strict Ed25519, S < L). Throws TypeError only when the
 * options are malformed. Never checks replays: pass sender, epoch and
 * counter to a ReplayWindow.
 */
export function openEnvelope(bytes: Uint8Array, o: OpenEnvelopeOptions): OpenedEnvelope {
  const u = openUnverified(bytes, o);
  try {
    if (!verifyStrict(u.signed, u.sig, keysOf(u.opened.sender).signPk)) throw new EnvelopeError('bad-signature');
    if (u.opened.type !== 'events') return u.opened;
    return withPayload(u.opened, o.messageKey?.(u.opened.sender.deviceId, u.opened.epoch, u.opened.counter));
  } finally {
    u.inner.fill(0);
  }
}

/** openEnvelope, verified through WebCrypto (verifyStrictAsync): the same checks and errors, as a rejection. */
export async function openEnvelopeAsync(bytes: Uint8Array, o: OpenEnvelopeAsyncOptions): Promise<OpenedEnvelope> {
  const u = openUnverified(bytes, o);
  try {
    if (!(await verifyStrictAsync(u.signed, u.sig, keysOf(u.opened.sender).signPk)))
      throw new EnvelopeError('bad-signature');
    if (u.opened.type !== 'events') return u.opened;
    return withPayload(u.opened, await o.messageKey?.(u.opened.sender.deviceId, u.opened.epoch, u.opened.counter));
  } finally {
    u.inner.fill(0);
  }
}

/** An events envelope with its chunk opened under `mk`, which is erased here. */
function withPayload(opened: OpenedEnvelope, mk: Uint8Array | undefined): OpenedEnvelope {
  if (!mk) throw new EnvelopeError('no-message-key');
  try {
    const payload = openChunk(mk, opened.payload);
    if (!payload) throw new EnvelopeError('tampered');
    return Object.freeze({ ...opened, payload });
  } finally {
    mk.fill(0);
  }
}

interface Unverified {
  opened: OpenedEnvelope;
  /** The opened box; the caller zeroes it. */
  inner: Uint8Array;
  signed: Uint8Array;
  sig: Uint8Array;
}

/** Everything openEnvelope checks but the signature. */
function openUnverified(bytes: Uint8Array, o: Omit<OpenEnvelopeOptions, 'messageKey'>): Unverified {
  const fail = () => new EnvelopeError('malformed');
  const channelId = hexId(o.channelId, 'channel id');
  if (!(bytes instanceof Uint8Array) || bytes.length !== ENVELOPE_BYTES) throw fail();
  const nonce = bytes.subarray(0, NONCE_BYTES);
  let inner: Uint8Array | null = null;
  let keyEpoch = -1;
  for (const [epoch, epochKey] of o.epochKeys()) {
    requireKey(epochKey);
    const key = boxKey(epochKey);
    inner = nacl.secretbox.open(bytes.subarray(NONCE_BYTES), nonce, key);
    key.fill(0);
    if (inner) {
      keyEpoch = epoch;
      break;
    }
  }
  if (!inner) throw new EnvelopeError('tampered');
  try {
    const r = new Reader(inner, fail);
    if (r.u8() !== VERSION) throw new EnvelopeError('unsupported-version');
    const typeByte = r.u8();
    const type = (Object.keys(TYPES) as EnvelopeType[]).find((t) => TYPES[t] === typeByte);
    if (!type) throw fail();
    const senderId = toHex(r.take(DEVICE_ID_BYTES));
    const epoch = r.u32();
    if (epoch !== keyEpoch) throw new EnvelopeError('unknown-epoch');
    const counter = r.u53();
    const part = r.u16();
    const parts = r.u16();
    const length = r.u16();
    if (parts < 1 || parts > MAX_ENVELOPE_PARTS || part >= parts || length > CHUNK_FIELD) throw fail();
    // An event's chunk is sealed (at least its 16 bytes of MAC); every part but the last is full.
    if (type === 'events' && length < CHUNK_OVERHEAD) throw fail();
    if (part < parts - 1 && length !== CHUNK_FIELD) throw fail();
    // Nothing follows the chunk but zeros.
    const chunk = r.take(length).slice();
    const sigAt = INNER_BYTES - SIG_BYTES;
    let extra = 0;
    for (let i = INNER_HEADER_BYTES + length; i < sigAt; i++) extra |= inner[i]!;
    if (extra !== 0) throw fail();
    let sender: PublicIdentity | undefined;
    let endorsement: Uint8Array | undefined;
    if (type === 'decoy' && (parts !== 1 || length !== 0)) throw fail();
    if (type === 'hello') {
      if (parts !== 1) throw fail();
      const hello = helloIdentity(chunk);
      if (!hello || hello.identity.deviceId !== senderId) throw fail();
      sender = hello.identity;
      endorsement = hello.endorsement;
    } else {
      sender = o.members.get(senderId);
      if (!sender) throw new EnvelopeError('unknown-sender');
      if (sender.deviceId !== senderId)
        throw new TypeError("The members map must be keyed by each member's device id.");
    }
    return {
      opened: Object.freeze({
        type,
        sender,
        epoch,
        counter,
        part,
        parts,
        payload: chunk,
        ...(endorsement ? { endorsement } : {}),
      }),
      inner,
      signed: framed('squircle/envelope/v3', channelId, inner.subarray(0, sigAt)),
      sig: inner.slice(sigAt),
    };
  } catch (e) {
    inner.fill(0);
    throw e;
  }
}

/**
 * The payload of a hello: a flag byte (1 when an endorsement follows), 64
 * bytes of endorsement (zeros without one), then this device's public
 * identity in one canonical form.
 */
export function helloPayload(me: DeviceIdentity, endorsement?: Uint8Array): Uint8Array {
  if (endorsement !== undefined && (!(endorsement instanceof Uint8Array) || endorsement.length !== SIG_BYTES))
    throw new TypeError('An endorsement is a 64-byte signature.');
  return concatBytes(
    Uint8Array.of(endorsement ? 1 : 0),
    endorsement ?? new Uint8Array(SIG_BYTES),
    utf8Encode(canonical(publicIdentity(me))),
  );
}

/** The identity a hello announces and its endorsement, if its payload is one helloPayload wrote. */
function helloIdentity(payload: Uint8Array): { identity: PublicIdentity; endorsement?: Uint8Array } | undefined {
  try {
    const flag = payload[0];
    const endorsement = payload.subarray(1, 1 + SIG_BYTES);
    if (payload.length <= 1 + SIG_BYTES || (flag !== 0 && flag !== 1)) return undefined;
    if (flag === 0 && endorsement.some((x) => x !== 0)) return undefined;
    const text = utf8Decode(payload.subarray(1 + SIG_BYTES));
    const identity = validatePublicIdentity(JSON.parse(text));
    if (canonical(identity) !== text) return undefined;
    return flag === 1 ? { identity, endorsement: endorsement.slice() } : { identity };
  } catch {
    return undefined;
  }
}

const canonical = (id: PublicIdentity): string =>
  JSON.stringify({ v: id.v, deviceId: id.deviceId, signPk: id.signPk, boxPk: id.boxPk });

function boxKey(epochKey: Uint8Array): Uint8Array {
  return digest32('squircle/envelope-key/v2', epochKey);
}

function u16(n: number): Uint8Array {
  return Uint8Array.of(n >>> 8, n & 0xff);
}

function hexId(text: unknown, what: string): Uint8Array {
  const id = fromHex(text, 16);
  if (!id) throw new TypeError(`A ${what} is 16 bytes of lowercase hex.`);
  return id;
}

function requireKey(k: unknown): void {
  if (!(k instanceof Uint8Array) || k.length !== 32) throw new TypeError('An epoch key is 32 bytes.');
}
