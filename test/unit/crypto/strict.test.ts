import nacl from 'tweetnacl';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  WeakKeyError,
  boxPublicKeyFrom,
  newBoxKeyPair,
  newSigningKeyPair,
  signDetached,
  signingPublicKeyFrom,
  utf8Encode,
  verifyStrict,
  x25519,
  type BoxPublicKey,
  type BoxSecretKey,
  type SigningPublicKey,
  type SigningSecretKey,
} from '../../../crypto';
import { toHex } from './support';

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const leToBig = (b: Uint8Array) => b.reduceRight((n, x) => (n << 8n) | BigInt(x), 0n);
const bigToLe = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));

describe('verifyStrict', () => {
  const msg = utf8Encode('over to you');
  // Made afresh for each test, so each test's coverage includes the fixture's work (npm run mutate).
  let publicKey: SigningPublicKey;
  let secretKey: SigningSecretKey;
  let sig: Uint8Array;
  beforeEach(() => {
    ({ publicKey, secretKey } = newSigningKeyPair());
    sig = signDetached(msg, secretKey);
  });

  it('accepts a fresh signature and rejects another message or key', () => {
    expect(verifyStrict(msg, sig, publicKey)).toBe(true);
    expect(verifyStrict(utf8Encode('over to me'), sig, publicKey)).toBe(false);
    expect(verifyStrict(msg, sig, newSigningKeyPair().publicKey)).toBe(false);
  });

  it('rejects the S+L copy that plain tweetnacl accepts', () => {
    const malleated = sig.slice();
    malleated.set(bigToLe(leToBig(sig.subarray(32)) + L), 32);
    expect(toHex(malleated)).not.toBe(toHex(sig));
    expect(nacl.sign.detached.verify(msg, malleated, publicKey)).toBe(true);
    expect(verifyStrict(msg, malleated, publicKey)).toBe(false);
  });

  it('returns false, never throws, on wrong lengths and wrong types', () => {
    expect(verifyStrict(msg, sig.subarray(0, 63), publicKey)).toBe(false);
    expect(verifyStrict(msg, new Uint8Array(65), publicKey)).toBe(false);
    expect(verifyStrict(msg, sig, publicKey.subarray(0, 31) as SigningPublicKey)).toBe(false);
    expect(verifyStrict('text' as never, sig, publicKey)).toBe(false);
    expect(verifyStrict(msg, null as never, publicKey)).toBe(false);
  });

  it('brands peer keys only at the right length', () => {
    expect(signingPublicKeyFrom(publicKey)).toBe(publicKey);
    expect(() => signingPublicKeyFrom(new Uint8Array(33))).toThrow(WeakKeyError);
    expect(() => signDetached(msg, new Uint8Array(32) as never)).toThrow(TypeError);
  });
});

describe('x25519', () => {
  it('agrees on a shared secret between two key pairs, matching nacl.box.before', () => {
    const a = newBoxKeyPair();
    const b = newBoxKeyPair();
    const ab = x25519(a.secretKey, b.publicKey);
    expect(toHex(ab)).toBe(toHex(x25519(b.secretKey, a.publicKey)));
    expect(ab).toHaveLength(32);
  });

  it('throws WeakKeyError for a low-order public key and for wrong lengths', () => {
    const { secretKey, publicKey } = newBoxKeyPair();
    expect(() => x25519(secretKey, new Uint8Array(32) as BoxPublicKey)).toThrow(WeakKeyError);
    expect(() => x25519(secretKey, publicKey.subarray(1) as BoxPublicKey)).toThrow(WeakKeyError);
    expect(() => x25519(new Uint8Array(31) as BoxSecretKey, publicKey)).toThrow(WeakKeyError);
    expect(() => boxPublicKeyFrom(new Uint8Array(31))).toThrow(WeakKeyError);
    expect(boxPublicKeyFrom(publicKey)).toBe(publicKey);
  });
});
