/**
 * Clinic recovery: the vault key sealed to a clinic's X25519 public key, so
 * the clinic's offline private key can open a backup when the passphrase is
 * gone. Each record uses a fresh ephemeral key pair; the box key is derived
 * from the shared secret and both public keys, so a record opens only with
 * the private key of the public key it names. The clinic's private key file
 * is itself wrapped under a passphrase exactly as a vault key is.
 */
import nacl from 'tweetnacl';
import { digest32 } from './bytes';
import { decodedLength, fromBase64, toBase64 } from './encoding';
import { DEFAULT_KDF, deriveRootKey, newKdfParams } from './kdf';
import { newBoxKeyPair, x25519 } from './strict';
import {
  MalformedRecordError,
  WeakKeyError,
  type BoxPublicKey,
  type BoxSecretKey,
  type KdfCost,
  type RecoveryRecord,
  type VaultKey,
  type WrappedVaultKey,
} from './types';
import { unwrapVaultKey, validateWrappedVaultKey, wrapVaultKey } from './vault';
import { wipe } from './wipe';

const KEY_BYTES = 32;
const NONCE_BYTES = nacl.secretbox.nonceLength;
const BOX_BYTES = nacl.secretbox.overheadLength + KEY_BYTES;

/** The clinic's recovery key pair as stored in its key file: the secret wrapped under a passphrase. */
export interface RecoveryKeyFile {
  readonly format: 'squircle-recovery-key';
  readonly v: 1;
  readonly publicKey: string;
  readonly wrapped: WrappedVaultKey;
}

/** The recovery key does not match the record (another clinic key, or a record sealed to none). */
export class RecoveryKeyMismatchError extends Error {
  readonly messageKey = 'serviceErrors.recoveryMismatch';
  override readonly name = 'RecoveryKeyMismatchError';
  constructor() {
    super('This recovery key is not the one this vault was sealed to.');
  }
}

/**
 * Reads a recovery public key as a clinic's policy gives it (base64 of 32
 * bytes). Returns undefined for anything else, including a low-order point.
 * Never throws.
 */
export function recoveryPublicKey(b64: unknown): BoxPublicKey | undefined {
  if (typeof b64 !== 'string' || b64 === '') return undefined;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(b64);
  } catch {
    return undefined;
  }
  if (bytes.length !== KEY_BYTES) return undefined;
  try {
    // A point that yields the all-zero secret with any key is refused.
    x25519(newBoxKeyPair().secretKey, bytes as BoxPublicKey);
  } catch {
    return undefined;
  }
  return bytes as BoxPublicKey;
}

/** A short, readable name of a public key (8 hex groups of 4), the same in the panel, the policy docs and the tool. */
export function recoveryKeyFingerprint(publicKey: Uint8Array): string {
  const d = digest32('squircle/recovery/fingerprint/v1', publicKey);
  const hex = Array.from(d.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  return hex.match(/.{4}/g)!.join('-').toUpperCase();
}

/**
 * Seals the vault key to the clinic's public key. Throws WeakKeyError on a
 * key that is not a usable X25519 public key, TypeError on a vault key that
 * is not 32 bytes. Never keeps the vault key or the ephemeral secret.
 */
export function sealForRecovery(vaultKey: VaultKey, clinicPublicKey: Uint8Array): RecoveryRecord {
  if (!(vaultKey instanceof Uint8Array) || vaultKey.length !== KEY_BYTES) {
    throw new TypeError('The vault key must be 32 bytes.');
  }
  const eph = newBoxKeyPair();
  const boxKey = recoveryBoxKey(eph.secretKey, clinicPublicKey as BoxPublicKey, eph.publicKey, clinicPublicKey);
  wipe(eph.secretKey);
  const nonce = nacl.randomBytes(NONCE_BYTES);
  const box = nacl.secretbox(vaultKey, nonce, boxKey);
  wipe(boxKey);
  return Object.freeze({
    v: 1,
    to: toBase64(clinicPublicKey),
    from: toBase64(eph.publicKey),
    nonce: toBase64(nonce),
    box: toBase64(box),
  });
}

/**
 * Opens a recovery record with the clinic's secret key. Throws
 * RecoveryKeyMismatchError when the record names another public key,
 * MalformedRecordError when it is broken or altered. Never returns a key the
 * record was not sealed with.
 */
export function openRecovery(record: RecoveryRecord, clinicSecretKey: BoxSecretKey): VaultKey {
  const r = validateRecoveryRecord(record);
  const clinicPublic = nacl.scalarMult.base(clinicSecretKey);
  if (toBase64(clinicPublic) !== r.to) throw new RecoveryKeyMismatchError();
  const ephPublic = fromBase64(r.from);
  let boxKey: Uint8Array;
  try {
    boxKey = recoveryBoxKey(clinicSecretKey, ephPublic as BoxPublicKey, ephPublic, clinicPublic);
  } catch (e) {
    if (e instanceof WeakKeyError) throw malformed('a weak ephemeral key');
    throw e;
  }
  const key = nacl.secretbox.open(fromBase64(r.box), fromBase64(r.nonce), boxKey);
  wipe(boxKey);
  if (!key) throw malformed('the box does not open');
  return key as VaultKey;
}

/** Checks a recovery record read from storage or a file. Throws MalformedRecordError. */
export function validateRecoveryRecord(x: unknown): RecoveryRecord {
  if (typeof x !== 'object' || x === null) throw malformed('not a record');
  const r = x as Record<string, unknown>;
  if (r.v !== 1) throw malformed(`unknown version ${String(r.v)}`);
  if (Object.keys(r).sort().join() !== 'box,from,nonce,to,v') throw malformed('unexpected fields');
  if (decodedLength(r.to) !== KEY_BYTES || decodedLength(r.from) !== KEY_BYTES) throw malformed('bad key');
  if (decodedLength(r.nonce) !== NONCE_BYTES) throw malformed('bad nonce');
  if (decodedLength(r.box) !== BOX_BYTES) throw malformed('bad box');
  return Object.freeze({
    v: 1,
    to: r.to as string,
    from: r.from as string,
    nonce: r.nonce as string,
    box: r.box as string,
  });
}

/**
 * A new clinic recovery key pair, its secret wrapped under `passphrase`
 * (Argon2id, the vault's default cost unless told). Throws TypeError on an
 * empty passphrase.
 */
export async function newRecoveryKeyFile(passphrase: string, cost: KdfCost = DEFAULT_KDF): Promise<RecoveryKeyFile> {
  if (typeof passphrase !== 'string' || passphrase === '') throw new TypeError('A passphrase is required.');
  const kp = newBoxKeyPair();
  const kdf = newKdfParams(cost);
  const root = await deriveRootKey(passphrase, kdf);
  try {
    const wrapped = wrapVaultKey(root, kp.secretKey as Uint8Array as VaultKey, kdf);
    return Object.freeze({ format: 'squircle-recovery-key', v: 1, publicKey: toBase64(kp.publicKey), wrapped });
  } finally {
    wipe(root, kp.secretKey);
  }
}

/**
 * Opens a clinic key file. Throws MalformedRecordError on a file that is not
 * one, WrongPassphraseError on a wrong passphrase (or an altered file).
 */
export async function openRecoveryKeyFile(
  file: unknown,
  passphrase: string,
): Promise<{ publicKey: BoxPublicKey; secretKey: BoxSecretKey }> {
  if (typeof file !== 'object' || file === null) throw new MalformedRecordError('This is not a recovery key file.');
  const f = file as Record<string, unknown>;
  if (f.format !== 'squircle-recovery-key' || f.v !== 1 || decodedLength(f.publicKey) !== KEY_BYTES) {
    throw new MalformedRecordError('This is not a recovery key file.');
  }
  const wrapped = validateWrappedVaultKey(f.wrapped);
  const root = await deriveRootKey(passphrase, wrapped.kdf);
  let secret: Uint8Array;
  try {
    secret = unwrapVaultKey(root, wrapped);
  } finally {
    wipe(root);
  }
  if (toBase64(nacl.scalarMult.base(secret)) !== f.publicKey) {
    wipe(secret);
    throw new MalformedRecordError('The recovery key file is damaged: its keys do not belong together.');
  }
  return { publicKey: fromBase64(f.publicKey as string) as BoxPublicKey, secretKey: secret as BoxSecretKey };
}

function recoveryBoxKey(
  secret: BoxSecretKey,
  peer: BoxPublicKey,
  ephPublic: Uint8Array,
  clinicPublic: Uint8Array,
): Uint8Array {
  const shared = x25519(secret, peer);
  try {
    return digest32('squircle/recovery/box-key/v1', shared, ephPublic, clinicPublic);
  } finally {
    wipe(shared);
  }
}

function malformed(why: string): MalformedRecordError {
  return new MalformedRecordError(`The recovery record is damaged: ${why}.`);
}
