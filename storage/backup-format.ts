/**
 * The backup file, version 1:
 *   { format: 'squircle-backup', v: 1, createdAt, wrapped, recovery?, tables, mac }
 * `tables` holds every sealed table's rows exactly as stored (body as
 * base64), so the file carries no plaintext. `wrapped` is the vault key
 * sealed under the passphrase, so the file opens in another profile.
 * `recovery`, only where a clinic's policy asked for it, is the vault key
 * sealed to the clinic's recovery key (crypto/recovery.ts). `mac`
 * is a digest of the canonical JSON of everything else, sealed under the
 * vault key: no one without the vault key can change a byte unnoticed.
 */
import { WrongPassphraseError, type RecoveryRecord, type WrappedVaultKey } from '../crypto/types';
import { base64ToBytes } from './base64';
import { SEALED_TABLES, type SealedRow, type SealedTableName } from './db';
import { fitsColumn, type ColumnKind } from './sealed-table';
import { SEALED_SPECS } from './sealed-specs';
import type { MessageKey } from '../util/i18n';

export const BACKUP_FORMAT = 'squircle-backup';
export const BACKUP_V = 1;
/** Where the mac is bound: it opens for nothing else. */
export const MAC_CONTEXT = { table: 'backup', id: 'mac', v: 1 } as const;

export type BackupProblem = 'incomplete' | 'newer-version' | 'damaged' | 'no-vault' | 'locked' | 'profile-conflict';

const MESSAGES: Record<BackupProblem, string> = {
  incomplete: 'This file is not a complete Squircle backup. Nothing was imported.',
  'newer-version': 'This backup was made by a newer version of Squircle; update Squircle first, then import it again.',
  damaged: 'This backup has been changed or damaged since it was made, so nothing was imported.',
  'no-vault': 'There is no vault in this browser profile yet, so there is nothing to back up.',
  locked: 'Unlock the vault in this browser profile first, then import the backup into it.',
  'profile-conflict': 'This browser profile holds records without a vault, so the backup cannot be added safely.',
};

/** The same messages in every language (locales/). */
const MESSAGE_KEYS: Record<BackupProblem, MessageKey> = {
  incomplete: 'serviceErrors.backupIncomplete',
  'newer-version': 'serviceErrors.backupNewer',
  damaged: 'serviceErrors.backupDamaged',
  'no-vault': 'serviceErrors.backupNoVault',
  locked: 'serviceErrors.backupLocked',
  'profile-conflict': 'serviceErrors.backupConflict',
};

/** A backup could not be made or imported; `message` says what the user can do. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  readonly messageKey: MessageKey;
  readonly messageDetail?: string;
  constructor(
    readonly problem: BackupProblem,
    detail?: string,
  ) {
    super(detail ? `${MESSAGES[problem]} (${detail})` : MESSAGES[problem]);
    this.messageKey = MESSAGE_KEYS[problem];
    if (detail) this.messageDetail = detail;
  }
}

/** The passphrase given does not open the backup's vault key (or that key record was altered). */
export class BackupPassphraseError extends WrongPassphraseError {
  override readonly messageKey: MessageKey = 'serviceErrors.backupPassphrase';
  constructor() {
    super();
    this.message =
      'That passphrase does not open this backup. Use the vault passphrase that was in use when the backup was made.';
  }
}

export type BackupRow = Record<string, string | number>;

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  v: typeof BACKUP_V;
  createdAt: number;
  wrapped: WrappedVaultKey;
  recovery?: RecoveryRecord;
  tables: Record<SealedTableName, BackupRow[]>;
  mac: string;
}

/** A row as read back from a file: clear columns checked, body decoded. */
export type ParsedRow = SealedRow & Record<string, unknown>;

/** The clear columns each table's rows carry besides id, v, updatedAt and body. */
export const TABLE_COLUMNS: Record<SealedTableName, Readonly<Record<string, ColumnKind>>> = {
  scratch: {},
  ...(Object.fromEntries(Object.entries(SEALED_SPECS).map(([table, spec]) => [table, spec.columns])) as Record<
    keyof typeof SEALED_SPECS,
    Readonly<Record<string, ColumnKind>>
  >),
};

/**
 * The clear columns of rows sealed with a table's first record version, in
 * backups made before keyed indexes: such a row is accepted with them and
 * re-sealed with today's columns when imported (storage/backup.ts).
 */
export const LEGACY_COLUMNS: Partial<Record<SealedTableName, Readonly<Record<string, ColumnKind>>>> = {
  members: { groupId: 'id', archived: 'flag' },
  sessions: { ownerId: 'id', startedAt: 'time', meetingHash: 'hash' },
  markers: { sessionId: 'id', at: 'time', category: 'code', deleted: 'flag' },
  safety: { groupId: 'id' },
  screenings: { memberId: 'id' },
  checklists: { ownerId: 'id' },
  measures: { groupId: 'id', sessionId: 'id', at: 'time' },
};

/**
 * JSON with object keys sorted at every level: one value, one text, so the
 * digest does not depend on how the file was written. Never throws on
 * JSON-parsed input.
 */
export function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  if (typeof x === 'object' && x !== null) {
    const keys = Object.keys(x).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((x as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(x);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Parses and checks the structure of a backup file, decoding every body.
 * Throws BackupError 'incomplete' on anything that is not a whole v1 backup
 * (bad JSON, truncation, missing or extra fields, bad base64), 'newer-version'
 * for a format version above ours. Checks no passphrase and no mac.
 */
export function parseBackup(text: string): { file: BackupFile; rows: Record<SealedTableName, ParsedRow[]> } {
  let x: unknown;
  try {
    x = JSON.parse(text);
  } catch {
    throw new BackupError('incomplete');
  }
  if (!isObject(x) || x.format !== BACKUP_FORMAT || typeof x.v !== 'number') throw new BackupError('incomplete');
  if (Number.isInteger(x.v) && x.v > BACKUP_V) throw new BackupError('newer-version');
  if (x.v !== BACKUP_V) throw new BackupError('incomplete');
  const keys = Object.keys(x)
    .filter((k) => k !== 'recovery')
    .sort()
    .join();
  if (keys !== 'createdAt,format,mac,tables,v,wrapped') throw new BackupError('incomplete', 'unexpected fields');
  const r = x.recovery;
  if (r !== undefined && !(isObject(r) && ['to', 'from', 'nonce', 'box'].every((k) => typeof r[k] === 'string'))) {
    throw new BackupError('incomplete', 'a damaged recovery record');
  }
  if (typeof x.createdAt !== 'number' || typeof x.mac !== 'string' || !base64ToBytes(x.mac)) {
    throw new BackupError('incomplete');
  }
  const w = x.wrapped;
  if (!isObject(w) || !isObject(w.kdf) || typeof w.nonce !== 'string' || typeof w.box !== 'string') {
    throw new BackupError('incomplete', 'no vault key');
  }
  const tables = x.tables;
  if (!isObject(tables) || Object.keys(tables).sort().join() !== [...SEALED_TABLES].sort().join()) {
    throw new BackupError('incomplete', 'tables missing');
  }
  const rows = {} as Record<SealedTableName, ParsedRow[]>;
  for (const name of SEALED_TABLES) {
    const list = tables[name];
    if (!Array.isArray(list)) throw new BackupError('incomplete', name);
    rows[name] = list.map((r) => parseRow(name, r));
  }
  return { file: x as unknown as BackupFile, rows };
}

function parseRow(table: SealedTableName, r: unknown): ParsedRow {
  const bad = () => new BackupError('incomplete', `a ${table} record is malformed`);
  if (!isObject(r)) throw bad();
  const old = table !== 'scratch' && r.v === 1 && SEALED_SPECS[table].v > 1;
  const columns = (old && LEGACY_COLUMNS[table]) || TABLE_COLUMNS[table];
  const expected = ['body', 'id', 'updatedAt', 'v', ...Object.keys(columns)].sort().join();
  if (Object.keys(r).sort().join() !== expected) throw bad();
  if (!fitsColumn('id', r.id) || !fitsColumn('time', r.updatedAt) || !Number.isInteger(r.v)) throw bad();
  for (const [k, kind] of Object.entries(columns)) if (!fitsColumn(kind, r[k])) throw bad();
  const body = typeof r.body === 'string' ? base64ToBytes(r.body) : undefined;
  if (!body) throw bad();
  return { ...r, body } as ParsedRow;
}
