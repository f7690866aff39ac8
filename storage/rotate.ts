/**
 * Vault key rotation: every row sealed under the old vault key is opened and
 * sealed again under a new one, its keyed index values (tags) computed under
 * the new key, the integrity ledger rebuilt under it, and the new wrapped key
 * (and clinic recovery record) stored, all in one IndexedDB transaction. So
 * the rotation is atomic: interrupted (the page closed, the browser killed,
 * the disk full, a row that cannot be written), IndexedDB drops the whole
 * transaction and the vault is exactly as before, old key and old passphrase.
 * There is no state in between to resume from.
 *
 * storage/ derives no key: the two ciphers and the new wrapped key are handed
 * in (ext/panel/vault-service.ts makes them).
 */
import { FieldOpenError, type BytesCipher, type FieldCipher, type FieldContext } from '../crypto/types';
import type { RecoveryRecord, WrappedVaultKey } from '../crypto/types';
import { SEALED_TABLES, type SealedRow, type SquircleDb } from './db';
import { LEDGER_TABLE, rebuildLedger } from './ledger';
import { openEntity, sealEntity } from './sealed-table';
import { SEALED_SPECS, type SpecTableName } from './sealed-specs';
import { UPGRADE_DUE } from './upgrade-rows';
import { UserError } from '../util/user-error';

/**
 * Tables whose rows are one body sealed as {table, id, v} with no keyed
 * column: the scratch table (scratch note, practice debriefs, own prompts)
 * and the co-leader channel's sealed state (identity and broker accounts,
 * channel and invite records, replay windows).
 */
export const PLAIN_SEALED_TABLES = ['scratch', 'identity', 'channels', 'invites', 'replay'] as const;

/** Every table rotation rewrites, besides the ledger and the vault row. */
const ROTATED = [...new Set<string>([...SEALED_TABLES, ...PLAIN_SEALED_TABLES])];

export type RotationCipher = FieldCipher & BytesCipher;

export interface RotationInput {
  /** The vault key now in use. */
  from: RotationCipher;
  /** The new vault key. */
  to: RotationCipher;
  /** The new vault key wrapped under the (new) passphrase. */
  wrapped: WrappedVaultKey;
  /** The new vault key sealed to the clinic's recovery key, when the vault had a recovery record. */
  recovery?: RecoveryRecord;
  /** The integrity ledger's seq must end above this (the mark kept outside the database). */
  ledgerAtLeast?: number;
  /** Rows done and rows in all; called at the start and after every few hundred rows written. */
  onProgress?: (done: number, total: number) => void;
}

export interface RotationResult {
  /** Rows sealed again under the new key. */
  rows: number;
  /**
   * Rows that did not open under the old key either (damaged before the
   * rotation): kept as they were, still unreadable, and still counted by
   * the integrity ledger.
   */
  unreadable: number;
  /** The integrity ledger's seq under the new key. */
  ledgerSeq: number;
}

const CHUNK = 250;

interface AnyRow extends Record<string, unknown> {
  id: string;
  v: number;
  body?: unknown;
}

/**
 * Rotates the vault key (see the file comment). Throws when there is no
 * vault; rejects with the database's error (DiskFullError from the room
 * guard, a quota error) or any error thrown by `onProgress`. In every
 * failure nothing is changed. Call it with no cipher attached to the
 * integrity ledger (locked): it writes the ledger itself, under `to`.
 */
export async function rotateVaultKey(db: SquircleDb, input: RotationInput): Promise<RotationResult> {
  const { from, to, onProgress } = input;
  const tables = [db.vault, db.meta, db.table(LEDGER_TABLE), ...ROTATED.map((t) => db.table(t))];
  return db.transaction('rw', tables, async () => {
    const vault = await db.vault.get('vault');
    if (!vault) throw new UserError('serviceErrors.noVault', 'There is no vault yet.');
    let total = 0;
    for (const t of ROTATED) total += await db.table(t).count();
    let done = 0;
    let unreadable = 0;
    onProgress?.(0, total);
    for (const t of ROTATED) {
      const table = db.table<AnyRow, string>(t);
      const old = await table.toArray();
      const spec = t in SEALED_SPECS ? SEALED_SPECS[t as SpecTableName] : undefined;
      // Keyed ids change with the key, so the old rows go and the new ones come, in this transaction.
      await table.clear();
      // In chunks, each written before the next is sealed: the page can show progress in between.
      for (let i = 0; i < old.length; i += CHUNK) {
        const next = old.slice(i, i + CHUNK).map((row) => {
          const again = spec ? resealEntity(spec, from, to, row) : resealBody(t, from, to, row);
          if (again === undefined) unreadable += 1;
          return again ?? row;
        });
        await table.bulkPut(next);
        onProgress?.((done += next.length), total);
      }
    }
    // Every row is at today's record version now: nothing left for the upgrade after unlock.
    await db.meta.delete(UPGRADE_DUE);
    const { recovery: _old, ...rest } = vault;
    await db.vault.put({ ...rest, wrapped: input.wrapped, ...(input.recovery ? { recovery: input.recovery } : {}) });
    const ledgerSeq = await rebuildLedger(db, to, SEALED_TABLES, input.ledgerAtLeast ?? 0, from);
    return { rows: done - unreadable, unreadable, ledgerSeq };
  });
}

/** The row of a spec table sealed under `to`, or undefined when it does not open under `from`. */
function resealEntity(
  spec: (typeof SEALED_SPECS)[SpecTableName],
  from: FieldCipher,
  to: FieldCipher,
  row: AnyRow,
): AnyRow | undefined {
  let entity: unknown;
  try {
    entity = openEntity(spec, from, row as unknown as SealedRow);
  } catch (e) {
    if (e instanceof FieldOpenError) return undefined;
    throw e;
  }
  return sealEntity(spec, to, entity) as unknown as AnyRow;
}

/** A row of a plain sealed table with its body sealed under `to` (same context, same bytes), or undefined. */
function resealBody(table: string, from: BytesCipher, to: BytesCipher, row: AnyRow): AnyRow | undefined {
  // Rows kept in the clear (older replay counters) have no body to seal again.
  if (!(row.body instanceof Uint8Array)) return row;
  const ctx: FieldContext = { table, id: row.id, v: row.v };
  let plain: Uint8Array;
  try {
    plain = from.openBytes(row.body, ctx);
  } catch (e) {
    if (e instanceof FieldOpenError) return undefined;
    throw e;
  }
  return { ...row, body: to.sealBytes(plain, ctx) };
}
