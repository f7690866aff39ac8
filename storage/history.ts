/**
 * History after unlock: sessions per owner, and a search over notes and
 * marker texts. The search index lives in memory only; nothing decrypted is
 * ever written back. Drop the index on lock (strings cannot be wiped).
 */
import { FieldOpenError, type FieldCipher } from '../crypto/types';
import { foldForSearch, queryWords, snippetAround, type Snippet } from '../domain/search-text';
import type { Client, Group, Id, Marker, Member, Note, Session } from '../domain/types';
import type { SealedRow, SquircleDb } from './db';
import { openEntity, type SealedSpec } from './sealed-table';
import {
  categorySpec,
  clientSpec,
  groupSpec,
  markerSpec,
  memberSpec,
  noteSpec,
  sessionSpec,
  type StoredCategory,
} from './tables';

/**
 * Every session, grouped by owner id, newest first. Opens only the sessions
 * table. Throws FieldOpenError on a session row that does not open.
 */
export async function sessionsByOwner(db: SquircleDb, cipher: FieldCipher): Promise<Map<Id, Session[]>> {
  const rows = await db.sessions.orderBy('startedAt').reverse().toArray();
  const out = new Map<Id, Session[]>();
  for (const row of rows) {
    const s = openEntity(sessionSpec, cipher, row);
    const list = out.get(s.ownerId);
    if (list) list.push(s);
    else out.set(s.ownerId, [s]);
  }
  return out;
}

/**
 * Live (not deleted) markers per session id, from the clear columns alone:
 * nothing is decrypted. Throws only on database errors.
 */
export async function liveMarkerCounts(db: SquircleDb): Promise<Map<Id, number>> {
  const counts = new Map<Id, number>();
  await db.markers.each((r) => {
    if (r.deleted === 0) counts.set(r.sessionId, (counts.get(r.sessionId) ?? 0) + 1);
  });
  return counts;
}

export type HitKind = 'note' | 'marker';

interface Entry {
  readonly sessionId: Id;
  readonly kind: HitKind;
  readonly id: Id;
  /** Session-clock ms for markers, null for notes. */
  readonly at: number | null;
  /** What the snippet is cut from. */
  readonly text: string;
}

export interface SearchIndex {
  /** Newest session first; within one, its notes, then markers by time. */
  readonly entries: readonly Entry[];
  /**
   * Every entry's folded text plus the names it refers to, joined by NUL in
   * entry order: one native indexOf finds candidates for the rarest word.
   */
  readonly haystack: string;
  /** Where each entry starts in `haystack` (one more at the end). */
  readonly starts: Int32Array;
  /** "table/id" of rows that did not open and are therefore not searchable. */
  readonly unreadable: readonly string[];
}

export interface SearchHit {
  sessionId: Id;
  kind: HitKind;
  id: Id;
  at: number | null;
  snippet: Snippet;
}

/** Everything the index is built from, already opened. */
export interface SearchSource {
  sessions: Session[];
  markers: Marker[];
  notes: Note[];
  groups: Group[];
  members: Member[];
  clients: Client[];
  categories: StoredCategory[];
}

/** Separates entries in the haystack; never part of a folded text or a query word. */
const SEP = '\u0000';

/** Pure: folds every text once so each query is a plain substring scan. Deleted markers are left out. */
export function indexFrom(src: SearchSource, unreadable: string[] = []): SearchIndex {
  const names = new Map<Id, string>();
  for (const x of [...src.groups, ...src.members, ...src.clients]) names.set(x.id, x.name);
  const labels = new Map(src.categories.map((c) => [c.code, c.label]));
  const session = new Map(src.sessions.map((s) => [s.id, s]));
  const owner = (sessionId: Id) => names.get(session.get(sessionId)?.ownerId ?? '') ?? '';
  const raw: { e: Entry; refs: string[]; started: number }[] = [];
  const add = (e: Entry, refs: string[]) => raw.push({ e, refs, started: session.get(e.sessionId)?.startedAt ?? 0 });
  for (const n of src.notes) {
    const text = Object.values(n.fields)
      .filter((f) => f.trim() !== '')
      .join('\n');
    add({ sessionId: n.sessionId, kind: 'note', id: n.id, at: null, text }, [owner(n.sessionId)]);
  }
  for (const m of src.markers) {
    if (m.deleted) continue;
    const refs = [names.get(m.memberId ?? '') ?? '', labels.get(m.category) ?? '', owner(m.sessionId)];
    add({ sessionId: m.sessionId, kind: 'marker', id: m.id, at: m.at, text: m.text }, refs);
  }
  raw.sort(
    (a, b) => b.started - a.started || a.e.sessionId.localeCompare(b.e.sessionId) || (a.e.at ?? -1) - (b.e.at ?? -1),
  );
  const starts = new Int32Array(raw.length + 1);
  const parts: string[] = [];
  let at = 0;
  raw.forEach((r, i) => {
    starts[i] = at;
    const folded = foldForSearch([r.e.text, ...r.refs].join('\n')).replaceAll(SEP, ' ');
    parts.push(folded);
    at += folded.length + 1;
  });
  starts[raw.length] = at;
  return { entries: raw.map((r) => r.e), haystack: parts.join(SEP), starts, unreadable };
}

/**
 * Decrypts sessions, notes, live markers, names and custom category labels
 * into memory and indexes them. Rows that do not open are listed in
 * `unreadable` instead of failing the whole search. Throws only on database
 * errors. Never writes.
 */
export async function buildSearchIndex(
  db: SquircleDb,
  cipher: FieldCipher,
  onProgress?: (done: number, total: number) => void,
): Promise<SearchIndex> {
  // One read transaction: a consistent snapshot even while the panel writes.
  const tables = [db.sessions, db.markers, db.notes, db.groups, db.members, db.clients, db.categories];
  const rows = await db.transaction('r', tables, async () => ({
    sessions: await db.sessions.toArray(),
    markers: await db.markers.filter((r) => r.deleted === 0).toArray(),
    notes: await db.notes.toArray(),
    groups: await db.groups.toArray(),
    members: await db.members.toArray(),
    clients: await db.clients.toArray(),
    categories: await db.categories.toArray(),
  }));
  const total = Object.values(rows).reduce((n, r) => n + r.length, 0);
  const unreadable: string[] = [];
  let done = 0;
  const openAll = <E, R extends SealedRow>(spec: SealedSpec<E, R>, list: R[]): E[] => {
    const out: E[] = [];
    for (const row of list) {
      try {
        out.push(openEntity(spec, cipher, row));
      } catch (e) {
        if (!(e instanceof FieldOpenError)) throw e;
        unreadable.push(`${spec.table}/${row.id}`);
      }
      if (++done % 1000 === 0) onProgress?.(done, total);
    }
    return out;
  };
  const source: SearchSource = {
    sessions: openAll(sessionSpec, rows.sessions),
    markers: openAll(markerSpec, rows.markers),
    notes: openAll(noteSpec, rows.notes),
    groups: openAll(groupSpec, rows.groups),
    members: openAll(memberSpec, rows.members),
    clients: openAll(clientSpec, rows.clients),
    categories: openAll(categorySpec, rows.categories),
  };
  onProgress?.(total, total);
  return indexFrom(source, unreadable);
}

/**
 * Entries that contain every word of the query (case- and
 * accent-insensitive, words ANDed, in any order), newest session first, at
 * most `limit`. A blank query finds nothing. Never throws.
 */
export function search(index: SearchIndex, query: string, limit = 100): SearchHit[] {
  const words = queryWords(query.replaceAll(SEP, ' ')).sort((a, b) => b.length - a.length);
  const [driver, ...rest] = words;
  if (driver === undefined) return [];
  const { haystack, starts, entries } = index;
  const hits: SearchHit[] = [];
  // The longest word is usually the rarest: jump between its occurrences and
  // check the other words only inside the entry it landed in.
  let pos = haystack.indexOf(driver);
  while (pos >= 0 && hits.length < limit) {
    const i = entryAt(starts, pos);
    const end = starts[i + 1]! - 1;
    const folded = haystack.slice(starts[i], end);
    if (rest.every((w) => folded.includes(w))) {
      const e = entries[i]!;
      hits.push({ sessionId: e.sessionId, kind: e.kind, id: e.id, at: e.at, snippet: snippetAround(e.text, words) });
    }
    pos = haystack.indexOf(driver, end + 1);
  }
  return hits;
}

/** The entry whose span holds `pos` (binary search over the start offsets). */
function entryAt(starts: Int32Array, pos: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
