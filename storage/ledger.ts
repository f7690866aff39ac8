/**
 * The integrity ledger: sealed rows (table `ledger`) that say what the
 * sealed tables should hold, so a row put back to an older copy, a row
 * removed, or the whole database swapped for an older copy is noticed on
 * unlock instead of passing silently.
 *
 * Rows are grouped in buckets: per session for the tables that hang off a
 * session (the session row itself, its markers, notes, messages, checklist
 * and ratings), per table for the rest. A bucket keeps a count and the XOR of
 * one keyed fingerprint per row; the fingerprint covers the table, the row's
 * key and the nonce of its sealed body, and every write seals with a fresh
 * nonce, so any older copy of a row has another fingerprint. Without the
 * vault key nobody can compute a fingerprint, so nobody can make a bucket
 * agree with rows they changed. `seq` grows with every write; a copy of it
 * outside the database (storage.local, kept by ext/) shows when the whole
 * database is older than the last one this browser wrote.
 *
 * The ledger is kept by a Dexie middleware inside the same IndexedDB
 * transaction as the write it counts: every read-write transaction that
 * touches a sealed table also takes the ledger table, so a crash leaves both
 * as they were or both changed, never a false alarm. Writes made while no
 * cipher is attached (retention deleting old sessions while the vault is
 * locked) leave the ledger as it was; checkLedger accepts a session removed
 * whole once it is older than the retention period.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import type Dexie from 'dexie';
import type { FieldCipher } from '../crypto/types';
import { bytesToBase64 } from './base64';

export const LEDGER_TABLE = 'ledger';
const LEDGER_ID = 'ledger';
const LEDGER_V = 1;

/** The tables a session's bucket gathers: rows here carry the session's id (sessions and checklists as their id). */
const BY_SESSION_ID = new Set(['sessions', 'checklists']);

/** What the sealed ledger holds. */
export interface LedgerState {
  v: 1;
  /** Grows by one with every counted write. */
  seq: number;
  /** Bucket name (`table` or `table/sessionId`) -> [row count, XOR of fingerprints as base64url]. */
  buckets: Record<string, [number, string]>;
  /** Session id -> startedAt, as last written: retention removes whole sessions older than its cutoff. */
  starts: Record<string, number>;
  /** Wrong passphrases ever, as counted at the last unlock (storage/vault-store.ts keeps the clear count). */
  tries?: number;
}

/** The head row (id `ledger`) or one bucket's row (id: the bucket name's keyed tag). */
export interface LedgerRow {
  id: string;
  body: Uint8Array;
}

/** What a database keeps for its middleware: the cipher while unlocked, and who to tell when a write committed. */
export class LedgerHolder {
  cipher: FieldCipher | undefined;
  /** Called after a counted write's transaction committed, with the ledger's new seq. */
  committed: ((seq: number) => void) | undefined;
}

/** One way the stored rows disagree with the ledger. */
export type LedgerFinding =
  /** The ledger's seq is below the one last written outside the database: the whole database is an older copy. */
  | { kind: 'older-copy' }
  /** The ledger row is gone or does not open, though this vault had one. */
  | { kind: 'no-ledger' }
  /** Rows of one table (of one session) differ: `expected` rows were recorded, `found` are there. */
  | { kind: 'rows'; table: string; sessionId?: string; expected: number; found: number }
  /** Wrong passphrases typed since the last unlock. */
  | { kind: 'wrong-tries'; count: number }
  /** The clear count of wrong passphrases is below the sealed one: it was reset on disk. */
  | { kind: 'tries-reset' };

export interface LedgerCheck {
  findings: LedgerFinding[];
  /** The ledger's seq after the check (what the outside copy should be at least). */
  seq: number;
}

/** The ledger's bucket for a row of `table`. */
function bucketOf(table: string, row: Record<string, unknown>): string {
  const sid = BY_SESSION_ID.has(table) ? row.id : row.sessionId;
  return typeof sid === 'string' ? `${table}/${sid}` : table;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const EMPTY = 'A'.repeat(22);

/** XOR of two tags (22 base64url characters each), character by character on their 6-bit values. */
function xorTags(a: string, b: string): string {
  let out = '';
  for (let i = 0; i < 22; i++) out += B64URL[B64URL.indexOf(a[i]!) ^ B64URL.indexOf(b[i]!)];
  return out;
}

/** The keyed fingerprint of one stored version of a row: table, key, and its body's nonce. */
function fingerprint(cipher: FieldCipher, table: string, row: Record<string, unknown>): string {
  const body = row.body;
  const nonce = body instanceof Uint8Array ? bytesToBase64(body.subarray(0, 25)) : '';
  return cipher.tag(`ledger.${table}`, `${String(row.id)}\u0000${nonce}`);
}

function count(
  state: LedgerState,
  cipher: FieldCipher,
  table: string,
  row: Record<string, unknown>,
  sign: 1 | -1,
): void {
  const b = bucketOf(table, row);
  const [n, x] = state.buckets[b] ?? [0, EMPTY];
  const next: [number, string] = [n + sign, xorTags(x, fingerprint(cipher, table, row))];
  if (next[0] === 0 && next[1] === EMPTY) delete state.buckets[b];
  else state.buckets[b] = next;
  if (table === 'sessions' && typeof row.id === 'string') {
    if (sign === 1 && typeof row.startedAt === 'number') state.starts[row.id] = row.startedAt;
    else if (sign === -1) delete state.starts[row.id];
  }
}

const emptyState = (): LedgerState => ({ v: LEDGER_V, seq: 0, buckets: {}, starts: {} });

/*
 * On disk the ledger is one sealed row per bucket, so a write re-seals only
 * what it touched, plus a head row (`ledger`): seq, the tries count, and the
 * count and XOR of keyed fingerprints of the bucket rows, so a bucket row
 * removed or put back is caught like any other row.
 */
interface Head {
  v: 1;
  seq: number;
  n: number;
  x: string;
  tries?: number;
}
interface BucketBody {
  b: string;
  n: number;
  x: string;
  /** A session bucket's startedAt. */
  s?: number;
}

const ctx = (id: string) => ({ table: LEDGER_TABLE, id, v: LEDGER_V });
const bucketRowId = (cipher: FieldCipher, bucket: string) => cipher.tag('ledger.bucket', bucket);
const rowPrint = (cipher: FieldCipher, row: LedgerRow) => fingerprint(cipher, LEDGER_TABLE, { ...row });

function openJson<T>(cipher: FieldCipher, row: unknown): T | undefined {
  try {
    const r = row as { id?: unknown; body?: unknown };
    if (typeof r.id !== 'string' || !(r.body instanceof Uint8Array)) return undefined;
    return JSON.parse(cipher.open(r.body, ctx(r.id))) as T;
  } catch {
    return undefined;
  }
}
const sealJson = (cipher: FieldCipher, id: string, value: unknown): LedgerRow => ({
  id,
  body: cipher.seal(JSON.stringify(value), ctx(id)),
});

function openHead(cipher: FieldCipher, row: unknown): Head | undefined {
  const h = openJson<Head>(cipher, row);
  return h && h.v === LEDGER_V && Number.isInteger(h.seq) && Number.isInteger(h.n) && typeof h.x === 'string'
    ? h
    : undefined;
}

function openBucket(cipher: FieldCipher, row: unknown): BucketBody | undefined {
  const b = openJson<BucketBody>(cipher, row);
  return b && typeof b.b === 'string' && Number.isInteger(b.n) && typeof b.x === 'string' ? b : undefined;
}

/** The whole ledger from its rows: null without a head, undefined when a row is missing, extra or does not open. */
function readState(cipher: FieldCipher, rows: unknown[]): LedgerState | null | undefined {
  const headRow = rows.find((r) => (r as { id?: unknown }).id === LEDGER_ID);
  if (!headRow) return null;
  const head = openHead(cipher, headRow);
  if (!head) return undefined;
  const state: LedgerState = {
    ...emptyState(),
    seq: head.seq,
    ...(head.tries !== undefined ? { tries: head.tries } : {}),
  };
  let n = 0;
  let x = EMPTY;
  for (const r of rows) {
    if (r === headRow) continue;
    const b = openBucket(cipher, r);
    if (!b || (r as LedgerRow).id !== bucketRowId(cipher, b.b)) return undefined;
    state.buckets[b.b] = [b.n, b.x];
    if (b.s !== undefined && b.b.startsWith('sessions/')) state.starts[b.b.slice('sessions/'.length)] = b.s;
    n += 1;
    x = xorTags(x, rowPrint(cipher, r as LedgerRow));
  }
  return n === head.n && x === head.x ? state : undefined;
}

/** Every row of a ledger holding `state`. */
function writeState(cipher: FieldCipher, state: LedgerState): LedgerRow[] {
  const rows: LedgerRow[] = [];
  let x = EMPTY;
  for (const [b, [n, bx]] of Object.entries(state.buckets)) {
    const start = b.startsWith('sessions/') ? state.starts[b.slice('sessions/'.length)] : undefined;
    const row = sealJson(cipher, bucketRowId(cipher, b), { b, n, x: bx, ...(start !== undefined ? { s: start } : {}) });
    rows.push(row);
    x = xorTags(x, rowPrint(cipher, row));
  }
  const head: Head = {
    v: LEDGER_V,
    seq: state.seq,
    n: rows.length,
    x,
    ...(state.tries !== undefined ? { tries: state.tries } : {}),
  };
  rows.push(sealJson(cipher, LEDGER_ID, head));
  return rows;
}

/**
 * The middleware that keeps the ledger. `tracked`: the sealed tables it counts.
 * A counted write whose ledger rows do not open (tampered, or sealed under
 * another vault) leaves the ledger alone: checkLedger reports it.
 */
export function ledgerMiddleware(holder: LedgerHolder, tracked: readonly string[]): Middleware<DBCore> {
  const counted = new Set(tracked);
  return {
    stack: 'dbcore',
    name: 'squircle-ledger',
    create: (down) => {
      // A database declared only up to an older version (tests of migrations) has no ledger to keep.
      if (!down.schema.tables.some((t) => t.name === LEDGER_TABLE)) return down;
      return {
        ...down,
        transaction: (stores, mode, options) =>
          down.transaction(
            mode === 'readwrite' && stores.some((s) => counted.has(s)) && !stores.includes(LEDGER_TABLE)
              ? [...stores, LEDGER_TABLE]
              : stores,
            mode,
            options,
          ),
        table: (name) => {
          const table = down.table(name);
          if (!counted.has(name)) return table;
          const ledger = down.table(LEDGER_TABLE);
          return {
            ...table,
            mutate: async (req) => {
              const cipher = holder.cipher;
              if (!cipher) return table.mutate(req);
              const before = await rowsBefore(table, req);
              const res = await table.mutate(req);
              const failed = (i: number) => Object.prototype.hasOwnProperty.call(res.failures, i);
              const after = req.type === 'add' || req.type === 'put' ? req.values.filter((_, i) => !failed(i)) : [];
              const removed =
                req.type === 'deleteRange' ? before : before.filter((r, i) => r !== undefined && !failed(i));
              const changes = [
                ...removed.filter((r) => r !== undefined).map((r) => [r as Record<string, unknown>, -1] as const),
                ...after.map((r) => [r as Record<string, unknown>, 1] as const),
              ];
              if (changes.length === 0) return res;
              const trans = req.trans;
              const head = openHead(cipher, await ledger.get({ trans, key: LEDGER_ID }));
              if (!head) return res;
              const names = [...new Set(changes.map(([r]) => bucketOf(name, r)))];
              const ids = names.map((b) => bucketRowId(cipher, b));
              const oldRows = (await ledger.getMany({ trans, keys: ids })) as (LedgerRow | undefined)[];
              // The touched buckets as a partial state, changed, then written back.
              const part: LedgerState = { ...emptyState() };
              for (const [i, row] of oldRows.entries()) {
                if (!row) continue;
                const b = openBucket(cipher, row);
                if (!b || b.b !== names[i]) return res;
                part.buckets[b.b] = [b.n, b.x];
                if (b.s !== undefined) part.starts[b.b.slice('sessions/'.length)] = b.s;
                head.n -= 1;
                head.x = xorTags(head.x, rowPrint(cipher, row));
              }
              for (const [r, sign] of changes) count(part, cipher, name, r, sign);
              const puts: LedgerRow[] = [];
              const deletes: string[] = [];
              for (const [i, b] of names.entries()) {
                if (!part.buckets[b]) {
                  if (oldRows[i]) deletes.push(ids[i]!);
                  continue;
                }
                const [n, x] = part.buckets[b];
                const start = b.startsWith('sessions/') ? part.starts[b.slice('sessions/'.length)] : undefined;
                const row = sealJson(cipher, ids[i]!, { b, n, x, ...(start !== undefined ? { s: start } : {}) });
                puts.push(row);
                head.n += 1;
                head.x = xorTags(head.x, rowPrint(cipher, row));
              }
              head.seq += 1;
              puts.push(sealJson(cipher, LEDGER_ID, head));
              if (deletes.length) await ledger.mutate({ trans, type: 'delete', keys: deletes });
              await ledger.mutate({ trans, type: 'put', values: puts });
              const seq = head.seq;
              onComplete(trans, () => holder.committed?.(seq));
              return res;
            },
          } satisfies DBCoreTable;
        },
      };
    },
  };
}

/** The rows a mutation replaces or removes, by operation (undefined where there is none). */
async function rowsBefore(table: DBCoreTable, req: DBCoreMutateRequest): Promise<unknown[]> {
  if (req.type === 'deleteRange') {
    const q = await table.query({
      trans: req.trans,
      values: true,
      query: { index: table.schema.primaryKey, range: req.range },
    });
    return q.result;
  }
  const keys =
    req.type === 'delete' ? req.keys : (req.keys ?? req.values.map((v) => table.schema.primaryKey.extractKey!(v)));
  return table.getMany({ trans: req.trans, keys });
}

/** Runs `cb` once the IndexedDB transaction has committed (never when it aborts). */
function onComplete(trans: DBCoreTransaction, cb: () => void): void {
  const t = trans as Partial<Pick<IDBTransaction, 'addEventListener'>>;
  if (typeof t.addEventListener === 'function') t.addEventListener('complete', cb, { once: true });
}

/** Counts every row of the tracked tables afresh. Reads only; call inside a transaction over them. */
async function recount(db: Dexie, cipher: FieldCipher, tracked: readonly string[], seq: number): Promise<LedgerState> {
  const state = { ...emptyState(), seq };
  for (const name of tracked) {
    await db.table(name).each((row: Record<string, unknown>) => count(state, cipher, name, row, 1));
  }
  return state;
}

/**
 * Writes a fresh ledger from the rows as they are now, with a seq above both
 * the old one and `atLeast` (the outside copy). What the user accepts after
 * being told of a finding, and what a vault without a ledger starts with.
 * `previous`: the cipher the old ledger was sealed with, when the vault key
 * has just been rotated (storage/rotate.ts); its seq and tries carry over.
 */
export async function rebuildLedger(
  db: Dexie,
  cipher: FieldCipher,
  tracked: readonly string[],
  atLeast = 0,
  previous: FieldCipher = cipher,
): Promise<number> {
  return db.transaction('rw', [...tracked, LEDGER_TABLE], async () => {
    const old = openHead(previous, await db.table(LEDGER_TABLE).get(LEDGER_ID));
    const state = await recount(db, cipher, tracked, Math.max(old?.seq ?? 0, atLeast) + 1);
    if (old?.tries !== undefined) state.tries = old.tries;
    await db.table(LEDGER_TABLE).clear();
    await db.table(LEDGER_TABLE).bulkPut(writeState(cipher, state));
    return state.seq;
  });
}

/**
 * Compares the stored rows with the ledger. `mark`: the seq last written
 * outside the database (undefined when there is none for this vault);
 * `retentionCutoff`: sessions that started before it may be gone whole.
 *
 * With no ledger and no mark (a vault from before the ledger, a restored
 * backup), or when every difference is a session retention removed, it
 * writes a fresh ledger and reports nothing. Otherwise it changes nothing,
 * so the findings come back on every unlock until rebuildLedger accepts them.
 */
export async function checkLedger(
  db: Dexie,
  cipher: FieldCipher,
  tracked: readonly string[],
  opts: { mark?: number; retentionCutoff?: number } = {},
): Promise<LedgerCheck> {
  const { stored, actual } = await db.transaction('r', [...tracked, LEDGER_TABLE], async () => {
    const rows: unknown[] = await db.table(LEDGER_TABLE).toArray();
    return { stored: readState(cipher, rows), actual: await recount(db, cipher, tracked, 0) };
  });
  if (stored === null && opts.mark === undefined)
    return { findings: [], seq: await rebuildLedger(db, cipher, tracked) };
  if (!stored) return { findings: [{ kind: 'no-ledger' }], seq: opts.mark ?? 0 };

  const findings: LedgerFinding[] = [];
  if (opts.mark !== undefined && stored.seq < opts.mark) findings.push({ kind: 'older-copy' });
  const differ = new Map<string, { table: string; sessionId?: string; expected: number; found: number }>();
  for (const b of new Set([...Object.keys(stored.buckets), ...Object.keys(actual.buckets)])) {
    const want = stored.buckets[b] ?? [0, EMPTY];
    const have = actual.buckets[b] ?? [0, EMPTY];
    if (want[0] === have[0] && want[1] === have[1]) continue;
    const [table, sessionId] = b.split('/') as [string, string | undefined];
    differ.set(b, { table, ...(sessionId ? { sessionId } : {}), expected: want[0], found: have[0] });
  }
  const cutoff = opts.retentionCutoff;
  const retained = (sid: string) => {
    const start = stored.starts[sid];
    if (cutoff === undefined || start === undefined || start >= cutoff) return false;
    return !Object.keys(actual.buckets).some((b) => b.endsWith(`/${sid}`));
  };
  const rows = [...differ.values()].filter((d) => !(d.sessionId && retained(d.sessionId)));
  for (const d of rows) findings.push({ kind: 'rows', ...d });
  if (findings.length === 0 && differ.size > 0) return { findings, seq: await rebuildLedger(db, cipher, tracked) };
  return { findings, seq: stored.seq };
}

/** Writes an empty ledger for a new vault (no row counted yet). */
export async function startLedger(db: Dexie, cipher: FieldCipher, tracked: readonly string[]): Promise<number> {
  return rebuildLedger(db, cipher, tracked);
}

/**
 * Compares `total` (wrong passphrases ever, from the clear throttle) with the
 * count sealed at the last unlock, then seals `total`. A finding when some
 * were typed since, or when the clear count went down (reset on disk).
 * Nothing when the ledger is missing or does not open (checkLedger says so).
 */
export async function sealTries(db: Dexie, cipher: FieldCipher, total: number): Promise<LedgerFinding | undefined> {
  return db.transaction('rw', LEDGER_TABLE, async () => {
    const head = openHead(cipher, await db.table(LEDGER_TABLE).get(LEDGER_ID));
    if (!head) return undefined;
    const sealed = head.tries;
    head.tries = total;
    await db.table(LEDGER_TABLE).put(sealJson(cipher, LEDGER_ID, head));
    if (sealed === undefined) return undefined;
    if (total < sealed) return { kind: 'tries-reset' };
    return total > sealed ? { kind: 'wrong-tries', count: total - sealed } : undefined;
  });
}
