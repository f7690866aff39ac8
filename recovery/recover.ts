/**
 * What `npm run recover` does, without the command line: open a backup with
 * the clinic's recovery secret key instead of the passphrase, check it whole,
 * and give back its records readable and the backup under a new passphrase.
 * Runs in Node, offline; the key never leaves this process.
 */
import {
  DEFAULT_KDF,
  MalformedRecordError,
  RecoveryKeyMismatchError,
  deriveRootKey,
  fieldCipher,
  fromBase64,
  newKdfParams,
  openRecovery,
  recoveryKeyFingerprint,
  validateRecoveryRecord,
  wipe,
  wrapVaultKey,
  type BoxSecretKey,
  type FieldCipher,
  type KdfCost,
  type VaultKey,
} from '../crypto';
import { FieldOpenError } from '../crypto/types';
import { checkBackupMac, rewrappedBackup } from '../storage/backup';
import { BackupError, parseBackup, type BackupFile } from '../storage/backup-format';
import { SEALED_TABLES, type SealedTableName } from '../storage/db';
import { openSealed } from '../storage/sealed-table';
import { SEALED_SPECS } from '../storage/sealed-specs';

export type RecoverProblem = 'no-recovery' | 'other-key';

/** The clinic key cannot open this backup; `message` says why and what to do. */
export class RecoverError extends Error {
  override readonly name = 'RecoverError';
  constructor(
    readonly problem: RecoverProblem,
    message: string,
  ) {
    super(message);
  }
}

/** Every record of a backup, opened: what `--readable` writes. */
export interface ReadableRecords {
  format: 'squircle-records';
  v: 1;
  /** When the backup was made (ms since 1970). */
  backupCreatedAt: number;
  /** Each sealed table's records as the extension keeps them; the scratch note as its text. */
  tables: Record<SealedTableName, unknown[]>;
}

/** A backup opened with the clinic key. close() wipes the vault key. */
export interface RecoveredBackup {
  readonly records: ReadableRecords;
  /** How many records the backup holds (all of them opened). */
  readonly count: number;
  /** The same backup, its vault key wrapped under `passphrase`: it imports in the panel with it. */
  withPassphrase(passphrase: string, cost?: KdfCost): Promise<string>;
  close(): void;
}

/** SHA-256, as the extension's backups use (WebCrypto, in Node since 19). */
export const sha256 = async (bytes: Uint8Array): Promise<Uint8Array> =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));

/**
 * Opens a backup file's text with the clinic's recovery secret key. Checks,
 * in order: the file's structure, that it carries a recovery record, that
 * the record is for this key and opens, the backup's seal, and that every
 * record opens. Throws BackupError ('incomplete', 'newer-version',
 * 'damaged') or RecoverError ('no-recovery', 'other-key'). Never writes.
 */
export async function openWithClinicKey(backupText: string, secretKey: BoxSecretKey): Promise<RecoveredBackup> {
  const { file, rows } = parseBackup(backupText);
  if (!file.recovery) {
    throw new RecoverError(
      'no-recovery',
      'This backup was made without a clinic recovery key (no recoveryPublicKey policy was in force for its ' +
        'vault), so no clinic key can open it. Only its passphrase can.',
    );
  }
  let vaultKey: VaultKey;
  try {
    vaultKey = openRecovery(validateRecoveryRecord(file.recovery), secretKey);
  } catch (e) {
    if (e instanceof RecoveryKeyMismatchError) {
      const theirs = recoveryKeyFingerprint(fromBase64(file.recovery.to));
      throw new RecoverError(
        'other-key',
        `This backup is sealed to the recovery key ${theirs}, not to the key given. Use that key's file.`,
      );
    }
    if (e instanceof MalformedRecordError) throw new BackupError('damaged', 'the recovery record');
    throw e;
  }
  try {
    const cipher = fieldCipher(vaultKey);
    await checkBackupMac(file, cipher, sha256);
    const tables = openAll(rows, cipher);
    const count = SEALED_TABLES.reduce((n, t) => n + tables[t].length, 0);
    return {
      records: { format: 'squircle-records', v: 1, backupCreatedAt: file.createdAt, tables },
      count,
      withPassphrase: (passphrase, cost) => withPassphrase(file, vaultKey, cipher, passphrase, cost),
      close: () => wipe(vaultKey),
    };
  } catch (e) {
    wipe(vaultKey);
    throw e;
  }
}

async function withPassphrase(
  file: BackupFile,
  vaultKey: VaultKey,
  cipher: FieldCipher,
  passphrase: string,
  cost: KdfCost = DEFAULT_KDF,
): Promise<string> {
  if (passphrase === '') throw new TypeError('A passphrase is required.');
  const kdf = newKdfParams(cost);
  const root = await deriveRootKey(passphrase, kdf);
  try {
    return await rewrappedBackup(file, wrapVaultKey(root, vaultKey, kdf), cipher, sha256);
  } finally {
    wipe(root);
  }
}

function openAll(rows: ReturnType<typeof parseBackup>['rows'], cipher: FieldCipher) {
  const tables = {} as Record<SealedTableName, unknown[]>;
  for (const t of SEALED_TABLES) {
    tables[t] = rows[t].map((row) => {
      try {
        if (t === 'scratch') return { id: row.id, text: cipher.open(row.body, { table: t, id: row.id, v: row.v }) };
        return openSealed(SEALED_SPECS[t], cipher, row).entity;
      } catch (e) {
        if (e instanceof FieldOpenError) throw new BackupError('damaged', `record ${t}/${row.id} does not open`);
        throw e;
      }
    });
  }
  return tables;
}
