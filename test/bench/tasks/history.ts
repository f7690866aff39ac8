/**
 * A five-year history at scale, through the panel's own code: the history
 * list and search (ext/panel-api.ts historyApi), backup export and restore
 * into a fresh profile (ext/backup-api.ts). The vault key is derived once
 * up front (the KDF is its own figure); generating the data is not timed.
 * Runs in the bench page against Chromium's on-disk IndexedDB.
 */
import { createVault, fieldCipher, wipe, type FieldCipher } from '../../../crypto';
import { backupApi, restoreIntoEmptyProfile } from '../../../ext/panel/backup-api';
import { noteTemplates } from '../../../domain/templates';
import { historyApi } from '../../../ext/panel/panel-api';
import { SEALED_TABLES, SquircleDb } from '../../../storage/db';
import { buildSearchIndex, liveMarkerCounts, search, sessionsByOwner } from '../../../storage/history';
import { VaultStore } from '../../../storage/vault-store';
import { generateHistory, type GeneratedCounts, type HistoryShape } from './history-data';

export interface HistoryArgs extends HistoryShape {
  /** Times the history list is read, each through a new historyApi. */
  listRuns: number;
  /** Queries timed after the index is built; the first builds it. */
  queries: string[];
}

export interface QuerySample {
  query: string;
  ms: number;
  hits: number;
}

export interface HistorySamples {
  counts: GeneratedCounts;
  generateMs: number;
  /** historyApi(...).sessions(), after the database was closed and opened again. */
  listMs: number[];
  listed: number;
  /** Where the list's time goes: its parts from storage/history.ts, each run alone once. */
  listParts: { sessionsByOwnerMs: number; liveMarkerCountsMs: number };
  /** The first search: builds the index, then answers `buildQuery`. */
  buildMs: number;
  buildQuery: string;
  queries: QuerySample[];
  /** The same queries through storage/history.ts search() on a built index, best of 3: the in-memory part alone. */
  pureQueryMs: number[];
  exportMs: number;
  /** Export phases (from its progress callback): the snapshot read; the rest is encoding, digest and JSON. */
  exportSnapshotMs: number;
  backupBytes: number;
  /** restoreIntoEmptyProfile into a new, empty database (one Argon2id unlock included). */
  importMs: number;
  /**
   * Import phases from its progress callback: until the first row is verified
   * (parse, KDF, mac), until all are, the rest (one write transaction).
   */
  importPhasesMs: { firstVerified: number; allVerified: number; written: number };
  imported: number;
}

const DB_NAME = 'squircle-bench-history';
const RESTORE_NAME = 'squircle-bench-restore';
const PASSPHRASE = 'five years of tuesday evenings, kept safe';
const noop = () => {};

export async function history(args: HistoryArgs): Promise<HistorySamples> {
  const [buildQuery, ...queries] = args.queries;
  if (!buildQuery || queries.length === 0) throw new Error('history needs at least two queries');
  for (const name of [DB_NAME, RESTORE_NAME]) await new SquircleDb(name).delete();
  const { wrapped, vaultKey } = await createVault(PASSPHRASE);
  const cipher = fieldCipher(vaultKey);
  let db = new SquircleDb(DB_NAME);
  const restored = new SquircleDb(RESTORE_NAME);
  try {
    const t0 = performance.now();
    const counts = await generateHistory(db, cipher, wrapped, args);
    const generateMs = performance.now() - t0;

    // As after a panel start: a new connection, the wrapped key read (unlock
    // needs it), the key already derived. Then the list the panel shows.
    db.close();
    db = new SquircleDb(DB_NAME);
    await db.open();
    if (!(await new VaultStore(db).wrapped())) throw new Error('the generated vault key is missing');
    const listMs: number[] = [];
    let listed = 0;
    for (let i = 0; i < args.listRuns; i++) {
      const api = history$(db, cipher);
      const t = performance.now();
      const list = await api.sessions();
      listMs.push(performance.now() - t);
      listed = list.length;
      // Counts arrive after the list (not timed): still checked, so the list is the real one.
      const marked = [...(await api.markerCounts()).values()].reduce((n, c) => n + c, 0);
      if (list.length !== counts.sessions || marked !== counts.liveMarkers) {
        throw new Error(
          `history listed ${list.length} sessions and ${marked} markers, ` +
            `expected ${counts.sessions} and ${counts.liveMarkers}`,
        );
      }
    }

    let t = performance.now();
    await sessionsByOwner(db, cipher);
    const sessionsByOwnerMs = performance.now() - t;
    t = performance.now();
    await liveMarkerCounts(db);
    const liveMarkerCountsMs = performance.now() - t;

    const api = history$(db, cipher);
    t = performance.now();
    await api.search(buildQuery);
    const buildMs = performance.now() - t;
    const samples: QuerySample[] = [];
    for (const query of queries) {
      t = performance.now();
      const hits = await api.search(query);
      samples.push({ query, ms: performance.now() - t, hits: hits.length });
    }
    if (samples.every((s) => s.hits === 0)) throw new Error('no search query found anything: the index is empty');
    const index = await buildSearchIndex(db, cipher);
    // Best of 3: a diagnostic of the in-memory part, so GC and load should not blur it.
    const pureQueryMs = queries.map((q) =>
      Math.min(
        ...[0, 1, 2].map(() => {
          const t1 = performance.now();
          search(index, q);
          return performance.now() - t1;
        }),
      ),
    );

    t = performance.now();
    let firstExported = 0;
    const text = await backupApi(db, cipher, true).exportBackup(() => (firstExported ||= performance.now()));
    const exportMs = performance.now() - t;
    const exportSnapshotMs = firstExported - t;
    const backupBytes = new Blob([text]).size;

    await restored.open();
    t = performance.now();
    const phases = { firstVerified: 0, allVerified: 0, written: 0 };
    const imported = await restoreIntoEmptyProfile(restored, text, PASSPHRASE, (done, total) => {
      const at = performance.now() - t;
      if (done < total / 2) {
        phases.firstVerified ||= at;
        phases.allVerified = at;
      } else if (done === total) phases.written = at;
    });
    const importMs = performance.now() - t;
    await sameRows(db, restored);

    return {
      counts,
      generateMs,
      listMs,
      listed,
      listParts: { sessionsByOwnerMs, liveMarkerCountsMs },
      buildMs,
      buildQuery,
      queries: samples,
      pureQueryMs,
      exportMs,
      exportSnapshotMs,
      backupBytes,
      importMs,
      importPhasesMs: phases,
      imported,
    };
  } finally {
    db.close();
    restored.close();
    await db.delete();
    await restored.delete();
    wipe(vaultKey);
  }
}

function history$(db: SquircleDb, cipher: FieldCipher) {
  return historyApi(db, cipher, {
    exportAllowed: true,
    perMemberExportAllowed: true,
    openPrint: noop,
    templates: noteTemplates(),
  });
}

/** The restored profile must hold every row of the original, byte for byte. */
async function sameRows(a: SquircleDb, b: SquircleDb): Promise<void> {
  for (const t of SEALED_TABLES) {
    const [x, y] = [await a.table(t).toArray(), await b.table(t).toArray()];
    if (x.length !== y.length) throw new Error(`restored ${t}: ${y.length} rows, expected ${x.length}`);
  }
  const [x, y] = [await a.markers.get('mk-0130-017'), await b.markers.get('mk-0130-017')];
  if (!x || !y || x.body.length !== y.body.length || !x.body.every((v, i) => v === y.body[i]))
    throw new Error('a restored marker differs');
}
