/**
 * Sealed Dexie rows against plain Dexie rows, in the same IndexedDB and the
 * same run. Sealing and opening are inside the timed part: that is the cost
 * the app pays. Runs in the bench page (real IndexedDB).
 */
import Dexie from 'dexie';
import { fieldCipher, newVaultKey, wipe, type FieldCipher } from '../../../crypto';
import { timeMs } from '../lib/stats';
import { MarkerBenchDb, type PlainMarkerRow, type SealedMarkerRow } from './marker-db';
import { makeMarkers, SESSION_ID, type Marker } from './markers';

export interface StoreArgs {
  records: number;
  bodyChars: number;
  /** Rounds of bulk write + read, after one discarded warm-up round. */
  rounds: number;
  /** Rounds of one-put-per-record writes (slow: one transaction each). */
  singleRounds: number;
}

export interface Pair {
  plain: number[];
  sealed: number[];
}

export interface StoreSamples {
  bulkWriteMs: Pair;
  singleWriteMs: Pair;
  readMs: Pair;
  /** The cipher alone, no IndexedDB: how much of the sealed times is crypto. */
  sealOnlyMs: number[];
  openOnlyMs: number[];
  /** Average stored size of one sealed body, for the record. */
  sealedBodyBytes: number;
  textChars: number;
}

const TABLE = 'markers';
const V = 1;

export async function store(args: StoreArgs): Promise<StoreSamples> {
  const markers = makeMarkers(args.records, args.bodyChars);
  const key = newVaultKey();
  const cipher = fieldCipher(key);
  const db = new MarkerBenchDb();
  await db.delete();
  await db.open();
  const out: StoreSamples = {
    bulkWriteMs: { plain: [], sealed: [] },
    singleWriteMs: { plain: [], sealed: [] },
    readMs: { plain: [], sealed: [] },
    sealOnlyMs: [],
    openOnlyMs: [],
    sealedBodyBytes: 0,
    textChars: markers.reduce((n, m) => n + m.text.length, 0) / markers.length,
  };
  try {
    for (let r = -1; r < args.rounds; r++) {
      await clear(db);
      // Alternate which side goes first, so neither always gets the warmer cache.
      const sides = r % 2 ? (['plain', 'sealed'] as const) : (['sealed', 'plain'] as const);
      const write = { plain: 0, sealed: 0 };
      const read = { plain: 0, sealed: 0 };
      for (const s of sides)
        write[s] = await timeMs(() => (s === 'plain' ? bulkPlain(db, markers) : bulkSealed(db, cipher, markers)));
      for (const s of sides) read[s] = await timeMs(() => (s === 'plain' ? readPlain(db) : readSealed(db, cipher)));
      let sealed: SealedMarkerRow[] = [];
      const sealOnly = await timeMs(() => (sealed = markers.map((m) => sealedRow(cipher, m))));
      const openOnly = await timeMs(() =>
        sealed.map((row) => cipher.open(row.body, { table: TABLE, id: row.id, v: row.v })),
      );
      if (r < 0) {
        await verify(db, cipher, markers);
        const rows = await db.sealed.toArray();
        out.sealedBodyBytes = rows.reduce((n, row) => n + row.body.length, 0) / rows.length;
        continue;
      }
      for (const s of sides) {
        out.bulkWriteMs[s].push(write[s]);
        out.readMs[s].push(read[s]);
      }
      out.sealOnlyMs.push(sealOnly);
      out.openOnlyMs.push(openOnly);
    }
    for (let r = 0; r < args.singleRounds; r++) {
      await clear(db);
      const sides = r % 2 ? (['plain', 'sealed'] as const) : (['sealed', 'plain'] as const);
      for (const s of sides) {
        out.singleWriteMs[s].push(
          await timeMs(() => (s === 'plain' ? onePlain(db, markers) : oneSealed(db, cipher, markers))),
        );
      }
    }
  } finally {
    db.close();
    await db.delete();
    wipe(key);
  }
  return out;
}

function sealedRow(cipher: FieldCipher, m: Marker): SealedMarkerRow {
  const body = cipher.seal(m.text, { table: TABLE, id: m.id, v: V });
  return {
    id: m.id,
    v: V,
    sessionId: m.sessionId,
    at: m.at,
    category: m.category,
    deleted: 0,
    updatedAt: m.updatedAt,
    body,
  };
}

function plainRow(m: Marker): PlainMarkerRow {
  return {
    id: m.id,
    v: V,
    sessionId: m.sessionId,
    at: m.at,
    category: m.category,
    deleted: 0,
    updatedAt: m.updatedAt,
    text: m.text,
  };
}

// A batch as the app writes one: rows built first, then one bulkPut in one transaction.
async function bulkSealed(db: MarkerBenchDb, cipher: FieldCipher, markers: Marker[]): Promise<void> {
  const rows = markers.map((m) => sealedRow(cipher, m));
  await db.transaction('rw', db.sealed, () => db.sealed.bulkPut(rows));
}

async function bulkPlain(db: MarkerBenchDb, markers: Marker[]): Promise<void> {
  const rows = markers.map(plainRow);
  await db.transaction('rw', db.plain, () => db.plain.bulkPut(rows));
}

// One put per record, each its own transaction: a marker saved the moment it is made.
async function oneSealed(db: MarkerBenchDb, cipher: FieldCipher, markers: Marker[]): Promise<void> {
  for (const m of markers) await db.sealed.put(sealedRow(cipher, m));
}

async function onePlain(db: MarkerBenchDb, markers: Marker[]): Promise<void> {
  for (const m of markers) await db.plain.put(plainRow(m));
}

// A session's timeline: its rows in clock order by [sessionId+at], bodies made readable.
const inSession = [
  [SESSION_ID, Dexie.minKey],
  [SESSION_ID, Dexie.maxKey],
] as const;

async function readSealed(db: MarkerBenchDb, cipher: FieldCipher): Promise<string[]> {
  const rows = await db.sealed
    .where('[sessionId+at]')
    .between(...inSession)
    .toArray();
  return rows.map((r) => cipher.open(r.body, { table: TABLE, id: r.id, v: r.v }));
}

async function readPlain(db: MarkerBenchDb): Promise<string[]> {
  const rows = await db.plain
    .where('[sessionId+at]')
    .between(...inSession)
    .toArray();
  return rows.map((r) => r.text);
}

async function clear(db: MarkerBenchDb): Promise<void> {
  await db.transaction('rw', db.sealed, db.plain, async () => {
    await db.sealed.clear();
    await db.plain.clear();
  });
}

/** Both sides must have stored and returned exactly the markers, or the times mean nothing. */
async function verify(db: MarkerBenchDb, cipher: FieldCipher, markers: Marker[]): Promise<void> {
  const want = markers.map((m) => m.text).join('\n');
  const [plain, sealed] = [await readPlain(db), await readSealed(db, cipher)];
  if (plain.join('\n') !== want) throw new Error('plain rows read back differently');
  if (sealed.join('\n') !== want) throw new Error('sealed rows opened differently');
}
