/**
 * Ed25519 and X25519 for the co-leader channel, with the two checks
 * tweetnacl leaves out: canonical S in signatures (no malleable copies of a
 * message slip past replay detection) and no all-zero shared secret (a peer
 * sending a low-order point cannot force a known key).
 */
import nacl from 'tweetnacl';
import {
  WeakKeyError,
  type BoxKeyPair,
  type BoxPublicKey,
  type BoxSecretKey,
  type SigningKeyPair,
  type SigningPublicKey,
  type SigningSecretKey,
} from './types';

/** The order of the Ed25519 base point; a canonical S is below it (RFC 8032 §5.1.7). */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** Never throws. */
export function newSigningKeyPair(): SigningKeyPair {
  const kp = nacl.sign.keyPair();
  return { publicKey: kp.publicKey as SigningPublicKey, secretKey: kp.secretKey as SigningSecretKey };
}

/** Never throws. */
export function newBoxKeyPair(): BoxKeyPair {
  const kp = nacl.box.keyPair();
  return { publicKey: kp.publicKey as BoxPublicKey, secretKey: kp.secretKey as BoxSecretKey };
}

/** Brands 32 bytes received from a peer. Throws WeakKeyError on another length; never copies. */
export function signingPublicKeyFrom(bytes: Uint8Array): SigningPublicKey {
  requireLength(bytes, nacl.sign.publicKeyLength);
  return bytes as SigningPublicKey;
}

/** Brands 32 bytes received from a peer. Throws WeakKeyError on another length; never copies. */
export function boxPublicKeyFrom(bytes: Uint8Array): BoxPublicKey {
  requireLength(bytes, nacl.box.publicKeyLength);
  return bytes as BoxPublicKey;
}

/** A 64-byte detached signature. Throws TypeError on a secret key of the wrong length. */
export function signDetached(msg: Uint8Array, secretKey: SigningSecretKey): Uint8Array {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== nacl.sign.secretKeyLength) {
    throw new TypeError('A signing secret key is 64 bytes.');
  }
  return nacl.sign.detached(msg, secretKey);
}

/**
 * Ed25519 verification that also rejects S >= L and wrong lengths.
 * Returns false for every bad input, including ones tweetnacl throws on.
 * Never throws.
 */
export function verifyStrict(msg: Uint8Array, sig: Uint8Array, publicKey: SigningPublicKey): boolean {
  try {
    if (!(msg instanceof Uint8Array) || !(sig instanceof Uint8Array) || !(publicKey instanceof Uint8Array)) {
      return false;
    }
    if (sig.length !== nacl.sign.signatureLength || publicKey.length !== nacl.sign.publicKeyLength) return false;
    if (littleEndian(sig.subarray(32)) >= L) return false;
    return nacl.sign.detached.verify(msg, sig, publicKey);
  } catch {
    return false;
  }
}

/**
 * signDetached through the platform's WebCrypto Ed25519 (Chromium 137+,
 * Firefox 129+, Node 18.4+): native code, much faster than tweetnacl's
 * JavaScript and off the page's script time. Ed25519 signatures are deterministic: the bytes are the same as
 * signDetached's. Falls back to tweetnacl where WebCrypto has no Ed25519.
 * Rejects with TypeError on a secret key of the wrong length.
 */
export async function signDetachedAsync(msg: Uint8Array, secretKey: SigningSecretKey): Promise<Uint8Array> {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== nacl.sign.secretKeyLength) {
    throw new TypeError('A signing secret key is 64 bytes.');
  }
  const key = await signingKey(secretKey);
  if (!key) return nacl.sign.detached(msg, secretKey);
  return new Uint8Array(await crypto.subtle.sign('Ed25519', key, msg as BufferSource));
}

/**
 * verifyStrict through WebCrypto Ed25519, faster for the same reason, with
 * the same checks first: lengths and S < L. Falls back to tweetnacl
 * where WebCrypto has no Ed25519. Resolves false for every bad input,
 * including a public key the platform refuses to import. Never rejects.
 */
export async function verifyStrictAsync(
  msg: Uint8Array,
  sig: Uint8Array,
  publicKey: SigningPublicKey,
): Promise<boolean> {
  try {
    if (!(msg instanceof Uint8Array) || !(sig instanceof Uint8Array) || !(publicKey instanceof Uint8Array)) {
      return false;
    }
    if (sig.length !== nacl.sign.signatureLength || publicKey.length !== nacl.sign.publicKeyLength) return false;
    if (littleEndian(sig.subarray(32)) >= L) return false;
    const key = await verifyingKey(publicKey);
    if (key === 'unsupported') return nacl.sign.detached.verify(msg, sig, publicKey);
    if (!key) return false;
    return await crypto.subtle.verify('Ed25519', key, sig as BufferSource, msg as BufferSource);
  } catch {
    return false;
  }
}

/** PKCS #8 for an Ed25519 seed (RFC 8410): this prefix, then the 32-byte seed. */
const PKCS8_ED25519 = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
const signingKeys = new WeakMap<Uint8Array, Promise<CryptoKey | undefined>>();
/** Imported public keys by their bytes; a channel has a handful of members. */
const verifyingKeys = new Map<string, Promise<CryptoKey | undefined | 'unsupported'>>();
const VERIFYING_KEYS_MAX = 64;

/**
 * The non-extractable WebCrypto key for a tweetnacl secret key (seed, then
 * public key), or undefined without Ed25519 there.
 */
function signingKey(secretKey: Uint8Array): Promise<CryptoKey | undefined> {
  let key = signingKeys.get(secretKey);
  if (!key) {
    const pkcs8 = new Uint8Array(PKCS8_ED25519.length + 32);
    pkcs8.set(PKCS8_ED25519);
    pkcs8.set(secretKey.subarray(0, 32), PKCS8_ED25519.length);
    key = subtle()
      .importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign'])
      .catch(() => undefined)
      .finally(() => pkcs8.fill(0));
    signingKeys.set(secretKey, key);
  }
  return key;
}

/** 'unsupported' without WebCrypto Ed25519; undefined for bytes the platform refuses as a public key. */
function verifyingKey(publicKey: Uint8Array): Promise<CryptoKey | undefined | 'unsupported'> {
  const id = Array.from(publicKey, (b) => b.toString(16).padStart(2, '0')).join('');
  let key = verifyingKeys.get(id);
  if (!key) {
    if (verifyingKeys.size >= VERIFYING_KEYS_MAX) verifyingKeys.clear();
    key = ed25519Supported().then<CryptoKey | undefined | 'unsupported'>((ok) =>
      ok
        ? subtle()
            .importKey('raw', publicKey.slice(), { name: 'Ed25519' }, false, ['verify'])
            .catch(() => undefined)
        : 'unsupported',
    );
    verifyingKeys.set(id, key);
  }
  return key;
}

let supported: Promise<boolean> | undefined;
/** Whether WebCrypto here knows Ed25519: imports a fixed, valid public key once. */
function ed25519Supported(): Promise<boolean> {
  supported ??= Promise.resolve()
    .then(() =>
      subtle().importKey(
        'raw',
        nacl.sign.keyPair.fromSeed(new Uint8Array(32)).publicKey as BufferSource,
        { name: 'Ed25519' },
        false,
        ['verify'],
      ),
    )
    .then(
      () => true,
      () => false,
    );
  return supported;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('No WebCrypto here.');
  return s;
}

/**
 * The X25519 shared secret (RFC 7748). Throws WeakKeyError when either key
 * is not 32 bytes or the result is all zero. Never returns the zero secret.
 */
export function x25519(secretKey: BoxSecretKey, publicKey: BoxPublicKey): Uint8Array {
  requireLength(secretKey, nacl.scalarMult.scalarLength);
  requireLength(publicKey, nacl.scalarMult.groupElementLength);
  const shared = nacl.scalarMult(secretKey, publicKey);
  // OR over every byte, no early exit: timing must not depend on the secret.
  let any = 0;
  for (const b of shared) any |= b;
  if (any === 0) throw new WeakKeyError();
  return shared;
}

function requireLength(bytes: Uint8Array, n: number): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== n) {
    throw new WeakKeyError(`A key must be ${n} bytes.`);
  }
}

function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}
