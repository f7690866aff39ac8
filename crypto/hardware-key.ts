/**
 * An optional second factor for the vault: a security key (or the
 * computer's own authenticator) answering WebAuthn's PRF extension. The
 * authenticator turns a random salt into 32 secret bytes that never leave it
 * except as that answer; they are mixed with the Argon2id root key, so the
 * wrapped vault key opens only with both the passphrase and the key.
 * Whoever copies the profile and learns the passphrase still lacks the key,
 * and cannot even test passphrase guesses offline without it.
 *
 * The credential id and the salt are stored beside the wrap and bound into
 * the wrapping key (HKDF info), so swapping either makes unwrapping fail.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import { concatBytes, framed } from './bytes';
import { decodedLength, fromBase64, toBase64 } from './encoding';
import { DEFAULT_KDF, deriveRootKey, newKdfParams, strongerKdf } from './kdf';
import {
  MalformedRecordError,
  WrongPassphraseError,
  type HardwareKeyParams,
  type KdfCost,
  type RootKey,
  type VaultKey,
  type WrappedVaultKey,
} from './types';
import { unwrapVaultKey, validateWrappedVaultKey, wrapVaultKey } from './vault';
import { wipe } from './wipe';

/** What WebAuthn PRF returns per salt: 32 bytes. */
export const PRF_BYTES = 32;
const SALT_BYTES = 32;
/** Credential ids are at most 1,023 bytes (WebAuthn Level 3). */
const MAX_CREDENTIAL_BYTES = 1023;
const INFO = 'squircle/hardware-key/v1';

/** Which credential to ask, and a fresh random PRF salt for it. Throws MalformedRecordError on a bad id. */
export function newHardwareKeyParams(credentialId: Uint8Array): HardwareKeyParams {
  return validateHardwareKeyParams({
    v: 1,
    credentialId: toBase64(credentialId),
    prfSalt: toBase64(nacl.randomBytes(SALT_BYTES)),
  });
}

/** Checks a stored record and returns a clean copy. Throws MalformedRecordError. */
export function validateHardwareKeyParams(x: unknown): HardwareKeyParams {
  if (typeof x !== 'object' || x === null) throw malformed('not a record');
  const r = x as Record<string, unknown>;
  if (r.v !== 1) throw malformed(`unknown version ${String(r.v)}`);
  const id = decodedLength(r.credentialId);
  if (id < 1 || id > MAX_CREDENTIAL_BYTES) throw malformed('bad credential id');
  if (decodedLength(r.prfSalt) !== SALT_BYTES) throw malformed('bad salt');
  return Object.freeze({ v: 1, credentialId: r.credentialId as string, prfSalt: r.prfSalt as string });
}

/**
 * The wrapping key for a vault that needs a security key:
 * HKDF-SHA-256 over the Argon2id root key and the PRF output, with the
 * credential id and salt in `info`. Throws TypeError unless both inputs are
 * 32 bytes. Never keeps either.
 */
export function mixHardwareKey(root: RootKey, prfOutput: Uint8Array, params: HardwareKeyParams): RootKey {
  if (!(root instanceof Uint8Array) || root.length !== 32) throw new TypeError('The root key must be 32 bytes.');
  requirePrf(prfOutput);
  const p = validateHardwareKeyParams(params);
  const ikm = concatBytes(root, prfOutput);
  try {
    return hkdf(sha256, ikm, undefined, framed(INFO, fromBase64(p.credentialId), fromBase64(p.prfSalt)), 32) as RootKey;
  } finally {
    wipe(ikm);
  }
}

/** Whether a stored wrap needs a security key as well as the passphrase. Never throws. */
export function needsHardwareKey(wrapped: WrappedVaultKey | undefined): boolean {
  return !!wrapped && typeof wrapped === 'object' && wrapped.hardwareKey !== undefined;
}

/**
 * Checks a wrap that needs a security key. Throws MalformedRecordError when
 * the wrap or its key record is broken, or when it needs no key.
 */
export function validateKeyedWrap(x: unknown): WrappedVaultKey & { hardwareKey: HardwareKeyParams } {
  const base = validateWrappedVaultKey(x);
  const hardwareKey = validateHardwareKeyParams((x as { hardwareKey?: unknown }).hardwareKey);
  return Object.freeze({ ...base, hardwareKey });
}

/**
 * Opens a wrap that needs a security key with the passphrase and the key's
 * PRF output for `wrapped.hardwareKey.prfSalt`. A wrong passphrase and a
 * wrong PRF output look the same (the box does not open): both throw
 * WrongPassphraseError. Throws MalformedRecordError on a broken record,
 * TypeError on a PRF output that is not 32 bytes.
 */
export async function unlockWithHardwareKey(
  passphrase: string,
  wrapped: WrappedVaultKey,
  prfOutput: Uint8Array,
): Promise<VaultKey> {
  const record = validateKeyedWrap(wrapped);
  requirePrf(prfOutput);
  if (passphrase === '') throw new WrongPassphraseError();
  const root = await deriveRootKey(passphrase, record.kdf);
  let mixed: RootKey | undefined;
  try {
    mixed = mixHardwareKey(root, prfOutput, record.hardwareKey);
    return unwrapVaultKey(mixed, record);
  } finally {
    wipe(root, mixed);
  }
}

/**
 * Wraps `vaultKey` under the passphrase and a security key, with a fresh
 * Argon2id salt at `cost`. Throws TypeError on an empty passphrase or a PRF
 * output that is not 32 bytes.
 */
export async function wrapWithHardwareKey(
  passphrase: string,
  vaultKey: VaultKey,
  prfOutput: Uint8Array,
  params: HardwareKeyParams,
  cost: KdfCost = DEFAULT_KDF,
): Promise<WrappedVaultKey> {
  requirePrf(prfOutput);
  const hardwareKey = validateHardwareKeyParams(params);
  const kdf = newKdfParams(cost);
  const root = await deriveRootKey(passphrase, kdf);
  let mixed: RootKey | undefined;
  try {
    mixed = mixHardwareKey(root, prfOutput, hardwareKey);
    return Object.freeze({ ...wrapVaultKey(mixed, vaultKey, kdf), hardwareKey });
  } finally {
    wipe(root, mixed);
  }
}

/**
 * Wraps `vaultKey` under the passphrase alone again (turning the security
 * key off), with a fresh salt and parameters no weaker than `wrapped`'s or
 * `floor`. The caller has opened `wrapped` with the key first.
 */
export async function wrapWithoutHardwareKey(
  passphrase: string,
  vaultKey: VaultKey,
  wrapped: WrappedVaultKey,
  floor: KdfCost = DEFAULT_KDF,
): Promise<WrappedVaultKey> {
  const kdf = newKdfParams(strongerKdf(validateWrappedVaultKey(wrapped).kdf, floor));
  const root = await deriveRootKey(passphrase, kdf);
  try {
    return wrapVaultKey(root, vaultKey, kdf);
  } finally {
    wipe(root);
  }
}

function requirePrf(prf: Uint8Array): void {
  if (!(prf instanceof Uint8Array) || prf.length !== PRF_BYTES) {
    throw new TypeError(`The security key's answer must be ${PRF_BYTES} bytes.`);
  }
}

function malformed(why: string): MalformedRecordError {
  return new MalformedRecordError(`The stored security key record is damaged: ${why}.`);
}
