import { compareHlc, decodeHlc } from './hlc';

/**
 * How replicated values converge. Markers and attendance: the latest edit
 * wins (by HLC). Note fields: a multi-value register (below).
 */
export interface Versioned<T> {
  value: T;
  hlc: string;
}

export function lastWriterWins<T>(local: Versioned<T> | undefined, remote: Versioned<T>): Versioned<T> {
  if (!local) return remote;
  return compareHlc(remote.hlc, local.hlc) > 0 ? remote : local;
}

/*
 * Note fields. Each version has an id, its HLC (which names the writer: one
 * panel's clock), and says what it supersedes: the versions the leader had
 * on screen when typing it. A field is the set of versions nobody has
 * superseded yet (its heads); two heads mean two leaders wrote without
 * seeing each other, and both texts show, oldest first, until a leader
 * edits the shown text, which supersedes them all.
 *
 * "Seen" is kept as a version vector: per writer, its newest version seen.
 * That covers every earlier version of the same writer, which is exact
 * because a writer's versions form a chain (each save of a panel supersedes
 * that panel's previous one, enforced in writeVersion). So the memory of
 * superseded versions is one id per writer of the field, not one per save:
 * autosave may write a version a second, the vector does not grow. A late
 * or repeated copy of an old version is recognised by it and ignored.
 *
 * A field's state is a function of the set of versions known (heads: the
 * versions not covered by any known version's `seen` and the newest of
 * their writer; seen: the join of every known `seen`), so merging is set
 * union: commutative, associative and idempotent, and both sides holding
 * the same versions show the same text.
 */

/** A note field's version as it travels between co-leaders. */
export interface FieldVersion {
  text: string;
  /** When it was written; also its id. */
  hlc: string;
  /** For co-leaders on an older release, which read only this: the newest version it supersedes ('' for none). */
  base: string;
  /** Who wrote it (a leader's label). */
  author: string;
  /** Per writer, the newest version this one supersedes. Absent from an older co-leader: then it supersedes `base`. */
  seen?: string[];
}

export interface FieldHead {
  hlc: string;
  author: string;
  text: string;
  seen: string[];
}

export interface FieldState {
  /** Oldest first. */
  heads: FieldHead[];
  /** Per writer, the newest version superseded by any version known. */
  seen: string[];
}

/** How a field was stored before heads: one version, its text in the note's fields. */
export interface LegacyFieldVersion {
  hlc: string;
  base: string;
  author: string;
}

export type StoredField = FieldState | LegacyFieldVersion;

export const CONFLICT_RULE = '\n\n——— also written at the same time ———\n\n';

/** A version's `seen` on the wire: one id per writer of the field (each panel that wrote it). */
export const MAX_SEEN = 256;

const EMPTY: FieldState = { heads: [], seen: [] };

/** Where the previous release joined two ids into one merged id: a '+' before an HLC. */
const COMPOSITE = /\+(?=[0-9a-z]{10}\.[0-9a-z]{4}\.)/;
const partsOf = (id: string): string[] => id.split(COMPOSITE);

/**
 * Whose chain an id belongs to: the HLC's device (one panel's clock). An
 * old co-leader's merged id ("b+a") or anything else is a chain of its own.
 */
export function writerOf(id: string): string {
  const h = COMPOSITE.test(id) ? undefined : decodeHlc(id);
  return h ? h.device : `\u0000${id}`;
}

/** Per writer, the newest id. */
function vector(lists: readonly (readonly string[])[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const list of lists)
    for (const id of list) {
      const w = writerOf(id);
      const had = out.get(w);
      if (had === undefined || compareHlc(id, had) > 0) out.set(w, id);
    }
  return out;
}

const sorted = (ids: Iterable<string>): string[] => [...ids].sort(compareHlc);

function covers(seen: Map<string, string>, id: string): boolean {
  const newest = seen.get(writerOf(id));
  return newest !== undefined && compareHlc(newest, id) >= 0;
}

/** The same id sent twice with different content (a buggy device): both sides keep the same one. */
const rank = (h: FieldHead): string => JSON.stringify([h.text, h.author, h.seen]);

/** The field knowing the versions of both. */
export function mergeFields(x: FieldState, y: FieldState): FieldState {
  const byId = new Map<string, FieldHead>();
  for (const h of [...x.heads, ...y.heads]) {
    const had = byId.get(h.hlc);
    byId.set(h.hlc, had && rank(had) >= rank(h) ? had : h);
  }
  const all = [...byId.values()];
  const seen = vector([x.seen, y.seen, ...all.map((h) => h.seen)]);
  const newest = vector([all.map((h) => h.hlc)]);
  const heads = all
    .filter((h) => newest.get(writerOf(h.hlc)) === h.hlc && !covers(seen, h.hlc))
    .sort((a, b) => compareHlc(a.hlc, b.hlc));
  return { heads, seen: sorted(seen.values()) };
}

/** A version arrived (from the co-leader, or written here). */
export const addVersion = (state: FieldState, v: FieldVersion): FieldState => {
  const head = headOf(v);
  return mergeFields(state, { heads: [head], seen: head.seen });
};

/** What the field shows: its heads' texts oldest first, each once, blanks left out. */
export function fieldText(state: FieldState): string {
  const texts: string[] = [];
  const shown = new Set<string>();
  for (const h of state.heads) {
    const key = h.text.trim();
    if (!key || shown.has(key)) continue;
    shown.add(key);
    texts.push(h.text);
  }
  return texts.length ? texts.join(CONFLICT_RULE) : (state.heads.at(-1)?.text ?? '');
}

/** What a leader looking at the field has seen: a version written on top of it supersedes all of it. */
export function fieldContext(state: FieldState): string[] {
  return sorted(vector([state.seen, state.heads.map((h) => h.hlc)]).values());
}

/**
 * The field as stored. A field stored before heads (or written before
 * versions existed, with '' as its id, never sent) is a single head.
 */
export function fieldState(stored: StoredField | undefined, text: string | undefined): FieldState {
  if (!stored) return text ? { heads: [{ hlc: '', author: '', text, seen: [] }], seen: [] } : EMPTY;
  if ('heads' in stored) return stored;
  const head = headOf({ ...stored, text: text ?? '' });
  return { heads: [head], seen: head.seen };
}

/**
 * A version written here at `hlc`, on top of `shown` (the context of the
 * text the leader edited; by default all the field has now). It also
 * supersedes this writer's own earlier version: the leader's text grew
 * from it. A co-leader's version that arrived after `shown` stays a head.
 */
export function writeVersion(
  state: FieldState,
  hlc: string,
  author: string,
  text: string,
  shown = fieldContext(state),
): { state: FieldState; version: FieldVersion } {
  const me = writerOf(hlc);
  const own = state.heads.filter((h) => writerOf(h.hlc) === me);
  const all = vector([shown.filter((id) => id !== ''), ...own.map((h) => [h.hlc, ...h.seen])]);
  // A version never supersedes itself or a later one of its own writer.
  if (all.has(me) && compareHlc(all.get(me)!, hlc) >= 0) all.delete(me);
  // Past MAX_SEEN writers (never in practice: one per panel that wrote the field), keep the newest:
  // claiming less than was seen can only keep an old text showing, never drop one.
  const seen = sorted(all.values()).slice(-MAX_SEEN);
  const version: FieldVersion = { text, hlc, author, base: seen.at(-1) ?? '', seen };
  let next = addVersion(state, version);
  if (shown.includes('')) next = { ...next, heads: next.heads.filter((h) => h.hlc !== '') };
  return { state: next, version };
}

/** A stored head as a version to send (a resync). */
export const versionOf = (h: FieldHead): FieldVersion => ({
  text: h.text,
  hlc: h.hlc,
  author: h.author,
  base: h.seen.at(-1) ?? '',
  seen: h.seen,
});

/** An older co-leader's version supersedes its base; an old merged id ("b+a") stands for its parts too. */
function headOf(v: FieldVersion): FieldHead {
  const parts = (id: string) => (COMPOSITE.test(id) ? [id, ...partsOf(id)] : [id]).filter((p) => p !== '');
  const claimed = v.seen ?? [...parts(v.base), ...(COMPOSITE.test(v.hlc) ? partsOf(v.hlc) : [])];
  const all = vector([
    claimed.filter((id) => id !== '' && !(writerOf(id) === writerOf(v.hlc) && compareHlc(id, v.hlc) >= 0)),
  ]);
  return { hlc: v.hlc, author: v.author, text: v.text, seen: sorted(all.values()) };
}

const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

/**
 * A version from the wire, checked strictly. An older co-leader's (no
 * `seen`) is accepted as it always was. A `seen` must name each writer
 * once, never this version or a later one of its writer, and include
 * `base` (or be empty with an empty base).
 */
export function wellFormedVersion(v: unknown): v is FieldVersion {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const { text, hlc, base, author, seen } = v as Record<string, unknown>;
  if (!isStr(text, 60_000) || !isStr(hlc, 400) || hlc === '' || !isStr(base, 400) || !isStr(author, 200)) return false;
  if (seen === undefined) return true;
  if (!Array.isArray(seen) || seen.length > MAX_SEEN) return false;
  const writers = new Set<string>();
  for (const id of seen as unknown[]) {
    if (!isStr(id, 400) || id === '') return false;
    const w = writerOf(id);
    if (writers.has(w) || (w === writerOf(hlc) && compareHlc(id, hlc) >= 0)) return false;
    writers.add(w);
  }
  return base === '' ? seen.length === 0 : seen.includes(base);
}
