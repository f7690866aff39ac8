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
