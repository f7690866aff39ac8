/**
 * Markers on a session's timeline. Session id and the deleted flag are in the
 * clear; clock time, category, text, member, author and the rest are sealed.
 * Deleting is soft so that a mis-tap can be undone during the call.
 */
import Dexie from 'dexie';
import type { FieldCipher } from '../crypto/types';
import { compareHlc } from '../domain/hlc';
import type { Id, Marker } from '../domain/types';
import type { MarkerRow, SquircleDb } from './db';
import { SealedTable, definedOnly } from './sealed-table';
import { markerSpec } from './tables';

/**
 * What this page hears about a marker written through a MarkersRepo of the
 * same database, in this page: `pending` just before the write is issued,
 * then `saved` once it committed or `failed` (with the error) if it did not,
 * or `dropped` when a co-leader's copy turned out older than the stored one
 * (offer). A co-leader's copy whose write failed is `retrying` (with the
 * error) while it is written again, still pending; `failed` only once the
 * last try failed. A page's live marker list shows a pending marker at once
 * and takes it back if it fails, so nothing is shown that did not persist
 * without saying so.
 * Writes from other pages and the background are not heard here; they come
 * through Dexie's storagemutated event.
 */
export type MarkerWrite =
  | { kind: 'pending' | 'saved' | 'dropped'; marker: Marker; token: number }
  | { kind: 'failed' | 'retrying'; marker: Marker; token: number; error: unknown };

/**
 * How long a co-leader's marker whose write failed waits before each next
 * try: a disk that was full (storage/room.ts) or a store busy with a
 * migration in another page usually lets it through within seconds.
 */
export const OFFER_RETRY_MS = [250, 1_000, 4_000, 15_000, 60_000] as const;

const writeListeners = new WeakMap<SquircleDb, Set<(w: MarkerWrite) => void>>();
let writeTokens = 0;

/** Calls `cb` for every marker write made in this page through a MarkersRepo on `db`; returns the unsubscribe. */
export function onMarkerWrite(db: SquircleDb, cb: (w: MarkerWrite) => void): () => void {
  let set = writeListeners.get(db);
  if (!set) writeListeners.set(db, (set = new Set()));
  set.add(cb);
  return () => void set.delete(cb);
}

function tell(db: SquircleDb, w: MarkerWrite): void {
  for (const cb of writeListeners.get(db) ?? []) {
    try {
      cb(w);
    } catch (e) {
      console.error('A marker write listener failed', e);
    }
  }
}

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
    return this.write(e);
  }

  /**
   * A co-leader's copy: written unless the stored marker is as new or newer
   * (by hlc), or its session is not here. Told as pending before the stored
   * one is read, so a live list shows it without waiting for that read, and
   * as dropped if the stored one wins; a live list never shows a pending
   * marker over a newer stored one. Returns whether it was written.
   */
  async offer(m: Marker): Promise<boolean> {
    const token = ++writeTokens;
    tell(this.db, { kind: 'pending', marker: m, token });
    try {
      const [written] = await this.offerOnce([m]);
      if (!written) {
        tell(this.db, { kind: 'dropped', marker: m, token });
        return false;
      }
    } catch (error) {
      tell(this.db, { kind: 'failed', marker: m, token, error });
      throw error;
    }
    tell(this.db, { kind: 'saved', marker: m, token });
    return true;
  }

  /**
   * Co-leader copies, as offer() takes one, all told as pending in the
   * caller's task (a live list shows them at once), then written in one
   * transaction started in that same task. Resolves with how many were
   * written. Should the write fail, they stay pending and are told as
   * `retrying`, and the write is tried again after each of `retryMs` in the
   * background (what changed meanwhile is compared again, so nothing newer
   * is overwritten); this resolves with 0 without waiting for those tries,
   * and only the last failure tells them `failed`.
   */
  offerMany(ms: Marker[], retryMs: readonly number[] = OFFER_RETRY_MS): Promise<number> {
    if (!ms.length) return Promise.resolve(0);
    const token = ++writeTokens;
    for (const marker of ms) tell(this.db, { kind: 'pending', marker, token });
    const attempt = async (tries: number): Promise<number> => {
      let written: boolean[];
      try {
        written = await this.offerOnce(ms);
      } catch (error) {
        const wait = retryMs[tries];
        for (const marker of ms)
          tell(this.db, { kind: wait === undefined ? 'failed' : 'retrying', marker, token, error });
        if (wait !== undefined) setTimeout(() => void attempt(tries + 1), wait);
        return 0;
      }
      ms.forEach((marker, i) => tell(this.db, { kind: written[i] ? 'saved' : 'dropped', marker, token }));
      return written.filter(Boolean).length;
    };
    return attempt(0);
  }

  /** One transaction for the reads and the writes (each transaction costs the page time); which were written. */
  private offerOnce(ms: Marker[]): Promise<boolean[]> {
    return this.db.transaction('rw', this.db.markers, this.db.sessions, async () => {
      // Not for a session that is not here (deleted by retention in another page, say).
      const sessionIds = [...new Set(ms.map((m) => m.sessionId))];
      const sessions = await this.db.sessions.bulkGet(sessionIds);
      const here = new Set(sessionIds.filter((_, i) => sessions[i]));
      const locals = await this.getMany(ms.map((m) => m.id));
      const newest = new Map<Id, Marker>();
      const written = ms.map((m, i) => {
        if (!here.has(m.sessionId)) return false;
        const local = newest.get(m.id) ?? locals[i];
        if (local?.hlc && compareHlc(local.hlc, m.hlc ?? '') >= 0) return false;
        newest.set(m.id, m);
        return true;
      });
      const rows = ms.filter((_, i) => written[i]).filter((m) => newest.get(m.id) === m);
      if (rows.length) await this.db.markers.bulkPut(rows.map((m) => this.t.seal(m)));
      // The same marker twice in one batch: only the newest is written; an older copy counts as dropped.
      return ms.map((m, i) => written[i]! && newest.get(m.id) === m);
    });
  }

  add(input: MarkerInput): Promise<Marker> {
    return this.write({ ...input, id: input.id ?? crypto.randomUUID(), deleted: false, updatedAt: this.now() });
  }

  /** Several markers by id, in the order asked; undefined for an id that is not there. */
  async getMany(ids: Id[]): Promise<(Marker | undefined)[]> {
    const rows = await this.db.markers.bulkGet(ids);
    return rows.map((r) => (r ? this.t.open(r) : undefined));
  }

  /**
   * One put, told to this page's listeners (onMarkerWrite). Inside a caller's
   * transaction the put resolves before anything is committed, so nothing is
   * told there: the commit reaches live lists through storagemutated.
   */
  private async write(m: Marker): Promise<Marker> {
    if (Dexie.currentTransaction) return this.t.put(m);
    const token = ++writeTokens;
    tell(this.db, { kind: 'pending', marker: m, token });
    try {
      await this.db.roomForWrite();
      await this.t.put(m);
    } catch (error) {
      tell(this.db, { kind: 'failed', marker: m, token, error });
      throw error;
    }
    tell(this.db, { kind: 'saved', marker: m, token });
    return m;
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

  /**
   * Ordered by session clock (then id); deleted markers only when asked.
   * Opens only this session's rows; the clock time is sealed, so they are
   * ordered after opening.
   */
  async listBySession(sessionId: Id, opts: { includeDeleted?: boolean } = {}): Promise<Marker[]> {
    const rows = await this.db.markers
      .where('sessionId')
      .equals(sessionId)
      .filter((r) => opts.includeDeleted === true || r.deleted === 0)
      .toArray();
    return byClock(this.t.openAll(rows));
  }
}

/** Session clock, then id: the order the timeline shows, the same on every device. */
export function byClock(list: Marker[]): Marker[] {
  return list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
