/**
 * One marker, from the request to its committed encrypted row, through the
 * product's own path: SessionActions.mark() (clock time, MarkersRepo, seal,
 * the disk's free room asked, one put in its own read-write transaction; Dexie resolves a write outside
 * a transaction only once the transaction has completed). Runs in the bench
 * page against Chromium's on-disk IndexedDB.
 */
import { fieldCipher, newVaultKey, wipe } from '../../../crypto';
import { SessionActions } from '../../../ext/common/session-actions';
import { SquircleDb } from '../../../storage/db';
import { RoomGuard } from '../../../storage/room';
import { markerSpec } from '../../../storage/tables';
import { openEntity } from '../../../storage/sealed-table';

export interface MarkerArgs {
  marks: number;
  /** Marks made first and not counted (JIT, the database's first writes). */
  warmup: number;
}

export interface MarkerSamples {
  samplesMs: number[];
  /** Rows of the session found on disk afterwards (warm-up included). */
  rows: number;
}

const DB_NAME = 'squircle-bench-marker';

export async function marker({ marks, warmup }: MarkerArgs): Promise<MarkerSamples> {
  const key = newVaultKey();
  const cipher = fieldCipher(key);
  // As the panel builds it: each mark first asks how much room the disk has left.
  const db = new SquircleDb(DB_NAME, new RoomGuard(() => navigator.storage.estimate()));
  await db.delete();
  await db.open();
  try {
    const actions = new SessionActions(db, cipher, 'bench-device');
    const session = await actions.start('group', 'grp-bench', 'meet', '');
    const samplesMs: number[] = [];
    for (let i = -warmup; i < marks; i++) {
      const t0 = performance.now();
      await actions.mark(session, { category: 'general.mark' });
      const ms = performance.now() - t0;
      if (i >= 0) samplesMs.push(ms);
    }
    // Every mark must be on disk, sealed, and open to what was asked for.
    const rows = await db.markers.where('sessionId').equals(session.id).toArray();
    if (rows.length !== marks + warmup) throw new Error(`expected ${marks + warmup} marker rows, found ${rows.length}`);
    const m = openEntity(markerSpec, cipher, rows[rows.length - 1]!);
    if (m.category !== 'general.mark' || m.sessionId !== session.id)
      throw new Error('a marker row opened to something else');
    return { samplesMs, rows: rows.length };
  } finally {
    db.close();
    await db.delete();
    wipe(key);
  }
}
