/**
 * One encrypted file for a full backup (format in backup-format.ts). Export
 * copies the sealed rows as they are; import verifies the passphrase, the
 * mac and every row before it writes anything, then writes in one
 * transaction. storage/ never derives a key: the crypto operations are
 * handed in (ext/ passes the real ones).
 */
import {
  FieldOpenError,
  MalformedRecordError,
  WrongPassphraseError,
  type FieldCipher,
  type WrappedVaultKey,
} from '../crypto/types';
import { base64ToBytes, bytesToBase64 } from './base64';
import {
  BACKUP_FORMAT,
  BACKUP_V,
  BackupError,
  BackupPassphraseError,
  MAC_CONTEXT,
  canonicalJson,
  parseBackup,
  type BackupFile,
  type BackupRow,
  type ParsedRow,
} from './backup-format';
import { SEALED_TABLES, type SealedRow, type SealedTableName, type SquircleDb } from './db';
import { openSealed, sealEntity } from './sealed-table';
import { UPGRADE_DUE } from './upgrade-rows';
import { SEALED_SPECS } from './sealed-specs';

/** A vault key opened from a backup; close() wipes it. */
export interface OpenedVault {
  readonly cipher: FieldCipher;
  close(): void;
}

/** The crypto operations backup needs, passed in so storage/ imports no crypto library. */
export interface BackupCrypto {
  /** A collision-resistant digest (SHA-256 or stronger). */
  digest(bytes: Uint8Array): Promise<Uint8Array>;
  /**
   * Opens the backup's wrapped vault key. The passphrase is passed straight
   * through; storage never reads or keeps it. Throws WrongPassphraseError or
   * MalformedRecordError as crypto's unlockVault does.
   */
  openVault(passphrase: string, wrapped: WrappedVaultKey): Promise<OpenedVault>;
}

export interface ExportOps {
  /** The unlocked vault's cipher: it seals the mac. */
  cipher: FieldCipher;
  digest: BackupCrypto['digest'];
  now?: () => number;
}

export interface ImportOps extends BackupCrypto {
  /** This profile's unlocked vault, when it has one: imported records are re-sealed under it. */
  current?: FieldCipher;
  now?: () => number;
}

export interface ImportResult {
  /** adopted: the profile had no vault and now has the backup's; merged: re-sealed into the existing vault. */
  mode: 'adopted' | 'merged';
  /** Records written. */
  written: number;
  /** Records already here that were as new or newer, so kept. */
  kept: number;
}

export type Progress = (done: number, total: number) => void;

const utf8 = new TextEncoder();

/**
 * The whole database as backup text, read in one consistent snapshot.
 * Throws BackupError 'no-vault' when the profile has no vault,
 * VaultLockedError after lock. Never writes; never puts plaintext in the file.
 */
export async function exportBackup(db: SquircleDb, ops: ExportOps, onProgress?: Progress): Promise<string> {
  const snap = await db.transaction('r', [db.vault, ...SEALED_TABLES.map((t) => db.table(t))], async () => {
    const rows = {} as Record<SealedTableName, SealedRow[]>;
    for (const t of SEALED_TABLES) rows[t] = await db.table<SealedRow, string>(t).toArray();
    return { vault: await db.vault.get('vault'), rows };
  });
  if (!snap.vault) throw new BackupError('no-vault');
  const total = SEALED_TABLES.reduce((n, t) => n + snap.rows[t].length, 0);
  let done = 0;
  const tables = {} as Record<SealedTableName, BackupRow[]>;
  for (const t of SEALED_TABLES) {
    tables[t] = snap.rows[t].map((r) => {
      if (++done % 1000 === 0) onProgress?.(done, total);
      return { ...r, body: bytesToBase64(r.body) } as BackupRow;
    });
  }
  const content: Omit<BackupFile, 'mac'> = {
    format: BACKUP_FORMAT,
    v: BACKUP_V,
    createdAt: (ops.now ?? Date.now)(),
    wrapped: snap.vault.wrapped,
    ...(snap.vault.recovery && { recovery: snap.vault.recovery }),
    tables,
  };
  const digest = await digestOf(content, ops.digest);
  const mac = bytesToBase64(ops.cipher.seal(digest, MAC_CONTEXT));
  onProgress?.(total, total);
  return JSON.stringify({ ...content, mac } satisfies BackupFile);
}

/**
 * Imports a backup. Checks, in order and before any write: the file's
 * structure and version, that this profile can take it, the passphrase, the
 * mac, and that every row opens. Then writes in one transaction: a profile
 * without a vault adopts the backup's wrapped key (and its clinic recovery
 * record, which the next unlock keeps or drops by policy) and rows as they are; a
 * profile with a vault gets every row re-sealed under `ops.current`, merged
 * by id (the newer updatedAt wins, ties keep what is here).
 * Throws BackupError ('incomplete', 'newer-version', 'damaged', 'locked',
 * 'profile-conflict') or BackupPassphraseError. On any throw the database
 * is unchanged.
 */
export async function importBackup(
  db: SquircleDb,
  fileText: string,
  passphrase: string,
  ops: ImportOps,
  onProgress?: Progress,
): Promise<ImportResult> {
  const { file, rows } = parseBackup(fileText);
  const existing = await db.vault.get('vault');
  if (existing && !ops.current) throw new BackupError('locked');
  if (!existing && (await hasSealedRows(db))) throw new BackupError('profile-conflict');
  const total = 2 * SEALED_TABLES.reduce((n, t) => n + rows[t].length, 0);
  const opened = await openVault(ops, passphrase, file.wrapped);
  let ready: Record<SealedTableName, SealedRow[]>;
  try {
    await checkBackupMac(file, opened.cipher, ops.digest);
    ready = verifyRows(rows, opened.cipher, existing ? ops.current : undefined, (done) => onProgress?.(done, total));
  } finally {
    opened.close();
  }
  const result = await write(db, file, ready, !!existing, (ops.now ?? Date.now)(), (done) =>
    onProgress?.(total / 2 + done, total),
  );
  onProgress?.(total, total);
  return result;
}

/**
 * Checks a parsed backup's mac under its vault key: nothing in the file was
 * changed since it was made. Throws BackupError 'damaged'.
 */
export async function checkBackupMac(file: BackupFile, cipher: FieldCipher, digest: BackupCrypto['digest']) {
  const { mac, ...content } = file;
  let sealedDigest: string;
  try {
    sealedDigest = cipher.open(base64ToBytes(mac)!, MAC_CONTEXT);
  } catch (e) {
    if (e instanceof FieldOpenError) throw new BackupError('damaged', 'the seal does not match');
    throw e;
  }
  if (sealedDigest !== (await digestOf(content, digest))) throw new BackupError('damaged', 'the seal does not match');
}

/**
 * The same backup with its vault key wrapped anew (a new passphrase), sealed
 * again under its vault key. The rows are untouched. For the clinic's
 * recovery tool, which holds the vault key but not the old passphrase.
 */
export async function rewrappedBackup(
  file: BackupFile,
  wrapped: WrappedVaultKey,
  cipher: FieldCipher,
  digest: BackupCrypto['digest'],
): Promise<string> {
  const { mac: _old, ...rest } = file;
  const content: Omit<BackupFile, 'mac'> = { ...rest, wrapped };
  const mac = bytesToBase64(cipher.seal(await digestOf(content, digest), MAC_CONTEXT));
  return JSON.stringify({ ...content, mac } satisfies BackupFile);
}

async function openVault(ops: BackupCrypto, passphrase: string, wrapped: WrappedVaultKey): Promise<OpenedVault> {
  try {
    return await ops.openVault(passphrase, wrapped);
  } catch (e) {
    if (e instanceof WrongPassphraseError) throw new BackupPassphraseError();
    if (e instanceof MalformedRecordError) throw new BackupError('damaged', 'the vault key record');
    throw e;
  }
}

/**
 * Opens every row under the backup's key. With `reseal`, seals the same
 * record under the current key, with today's clear columns (tags are
 * computed under the current key, so none of the backup's carry over).
 */
function verifyRows(
  rows: Record<SealedTableName, ParsedRow[]>,
  backup: FieldCipher,
  reseal: FieldCipher | undefined,
  progress: (done: number) => void,
): Record<SealedTableName, SealedRow[]> {
  const out = {} as Record<SealedTableName, SealedRow[]>;
  let done = 0;
  for (const t of SEALED_TABLES) {
    out[t] = rows[t].map((row) => {
      let plain: string;
      let entity: unknown;
      try {
        if (t === 'scratch') plain = backup.open(row.body, ctx(t, row));
        else ({ plain, entity } = openSealed(SEALED_SPECS[t], backup, row));
      } catch (e) {
        if (e instanceof FieldOpenError) throw new BackupError('damaged', `record ${t}/${row.id} does not open`);
        throw e;
      }
      if (++done % 500 === 0) progress(done);
      if (!reseal) return row;
      return t === 'scratch'
        ? { ...row, body: reseal.seal(plain, ctx(t, row)) }
        : sealEntity(SEALED_SPECS[t], reseal, entity);
    });
  }
  return out;
}

/** One transaction for the key and every table: a half-imported backup would mix two vaults. */
async function write(
  db: SquircleDb,
  file: Pick<BackupFile, 'wrapped' | 'recovery'>,
  ready: Record<SealedTableName, SealedRow[]>,
  merge: boolean,
  now: number,
  progress: (done: number) => void,
): Promise<ImportResult> {
  return db.transaction('rw', [db.vault, db.meta, ...SEALED_TABLES.map((t) => db.table(t))], async () => {
    const vault = await db.vault.get('vault');
    if (!!vault !== merge) throw new BackupError('profile-conflict', 'the vault changed during the import');
    if (!merge) {
      const { v, kdf, nonce, box, hardwareKey } = file.wrapped;
      const recovery = file.recovery && {
        v: file.recovery.v,
        to: file.recovery.to,
        from: file.recovery.from,
        nonce: file.recovery.nonce,
        box: file.recovery.box,
      };
      await db.vault.put({
        id: 'vault',
        // A backup made while a security key was needed keeps needing it: which key, and its salt.
        wrapped: hardwareKey
          ? {
              v,
              kdf,
              nonce,
              box,
              hardwareKey: { v: hardwareKey.v, credentialId: hardwareKey.credentialId, prfSalt: hardwareKey.prfSalt },
            }
          : { v, kdf, nonce, box },
        createdAt: now,
        ...(recovery && { recovery }),
      });
      // Rows of an older record version, taken as they are, are re-sealed at the first unlock.
      const old = SEALED_TABLES.some((t) => t !== 'scratch' && ready[t].some((r) => r.v < SEALED_SPECS[t].v));
      if (old) await db.meta.put({ id: UPGRADE_DUE });
    }
    let written = 0;
    let kept = 0;
    let done = 0;
    for (const t of SEALED_TABLES) {
      const table = db.table<SealedRow, string>(t);
      let incoming = ready[t];
      if (merge) {
        const here = await table.bulkGet(incoming.map((r) => r.id));
        incoming = incoming.filter((r, i) => !here[i] || r.updatedAt > here[i].updatedAt);
      }
      await table.bulkPut(incoming);
      written += incoming.length;
      kept += ready[t].length - incoming.length;
      progress((done += ready[t].length));
    }
    return { mode: merge ? 'merged' : 'adopted', written, kept };
  });
}

async function hasSealedRows(db: SquircleDb): Promise<boolean> {
  for (const t of SEALED_TABLES) if ((await db.table(t).count()) > 0) return true;
  return false;
}

function ctx(table: SealedTableName, row: SealedRow) {
  return { table, id: row.id, v: row.v };
}

async function digestOf(content: Omit<BackupFile, 'mac'>, digest: BackupCrypto['digest']): Promise<string> {
  return bytesToBase64(await digest(utf8.encode(canonicalJson(content))));
}
