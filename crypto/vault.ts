/**
 * The vault key is random and never changes; the passphrase only wraps it.
 * Changing the passphrase or raising the KDF cost re-wraps, so every sealed
 * field stays readable.
 */
import nacl from 'tweetnacl';
import { constantTimeEqual, digest32, u32 } from './bytes';
import { decodedLength, fromBase64, toBase64 } from './encoding';
import { DEFAULT_KDF, deriveRootKey, newKdfParams, strongerKdf, validateKdfParams } from './kdf';
import {
  MalformedRecordError,
  WrongPassphraseError,
  type KdfCost,
  type KdfParams,
  type RootKey,
  type VaultKey,
  type WrappedVaultKey,
} from './types';
import { wipe } from './wipe';

const KEY_BYTES = 32;
const BINDING_BYTES = 32;
const NONCE_BYTES = nacl.secretbox.nonceLength;
const BOX_BYTES = nacl.secretbox.overheadLength + BINDING_BYTES + KEY_BYTES;

/** 32 random bytes. Never throws. */
export function newVaultKey(): VaultKey {
  return nacl.randomBytes(KEY_BYTES) as VaultKey;
}

/**
 * Seals the vault key under the root key. The KDF parameters are inside the
 * box too (as a digest), so editing them on disk makes unwrapping fail
 * instead of silently deriving with weaker settings.
 * Throws MalformedRecordError if `kdf` would be refused on unlock, TypeError
 * on keys that are not 32 bytes. Never reuses a nonce; never keeps the keys.
 */
export function wrapVaultKey(root: RootKey, vaultKey: VaultKey, kdf: KdfParams): WrappedVaultKey {
  requireKey(root, 'root key');
  requireKey(vaultKey, 'vault key');
  const params = validateKdfParams(kdf);
  const nonce = nacl.randomBytes(NONCE_BYTES);
  const plain = new Uint8Array(BINDING_BYTES + KEY_BYTES);
  plain.set(kdfBinding(params), 0);
  plain.set(vaultKey, BINDING_BYTES);
  const box = nacl.secretbox(plain, nonce, root);
  wipe(plain);
  return Object.freeze({ v: 1, kdf: params, nonce: toBase64(nonce), box: toBase64(box) });
}

/**
 * Opens a wrapped vault key. A wrong passphrase and a tampered record look
 * identical here (the box does not open, or opens with other parameters), so
 * both throw WrongPassphraseError; the UI cannot and should not tell them
 * apart. Throws MalformedRecordError on a structurally broken record.
 * Never returns a key that was not sealed under these exact parameters.
 */
export function unwrapVaultKey(root: RootKey, wrapped: WrappedVaultKey): VaultKey {
  requireKey(root, 'root key');
  const record = validateWrappedVaultKey(wrapped);
  const plain = nacl.secretbox.open(fromBase64(record.box), fromBase64(record.nonce), root);
  if (!plain) throw new WrongPassphraseError();
  try {
    if (!constantTimeEqual(plain.subarray(0, BINDING_BYTES), kdfBinding(record.kdf))) {
      throw new WrongPassphraseError();
    }
    return plain.slice(BINDING_BYTES) as VaultKey;
  } finally {
    wipe(plain);
  }
}

/**
 * Checks a wrapped-key record read from storage and returns a clean copy.
 * Throws MalformedRecordError on any structural problem or too-weak KDF
 * parameters. Never checks the passphrase.
 */
export function validateWrappedVaultKey(x: unknown): WrappedVaultKey {
  if (typeof x !== 'object' || x === null) throw malformed('not a record');
  const r = x as Record<string, unknown>;
  if (r.v !== 1) throw malformed(`unknown version ${String(r.v)}`);
  const kdf = validateKdfParams(r.kdf);
  if (decodedLength(r.nonce) !== NONCE_BYTES) throw malformed('bad nonce');
  if (decodedLength(r.box) !== BOX_BYTES) throw malformed('bad box');
  return Object.freeze({ v: 1, kdf, nonce: r.nonce as string, box: r.box as string });
}

/**
 * A new vault: fresh random vault key, fresh salt, `cost` (default
 * DEFAULT_KDF; any salt in it is ignored). Throws TypeError on an empty
 * passphrase, MalformedRecordError on a cost unlock would refuse. Never
 * judges passphrase strength (see passphraseStrength).
 */
export async function createVault(
  passphrase: string,
  cost: KdfCost = DEFAULT_KDF,
): Promise<{ wrapped: WrappedVaultKey; vaultKey: VaultKey }> {
  requirePassphrase(passphrase);
  const kdf = validateKdfParams(newKdfParams(cost));
  const root = await deriveRootKey(passphrase, kdf);
  try {
    const vaultKey = newVaultKey();
    return { wrapped: wrapVaultKey(root, vaultKey, kdf), vaultKey };
  } finally {
    wipe(root);
  }
}

/**
 * Throws WrongPassphraseError (wrong passphrase or tampered record) or
 * MalformedRecordError (broken or too-weak record). Never keeps the root key.
 */
export async function unlockVault(passphrase: string, wrapped: WrappedVaultKey): Promise<VaultKey> {
  const record = validateWrappedVaultKey(wrapped);
  // No vault is ever created with an empty passphrase, so it is simply wrong.
  if (passphrase === '') throw new WrongPassphraseError();
  const root = await deriveRootKey(passphrase, record.kdf);
  try {
    return unwrapVaultKey(root, record);
  } finally {
    wipe(root);
  }
}

/**
 * Re-wraps the same vault key under a new passphrase with a fresh salt and
 * parameters no weaker than the old ones or `floor` (default DEFAULT_KDF, or
 * a clinic's floor). Throws as unlockVault for the old passphrase, TypeError
 * on an empty new one. Never changes the vault key, never lowers parameters.
 */
export async function rewrapVault(
  oldPassphrase: string,
  newPassphrase: string,
  wrapped: WrappedVaultKey,
  floor: KdfCost = DEFAULT_KDF,
): Promise<WrappedVaultKey> {
  requirePassphrase(newPassphrase);
  const record = validateWrappedVaultKey(wrapped);
  const vaultKey = await unlockVault(oldPassphrase, record);
  const kdf = newKdfParams(strongerKdf(record.kdf, floor));
  let root: RootKey | undefined;
  try {
    root = await deriveRootKey(newPassphrase, kdf);
    return wrapVaultKey(root, vaultKey, kdf);
  } finally {
    wipe(vaultKey, root);
  }
}

function kdfBinding(p: KdfParams): Uint8Array {
  return digest32(
    'squircle/wrapped-vault-key/v1',
    u32(p.v),
    p.alg,
    u32(p.memKiB),
    u32(p.iterations),
    u32(p.parallelism),
    fromBase64(p.salt),
  );
}

function malformed(why: string): MalformedRecordError {
  return new MalformedRecordError(`The stored vault key record is damaged: ${why}.`);
}

function requireKey(k: Uint8Array, what: string): void {
  if (!(k instanceof Uint8Array) || k.length !== KEY_BYTES) throw new TypeError(`The ${what} must be 32 bytes.`);
}

function requirePassphrase(p: string): void {
  if (typeof p !== 'string' || p.length === 0) throw new TypeError('A passphrase is required.');
}
