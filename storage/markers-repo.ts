/**
 * Markers on a session's timeline. Session id, clock time, category code and
 * the deleted flag are in the clear; text, member, author and the rest are
 * sealed. Deleting is soft so that a mis-tap can be undone during the call.
 */
import Dexie from 'dexie';
import type { FieldCipher } from '../crypto/types';
import type { Id, Marker } from '../domain/types';
import type { MarkerRow, SquircleDb } from './db';
import { SealedTable, definedOnly } from './sealed-table';
import { markerSpec } from './tables';

/** An id may be given when the marker arrives from the co-leader with its own. */
export type MarkerInput = Omit<Marker, 'id' | 'deleted' | 'updatedAt'> & { id?: Id };
export type MarkerPatch = Partial<Pick<Marker, 'at' | 'wallAt' | 'category' | 'memberId' | 'text'>>;

/**
 * Every method throws VaultLockedError after lock and FieldOpenError on a
 * stored marker that does not open; those naming an id throw
 * RecordNotFoundError when it does not exist.
 */
export class MarkersRepo {
  private readonly t: SealedTable<Marker, MarkerRow>;

  constructor(
    private readonly db: SquircleDb,
    cipher: FieldCipher,
    private readonly now: () => number = Date.now,
  ) {
    this.t = new SealedTable(db.markers, markerSpec, cipher);
  }

  get(id: Id): Promise<Marker | undefined> {
    return this.t.get(id);
  }

  /** Writes the whole record as given: a co-leader's copy, already merged. */
  upsert(e: Marker): Promise<Marker> {
    return this.t.put(e);
  }

  add(input: MarkerInput): Promise<Marker> {
    return this.t.put({ ...input, id: input.id ?? crypto.randomUUID(), deleted: false, updatedAt: this.now() });
  }

  update(id: Id, patch: MarkerPatch): Promise<Marker> {
    return this.t.change(id, (m) => ({ ...m, ...definedOnly(patch), id, updatedAt: this.now() }));
  }

  /** Hides the marker; undoDelete brings it back unchanged. */
  softDelete(id: Id): Promise<Marker> {
    return this.t.change(id, (m) => ({ ...m, deleted: true, updatedAt: this.now() }));
  }

  undoDelete(id: Id): Promise<Marker> {
    return this.t.change(id, (m) => ({ ...m, deleted: false, updatedAt: this.now() }));
  }

  /** Ordered by session clock; deleted markers only when asked. Opens only this session's rows. */
  async listBySession(sessionId: Id, opts: { includeDeleted?: boolean } = {}): Promise<Marker[]> {
    const rows = await this.db.markers
      .where('[sessionId+at]')
      .between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey])
      .filter((r) => opts.includeDeleted === true || r.deleted === 0)
      .toArray();
    return this.t.openAll(rows);
  }
}
