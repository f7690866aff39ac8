// Edges of the vault key wrap and of base64/UTF-8 that the broader tests pass over: each check
// that refuses bad input is shown refusing it, with the reason it gives.
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64, utf8Decode } from '../../../crypto/encoding';
import { MalformedRecordError, type RootKey, type VaultKey, type WrappedVaultKey } from '../../../crypto/types';
import { createVault, rewrapVault, unwrapVaultKey, validateWrappedVaultKey, wrapVaultKey } from '../../../crypto/vault';
import { TEST_COST } from './support';

const ROOT = new Uint8Array(32).fill(1) as RootKey;
const VAULT_KEY = new Uint8Array(32).fill(2) as VaultKey;
const KDF = {
  v: 1 as const,
  alg: 'argon2id' as const,
  memKiB: 8192,
  iterations: 1,
  parallelism: 1,
  salt: 'AAECAwQFBgcICQoLDA0ODw==',
};
/** Made once by wrapVaultKey(ROOT, VAULT_KEY, KDF) and frozen: the wrap format must keep opening it. */
const KNOWN: WrappedVaultKey = {
  v: 1,
  kdf: KDF,
  nonce: 'arkVO89p1+zxjLdZ0++YMuecxAzzd77d',
  box: 'JSomA/xrda0uwead7bJAutEPM9/0yUwOtgpayC5peFzWeCkkMYI/GO8sNKNA5lqPPyLi/TZmbd46isfneAyK5ji7KkK3h/wqtrCtTJzY5VA=',
};

describe('the vault key wrap', () => {
  it('opens a record made by an earlier run (its domain string and layout are fixed)', () => {
    expect(unwrapVaultKey(ROOT, KNOWN)).toEqual(VAULT_KEY);
  });

  it('refuses keys that are not 32-byte arrays, naming which key', () => {
    const short = new Uint8Array(31);
    expect(() => wrapVaultKey(short as RootKey, VAULT_KEY, KDF)).toThrow(
      new TypeError('The root key must be 32 bytes.'),
    );
    expect(() => wrapVaultKey(ROOT, short as VaultKey, KDF)).toThrow(new TypeError('The vault key must be 32 bytes.'));
    expect(() => wrapVaultKey(Array(32).fill(1) as unknown as RootKey, VAULT_KEY, KDF)).toThrow(TypeError);
    expect(() => unwrapVaultKey(short as RootKey, KNOWN)).toThrow(new TypeError('The root key must be 32 bytes.'));
    expect(() => unwrapVaultKey(new Uint8Array(33) as RootKey, KNOWN)).toThrow(TypeError);
  });

  it('refuses an empty or missing new passphrase before any work', async () => {
    await expect(createVault('', TEST_COST)).rejects.toThrow(new TypeError('A passphrase is required.'));
    await expect(createVault(undefined as unknown as string, TEST_COST)).rejects.toThrow(TypeError);
    const { wrapped } = await createVault('old enough passphrase', TEST_COST);
    await expect(rewrapVault('old enough passphrase', '', wrapped, TEST_COST)).rejects.toThrow(
      new TypeError('A passphrase is required.'),
    );
  });

  it('says what is broken in a damaged record', () => {
    const reason = (x: unknown) => {
      try {
        validateWrappedVaultKey(x);
      } catch (e) {
        expect(e).toBeInstanceOf(MalformedRecordError);
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(reason(null)).toBe('The stored vault key record is damaged: not a record.');
    expect(reason('text')).toBe('The stored vault key record is damaged: not a record.');
    expect(reason({ ...KNOWN, v: 2 })).toBe('The stored vault key record is damaged: unknown version 2.');
    expect(reason({ ...KNOWN, nonce: KNOWN.box })).toBe('The stored vault key record is damaged: bad nonce.');
    expect(reason({ ...KNOWN, nonce: 42 })).toBe('The stored vault key record is damaged: bad nonce.');
    expect(reason({ ...KNOWN, nonce: 'not base64!' })).toBe('The stored vault key record is damaged: bad nonce.');
    expect(reason({ ...KNOWN, box: KNOWN.nonce })).toBe('The stored vault key record is damaged: bad box.');
    expect(reason(KNOWN)).toBe('accepted');
  });
});

describe('strict base64 and UTF-8', () => {
  it('accepts every canonical padded form, one or more groups', () => {
    for (const [text, length] of [
      ['', 0],
      ['AA==', 1],
      ['AAA=', 2],
      ['AAAA', 3],
      ['AAAAAAAA', 6],
      ['AAAAAA==', 4],
      ['+/+/', 3],
    ] as const)
      expect(fromBase64(text)).toHaveLength(length);
  });

  it('refuses, as a TypeError, everything else: padding, stray bits, stray characters, non-strings', () => {
    for (const bad of [
      'A',
      'AA',
      'AAA',
      'AA=',
      'A===',
      '====',
      'AA==AA==',
      'AAAA ',
      ' AAAA',
      'AA\nAA',
      '!!!!',
      'AB==',
    ]) {
      expect(() => fromBase64(bad), JSON.stringify(bad)).toThrow(new TypeError('Not canonical base64.'));
    }
    expect(() => fromBase64(123 as unknown as string)).toThrow(TypeError);
  });

  it('round-trips inputs longer than one encoding chunk', () => {
    const big = new Uint8Array(0x8000 * 2 + 3).map((_, i) => i % 251);
    expect(fromBase64(toBase64(big))).toEqual(big);
  });

  it('refuses bytes that are not UTF-8 instead of replacing them', () => {
    expect(() => utf8Decode(new Uint8Array([0xff]))).toThrow(TypeError);
    expect(() => utf8Decode(new Uint8Array([0xc3]))).toThrow(TypeError);
    expect(utf8Decode(new Uint8Array([0xc3, 0xa9]))).toBe('é');
  });
});
