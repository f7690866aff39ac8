/**
 * The integrity ledger: one sealed row (table `ledger`) that says what the
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

export interface LedgerRow {
  id: typeof LEDGER_ID;
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
const CONTEXT = { table: LEDGER_TABLE, id: LEDGER_ID, v: LEDGER_V };

function sealState(cipher: FieldCipher, state: LedgerState): LedgerRow {
  return { id: LEDGER_ID, body: cipher.seal(JSON.stringify(state), CONTEXT) };
}

/** Undefined when the row does not open or is not a ledger. Never throws. */
function openState(cipher: FieldCipher, row: unknown): LedgerState | undefined {
  try {
    const body = (row as { body?: unknown }).body;
    if (!(body instanceof Uint8Array)) return undefined;
    const s = JSON.parse(cipher.open(body, CONTEXT)) as LedgerState;
    return s.v === LEDGER_V && Number.isInteger(s.seq) && typeof s.buckets === 'object' && typeof s.starts === 'object'
      ? s
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The middleware that keeps the ledger. `tracked`: the sealed tables it counts.
 * A counted write whose ledger row does not open (tampered, or sealed under
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
              const state = openState(cipher, await ledger.get({ trans: req.trans, key: LEDGER_ID }));
              if (!state) return res;
              for (const r of removed) if (r) count(state, cipher, name, r as Record<string, unknown>, -1);
              for (const r of after) count(state, cipher, name, r as Record<string, unknown>, 1);
              state.seq += 1;
              await ledger.mutate({ trans: req.trans, type: 'put', values: [sealState(cipher, state)] });
              onComplete(req.trans, () => holder.committed?.(state.seq));
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
 */
export async function rebuildLedger(
  db: Dexie,
  cipher: FieldCipher,
  tracked: readonly string[],
  atLeast = 0,
): Promise<number> {
  return db.transaction('rw', [...tracked, LEDGER_TABLE], async () => {
    const old = openState(cipher, await db.table(LEDGER_TABLE).get(LEDGER_ID));
    const state = await recount(db, cipher, tracked, Math.max(old?.seq ?? 0, atLeast) + 1);
    if (old?.tries !== undefined) state.tries = old.tries;
    await db.table(LEDGER_TABLE).put(sealState(cipher, state));
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
    const row: unknown = await db.table(LEDGER_TABLE).get(LEDGER_ID);
    return { stored: row === undefined ? null : openState(cipher, row), actual: await recount(db, cipher, tracked, 0) };
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
    const state = openState(cipher, await db.table(LEDGER_TABLE).get(LEDGER_ID));
    if (!state) return undefined;
    const sealed = state.tries;
    state.tries = total;
    await db.table(LEDGER_TABLE).put(sealState(cipher, state));
    if (sealed === undefined) return undefined;
    if (total < sealed) return { kind: 'tries-reset' };
    return total > sealed ? { kind: 'wrong-tries', count: total - sealed } : undefined;
  });
}
