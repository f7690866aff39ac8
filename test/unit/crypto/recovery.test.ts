import { describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import {
  MalformedRecordError,
  RecoveryKeyMismatchError,
  WrongPassphraseError,
  fromBase64,
  newBoxKeyPair,
  newRecoveryKeyFile,
  newVaultKey,
  openRecovery,
  openRecoveryKeyFile,
  recoveryKeyFingerprint,
  recoveryPublicKey,
  sealForRecovery,
  toBase64,
  validateRecoveryRecord,
  type BoxSecretKey,
} from '../../../crypto';
import { TEST_COST, toHex } from './support';

describe('clinic recovery record', () => {
  it('opens with the clinic secret key and gives back the vault key', () => {
    const clinic = newBoxKeyPair();
    const vaultKey = newVaultKey();
    const record = sealForRecovery(vaultKey, clinic.publicKey);
    expect(record.to).toBe(toBase64(clinic.publicKey));
    // Stored as JSON and read back, it still opens.
    const again = JSON.parse(JSON.stringify(record));
    expect(toHex(openRecovery(again, clinic.secretKey))).toBe(toHex(vaultKey));
  });

  it('each sealing uses a fresh ephemeral key, so two records of one key differ', () => {
    const clinic = newBoxKeyPair();
    const vaultKey = newVaultKey();
    const a = sealForRecovery(vaultKey, clinic.publicKey);
    const b = sealForRecovery(vaultKey, clinic.publicKey);
    expect(a.from).not.toBe(b.from);
    expect(a.box).not.toBe(b.box);
  });

  it('another clinic key is refused as a mismatch, before any box is tried', () => {
    const record = sealForRecovery(newVaultKey(), newBoxKeyPair().publicKey);
    expect(() => openRecovery(record, newBoxKeyPair().secretKey)).toThrow(RecoveryKeyMismatchError);
  });

  it('a record whose box, nonce or ephemeral key was changed does not open', () => {
    const clinic = newBoxKeyPair();
    const record = sealForRecovery(newVaultKey(), clinic.publicKey);
    const flip = (b64: string) => {
      const bytes = fromBase64(b64);
      bytes[3]! ^= 1;
      return toBase64(bytes);
    };
    for (const field of ['box', 'nonce', 'from'] as const) {
      expect(() => openRecovery({ ...record, [field]: flip(record[field]) }, clinic.secretKey)).toThrow(
        MalformedRecordError,
      );
    }
  });

  it('a record re-addressed to another key does not open with that key either', () => {
    const clinic = newBoxKeyPair();
    const other = newBoxKeyPair();
    const record = sealForRecovery(newVaultKey(), clinic.publicKey);
    expect(() => openRecovery({ ...record, to: toBase64(other.publicKey) }, other.secretKey)).toThrow(
      MalformedRecordError,
    );
  });

  it('structural problems are named', () => {
    const record = sealForRecovery(newVaultKey(), newBoxKeyPair().publicKey);
    expect(() => validateRecoveryRecord(null)).toThrow(/not a record/);
    expect(() => validateRecoveryRecord({ ...record, v: 2 })).toThrow(/unknown version 2/);
    expect(() => validateRecoveryRecord({ ...record, extra: 1 })).toThrow(/unexpected fields/);
    expect(() => validateRecoveryRecord({ ...record, to: 'AAAA' })).toThrow(/bad key/);
    expect(() => validateRecoveryRecord({ ...record, box: record.nonce })).toThrow(/bad box/);
  });

  it('reads a policy public key only when it is 32 bytes of a usable point', () => {
    const kp = newBoxKeyPair();
    expect(toHex(recoveryPublicKey(toBase64(kp.publicKey))!)).toBe(toHex(kp.publicKey));
    expect(recoveryPublicKey('')).toBeUndefined();
    expect(recoveryPublicKey(42)).toBeUndefined();
    expect(recoveryPublicKey('not base64!')).toBeUndefined();
    expect(recoveryPublicKey(toBase64(new Uint8Array(16)))).toBeUndefined();
    // The all-zero point is of low order: every shared secret with it is zero.
    expect(recoveryPublicKey(toBase64(new Uint8Array(32)))).toBeUndefined();
  });

  it('sealing to a low-order point is refused rather than producing a box anyone can open', () => {
    expect(() => sealForRecovery(newVaultKey(), new Uint8Array(32))).toThrow();
  });

  it('a fingerprint is stable per key and differs between keys', () => {
    const a = newBoxKeyPair().publicKey;
    expect(recoveryKeyFingerprint(a)).toMatch(/^([0-9A-F]{4}-){7}[0-9A-F]{4}$/);
    expect(recoveryKeyFingerprint(a)).toBe(recoveryKeyFingerprint(Uint8Array.from(a)));
    expect(recoveryKeyFingerprint(a)).not.toBe(recoveryKeyFingerprint(newBoxKeyPair().publicKey));
  });
});

describe('clinic recovery key file', () => {
  it('round-trips through JSON and opens with its passphrase', async () => {
    const file = await newRecoveryKeyFile('clinic safe words', TEST_COST);
    const opened = await openRecoveryKeyFile(JSON.parse(JSON.stringify(file)), 'clinic safe words');
    expect(toBase64(opened.publicKey)).toBe(file.publicKey);
    expect(toBase64(nacl.scalarMult.base(opened.secretKey))).toBe(file.publicKey);
    // The file's secret opens records sealed to its public key.
    const vaultKey = newVaultKey();
    const record = sealForRecovery(vaultKey, fromBase64(file.publicKey));
    expect(toHex(openRecovery(record, opened.secretKey as BoxSecretKey))).toBe(toHex(vaultKey));
  });

  it('a wrong passphrase is WrongPassphraseError; a foreign file is MalformedRecordError', async () => {
    const file = await newRecoveryKeyFile('clinic safe words', TEST_COST);
    await expect(openRecoveryKeyFile(file, 'other words')).rejects.toThrow(WrongPassphraseError);
    await expect(openRecoveryKeyFile({ format: 'squircle-backup' }, 'x')).rejects.toThrow(MalformedRecordError);
    await expect(openRecoveryKeyFile('text', 'x')).rejects.toThrow(MalformedRecordError);
  });

  it('a file whose public key was swapped for another is refused', async () => {
    const file = await newRecoveryKeyFile('clinic safe words', TEST_COST);
    const swapped = { ...file, publicKey: toBase64(newBoxKeyPair().publicKey) };
    await expect(openRecoveryKeyFile(swapped, 'clinic safe words')).rejects.toThrow(/do not belong together/);
  });

  it('refuses an empty passphrase', async () => {
    await expect(newRecoveryKeyFile('', TEST_COST)).rejects.toThrow(TypeError);
  });
});
