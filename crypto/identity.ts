/**
 * A device identity: a random device id, an Ed25519 key pair that signs and
 * an X25519 key pair that receives. Peers pin the public half; the secret
 * half lives only sealed in the vault.
 *
 * Binary public identity, version 1 (81 bytes), used inside invites, join
 * messages and member lists:
 *   [0x01][deviceId 16][Ed25519 public key 32][X25519 public key 32]
 */
import nacl from 'tweetnacl';
import { fromBase64, toBase64 } from './encoding';
import { boxPublicKeyFrom, newBoxKeyPair, newSigningKeyPair, signingPublicKeyFrom } from './strict';
import {
  MalformedRecordError,
  type BoxPublicKey,
  type BoxSecretKey,
  type DeviceIdentity,
  type PublicIdentity,
  type SigningPublicKey,
  type SigningSecretKey,
  type StoredIdentity,
} from './types';
import { fromHex, toHex, type Reader } from './wire';

export const DEVICE_ID_BYTES = 16;
export const IDENTITY_BYTES = 1 + DEVICE_ID_BYTES + 32 + 32;
const IDENTITY_V1 = 1;

/** A fresh identity from the system CSPRNG. Never throws. */
export function newDeviceIdentity(): DeviceIdentity {
  return Object.freeze({
    deviceId: toHex(nacl.randomBytes(DEVICE_ID_BYTES)),
    signing: newSigningKeyPair(),
    box: newBoxKeyPair(),
  });
}

/** The half others pin. Throws TypeError on an identity whose keys have the wrong length; never copies secrets. */
export function publicIdentity(id: DeviceIdentity): PublicIdentity {
  return validated(
    { v: 1, deviceId: id.deviceId, signPk: toBase64(id.signing.publicKey), boxPk: toBase64(id.box.publicKey) },
    () => new TypeError('Not a device identity.'),
  );
}

/**
 * The JSON-able record storage seals in the vault: the two secrets and the
 * device id, nothing derivable. Throws TypeError on a malformed identity.
 * Never returns anything safe to store unsealed.
 */
export function serializeIdentity(id: DeviceIdentity): StoredIdentity {
  publicIdentity(id);
  if (id.signing.secretKey.length !== nacl.sign.secretKeyLength || id.box.secretKey.length !== 32) {
    throw new TypeError('Not a device identity.');
  }
  return Object.freeze({
    v: 1,
    deviceId: id.deviceId,
    signSeed: toBase64(id.signing.secretKey.subarray(0, 32)),
    boxSecretKey: toBase64(id.box.secretKey),
  });
}

/**
 * Rebuilds an identity from its stored record; both public keys are derived
 * again from the secrets, so a record cannot pair one device's secret with
 * another's public key. Throws MalformedRecordError on anything else.
 */
export function deserializeIdentity(x: unknown): DeviceIdentity {
  const bad = () => new MalformedRecordError('The stored device identity is damaged.');
  if (typeof x !== 'object' || x === null) throw bad();
  const r = x as Record<string, unknown>;
  if (r.v !== 1 || !fromHex(r.deviceId, DEVICE_ID_BYTES)) throw bad();
  const seed = base64Of(r.signSeed, 32);
  const boxSk = base64Of(r.boxSecretKey, 32);
  if (!seed || !boxSk) throw bad();
  const signing = nacl.sign.keyPair.fromSeed(seed);
  const box = nacl.box.keyPair.fromSecretKey(boxSk);
  return Object.freeze({
    deviceId: r.deviceId as string,
    signing: { publicKey: signing.publicKey as SigningPublicKey, secretKey: signing.secretKey as SigningSecretKey },
    box: { publicKey: box.publicKey as BoxPublicKey, secretKey: box.secretKey as BoxSecretKey },
  });
}

/**
 * Checks a public identity read from storage or a peer and returns a frozen
 * copy. Throws MalformedRecordError on any other shape; never accepts a key
 * of the wrong length or a device id that is not lowercase hex.
 */
export function validatePublicIdentity(x: unknown): PublicIdentity {
  return validated(x, () => new MalformedRecordError('A stored co-leader identity is damaged.'));
}

/** Same device and same keys. Never throws. */
export function samePublicIdentity(a: PublicIdentity, b: PublicIdentity): boolean {
  return a.v === b.v && a.deviceId === b.deviceId && a.signPk === b.signPk && a.boxPk === b.boxPk;
}

// ---- internal to crypto/ --------------------------------------------------

interface Keys {
  readonly deviceId: Uint8Array;
  readonly signPk: SigningPublicKey;
  readonly boxPk: BoxPublicKey;
}

// Frozen identities are looked up on every envelope; decode their base64 once.
const keyCache = new WeakMap<PublicIdentity, Keys>();

/** The decoded keys of a public identity. Throws TypeError when it is malformed. */
export function keysOf(pub: PublicIdentity): Keys {
  const cached = typeof pub === 'object' && pub !== null ? keyCache.get(pub) : undefined;
  if (cached) return cached;
  const keys = decodeKeys(pub);
  if (!keys) throw new TypeError('Not a public identity.');
  if (Object.isFrozen(pub)) keyCache.set(pub, keys);
  return keys;
}

/** The 81-byte binary form. Throws TypeError when the identity is malformed. */
export function identityBytes(pub: PublicIdentity): Uint8Array {
  const k = keysOf(pub);
  const out = new Uint8Array(IDENTITY_BYTES);
  out[0] = IDENTITY_V1;
  out.set(k.deviceId, 1);
  out.set(k.signPk, 1 + DEVICE_ID_BYTES);
  out.set(k.boxPk, 1 + DEVICE_ID_BYTES + 32);
  return out;
}

/** Reads the binary form; throws the reader's error on a short input or an unknown version. */
export function readIdentity(r: Reader, fail: () => Error): PublicIdentity {
  if (r.u8() !== IDENTITY_V1) throw fail();
  const deviceId = r.take(DEVICE_ID_BYTES);
  const signPk = r.take(32);
  const boxPk = r.take(32);
  return Object.freeze({ v: 1, deviceId: toHex(deviceId), signPk: toBase64(signPk), boxPk: toBase64(boxPk) });
}

function validated(x: unknown, fail: () => Error): PublicIdentity {
  const keys = decodeKeys(x);
  if (!keys) throw fail();
  const r = x as PublicIdentity;
  const pub: PublicIdentity = Object.freeze({ v: 1, deviceId: r.deviceId, signPk: r.signPk, boxPk: r.boxPk });
  keyCache.set(pub, keys);
  return pub;
}

function decodeKeys(x: unknown): Keys | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const r = x as Record<string, unknown>;
  const deviceId = fromHex(r.deviceId, DEVICE_ID_BYTES);
  const signPk = base64Of(r.signPk, 32);
  const boxPk = base64Of(r.boxPk, 32);
  if (r.v !== 1 || !deviceId || !signPk || !boxPk) return undefined;
  return { deviceId, signPk: signingPublicKeyFrom(signPk), boxPk: boxPublicKeyFrom(boxPk) };
}

function base64Of(x: unknown, length: number): Uint8Array | undefined {
  try {
    const bytes = typeof x === 'string' ? fromBase64(x) : undefined;
    return bytes?.length === length ? bytes : undefined;
  } catch {
    return undefined;
  }
}
