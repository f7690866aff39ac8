import Dexie, { type IntervalTree, type ObservabilitySet } from 'dexie';
import { compareHlc } from '../../domain/hlc';
import type { Id, Marker } from '../../domain/types';
import type { Live } from '../../components/useLive';
import type { SquircleDb } from '../../storage/db';
import { errorDetail, type ShownError } from '../../util/user-error';
import { onMarkerWrite, type MarkersRepo, type MarkerWrite } from '../../storage/markers-repo';

/** What a live marker list says when a marker it showed could not be saved. */
export class MarkerNotSavedError extends Error implements ShownError {
  override readonly name = 'MarkerNotSavedError';
  readonly messageKey = 'errorText.markerNotSaved';
  readonly messageDetail: string;
  constructor(
    readonly marker: Marker,
    cause: unknown,
  ) {
    super(`A marker could not be saved (${errorDetail(cause)}). It is not in this session.`, { cause });
    this.messageDetail = errorDetail(cause);
  }
}

/**
 * What a live marker list says when a co-leader's marker it shows could not
 * be saved yet: it stays listed, and saving it is tried again.
 */
export class MarkerNotSavedYetError extends Error implements ShownError {
  override readonly name = 'MarkerNotSavedYetError';
  readonly messageKey = 'errorText.markerNotSavedYet';
  readonly messageDetail: string;
  constructor(
    readonly marker: Marker,
    cause: unknown,
  ) {
    super(
      `A co-leader's marker could not be saved yet (${errorDetail(cause)}). ` +
        `It is listed, and saving it is tried again.`,
      { cause },
    );
    this.messageDetail = errorDetail(cause);
  }
}

/**
 * One session's markers (deleted ones too), ordered by session clock as
 * listBySession orders them, kept current without re-reading the session:
 * - the whole session is read and opened once, on subscribe;
 * - a marker written in this page (a click, the co-leader channel's applier)
 *   is shown as soon as its write is issued, and taken back, with a
 *   MarkerNotSavedError to the subscriber's `error`, if the write fails; a
 *   co-leader's marker whose write is tried again stays listed meanwhile,
 *   with a MarkerNotSavedYetError to `error`;
 * - any committed change to the markers table, from this page or another
 *   (the background's shortcuts and detection), arrives as Dexie's
 *   storagemutated with the changed ids; only those rows are read and opened,
 *   except those this page is writing itself.
 *   A change Dexie reports as a range (bulk writes, a restore) reads the
 *   session again.
 * An unchanged marker keeps its object from one value to the next, so a
 * list can skip re-rendering it.
 */
export function liveMarkers(db: SquircleDb, repo: MarkersRepo, sessionId: Id): Live<Marker[]> {
  return {
    subscribe(o) {
      const saved = new Map<Id, Marker>();
      const pending = new Map<Id, { marker: Marker; token: number }>();
      let dirty: Set<Id> | 'all' = 'all';
      let loaded = false;
      let reading = false;
      let closed = false;
      let emitQueued = false;

      let last: Marker[] | undefined;
      const emit = () => {
        if (emitQueued) return;
        emitQueued = true;
        queueMicrotask(() => {
          emitQueued = false;
          if (closed || !loaded) return;
          const shown = new Map(saved);
          for (const [id, p] of pending) {
            // A co-leader's copy on offer shows unless the stored one is newer (MarkersRepo.offer).
            const s = saved.get(id);
            if (!(s?.hlc && compareHlc(s.hlc, p.marker.hlc ?? '') > 0)) shown.set(id, p.marker);
          }
          const next = [...shown.values()].sort(bySessionClock);
          // A write's 'saved' and its storagemutated read usually change nothing shown: no new value, no rendering.
          if (last && next.length === last.length && next.every((m, i) => m === last![i])) return;
          last = next;
          o.next(next);
        });
      };
      const keep = (m: Marker) => {
        const had = saved.get(m.id);
        saved.set(m.id, had && sameMarker(had, m) ? had : m);
      };
      const pull = async () => {
        if (reading) return;
        reading = true;
        try {
          while (!closed && (dirty === 'all' || dirty.size)) {
            const want = dirty;
            dirty = new Set();
            if (want === 'all') {
              const all = await repo.listBySession(sessionId, { includeDeleted: true });
              const before = new Map(saved);
              saved.clear();
              for (const m of all) {
                const had = before.get(m.id);
                saved.set(m.id, had && sameMarker(had, m) ? had : m);
              }
            } else {
              const ids = [...want];
              const got = await repo.getMany(ids);
              ids.forEach((id, i) => {
                const m = got[i];
                if (m && m.sessionId === sessionId) keep(m);
                else saved.delete(id);
              });
            }
            loaded = true;
            emit();
          }
        } catch (e) {
          if (!closed) o.error?.(e);
        } finally {
          reading = false;
        }
      };
      const part = `idb://${db.name}/markers/`;
      const onMutated = (parts: ObservabilitySet) => {
        if (closed) return;
        const tree = parts[part];
        const keys = tree ? keysIn(tree) : undefined;
        if (parts.all || keys === 'range') dirty = 'all';
        else if (keys && dirty !== 'all') {
          // A marker this page is writing: the change is that write, which
          // Dexie reports as it commits, just before 'saved' brings the
          // marker written. Not read back: a store read would add to every
          // marker's time.
          const others = keys.filter((k) => !pending.has(k));
          if (!others.length) return;
          for (const k of others) dirty.add(k);
        } else return;
        void pull();
      };
      const onWrite = (w: MarkerWrite) => {
        if (closed || w.marker.sessionId !== sessionId) return;
        if (w.kind === 'pending') {
          pending.set(w.marker.id, { marker: w.marker, token: w.token });
        } else if (w.kind === 'retrying') {
          o.error?.(new MarkerNotSavedYetError(w.marker, w.error));
          return;
        } else {
          if (pending.get(w.marker.id)?.token === w.token) pending.delete(w.marker.id);
          if (w.kind === 'failed') o.error?.(new MarkerNotSavedError(w.marker, w.error));
          else if (w.kind === 'saved') keep(w.marker);
          // Not written here: what is stored may have changed meanwhile,
          // unread (its change was skipped as this write's).
          if (w.kind !== 'saved' && dirty !== 'all') {
            dirty.add(w.marker.id);
            void pull();
          }
        }
        emit();
      };
      const stopWrites = onMarkerWrite(db, onWrite);
      Dexie.on('storagemutated', onMutated);
      void pull();
      return {
        unsubscribe() {
          closed = true;
          stopWrites();
          Dexie.on.storagemutated.unsubscribe(onMutated);
        },
      };
    },
  };
}

/** As listBySession orders: session clock, then id. */
export function bySessionClock(a: Marker, b: Marker): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Every field of a marker is a plain value: equal fields, same marker. */
function sameMarker(a: Marker, b: Marker): boolean {
  const ka = Object.keys(a) as (keyof Marker)[];
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** The single keys in a Dexie interval tree, or 'range' when it holds a span of keys. */
export function keysIn(tree: IntervalTree): Id[] | 'range' {
  const out: Id[] = [];
  const walk = (n: IntervalTree | null | undefined): boolean => {
    if (!n || !('from' in n)) return true;
    if (n.from !== n.to || typeof n.from !== 'string') return false;
    out.push(n.from);
    return walk(n.l) && walk(n.r);
  };
  return walk(tree) ? out : 'range';
}
