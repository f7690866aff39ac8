/**
 * Re-seals rows written with an older record version of their table, so
 * their clear columns become today's (tags where ids and codes used to be).
 * A Dexie upgrade cannot do this: it runs before unlock, without the key. So
 * the schema upgrade drops the old columns, and this runs right after each
 * unlock while the meta row 'rows-upgrade-due' says some are left (the schema
 * upgrade and a restored old backup set it), then removes that row.
 */
import { FieldOpenError, type FieldCipher } from '../crypto/types';
import type { SealedRow, SquircleDb } from './db';
import { openEntity, sealEntity } from './sealed-table';
import { SEALED_SPECS, type SpecTableName } from './sealed-specs';

/** The meta row that says rows are waiting (set by the Dexie upgrade and by restoring an old backup). */
export const UPGRADE_DUE = 'rows-upgrade-due';

/**
 * Rows re-sealed, per table (only tables that had any). Each table is one
 * transaction: a row moved to its keyed id is never there twice or not at
 * all. A row that does not open is left as it is (reading it reports it as
 * before). Throws VaultLockedError after lock; database errors reject.
 */
export async function upgradeSealedRows(db: SquircleDb, cipher: FieldCipher): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  if (!(await db.meta.get(UPGRADE_DUE))) return done;
  for (const [table, spec] of Object.entries(SEALED_SPECS) as [SpecTableName, (typeof SEALED_SPECS)[SpecTableName]][]) {
    const rows = db.table<SealedRow, string>(table);
    await db.transaction('rw', rows, async () => {
      const old = await rows.filter((r) => r.v < spec.v).toArray();
      if (!old.length) return;
      const next: SealedRow[] = [];
      const moved: string[] = [];
      for (const r of old) {
        let e: unknown;
        try {
          e = openEntity(spec, cipher, r);
        } catch (err) {
          if (err instanceof FieldOpenError) continue;
          throw err;
        }
        const row = sealEntity(spec, cipher, e);
        if (row.id !== r.id) moved.push(r.id);
        next.push(row);
      }
      await rows.bulkDelete(moved);
      await rows.bulkPut(next);
      if (next.length) done[table] = next.length;
    });
  }
  await db.meta.delete(UPGRADE_DUE);
  return done;
}
