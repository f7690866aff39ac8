/**
 * A five-year history: the list the panel shows after unlock, search, and a
 * full backup out and into a fresh profile.
 */
import type { FigureSource } from '../lib/context';
import { median } from '../lib/stats';
import type { HistoryArgs } from '../tasks/history';

const ARGS: HistoryArgs = {
  sessions: 260,
  markers: 40_000,
  members: 8,
  noteChars: 5000,
  listRuns: 5,
  queries: [
    // The first builds the index.
    'group',
    'silence',
    'noor',
    'cafe',
    'camera off',
    'rupture repaired',
    'tight shoulders',
    'bartholomew trust',
    'hospital appointment',
    'subgroup forming',
    'xylophone',
  ],
};
const LIST_TARGET = { max: 100 };
const SEARCH_TARGET = { max: 50 };

export const historyFigures: FigureSource = {
  name: 'history at scale',
  async measure(ctx) {
    const h = await (await ctx.browser()).run('history', ARGS);
    const c = h.counts;
    const data =
      `${c.sessions} sessions, ${c.markers.toLocaleString('en-US')} markers ` +
      `(${c.liveMarkers.toLocaleString('en-US')} live, ${Math.round(c.markerTextChars)}-char texts), ` +
      `${c.notes} group process notes (${Math.round(c.noteJsonChars)} chars of JSON), ` +
      `1 group of ${c.members}; generated and written in ${Math.round(h.generateMs)} ms (not a figure)`;
    const ms = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
    const queryMs = h.queries.map((q) => q.ms);
    const p = h.importPhasesMs;
    const perQuery = h.queries.map((q) => `"${q.query}" ${q.ms.toFixed(1)} ms/${q.hits} hits`).join('; ');
    return [
      {
        id: 'history.list',
        label: `History listed after unlock, ${c.sessions} sessions (median of ${ARGS.listRuns})`,
        value: median(h.listMs),
        unit: 'ms',
        target: LIST_TARGET,
        how:
          `historyApi(db, cipher).sessions() on a reopened database, key already derived; ` +
          `samples ${ms(h.listMs)} ms; ` +
          `its parts alone: sessionsByOwner ${h.listParts.sessionsByOwnerMs.toFixed(1)} ms, ` +
          `liveMarkerCounts ${h.listParts.liveMarkerCountsMs.toFixed(1)} ms; ${data}`,
      },
      {
        id: 'history.search.build',
        label: 'Search index build (first search)',
        value: h.buildMs,
        unit: 'ms',
        how:
          `first historyApi.search("${h.buildQuery}"): ` +
          `opens every session, live marker, note and name, folds them; ${data}`,
      },
      {
        id: 'history.search.query',
        label: `Search once indexed (median of ${h.queries.length} queries)`,
        value: median(queryMs),
        unit: 'ms',
        target: SEARCH_TARGET,
        how:
          `historyApi.search(q) after the index is built (each call also checks the index is current); ${perQuery}; ` +
          `storage/history search(index, q) alone, best of 3: ` +
          `median ${median(h.pureQueryMs).toFixed(1)} ms (${ms(h.pureQueryMs)})`,
      },
      {
        id: 'history.backup.export',
        label: 'Backup export, whole history',
        value: h.exportMs,
        unit: 'ms',
        how:
          `backupApi(db, cipher, true).exportBackup(); ` +
          `snapshot read ≈ ${Math.round(h.exportSnapshotMs)} ms, then base64, SHA-256, JSON; ${data}`,
      },
      {
        id: 'history.backup.size',
        label: 'Backup file size',
        value: h.backupBytes,
        unit: 'B',
        how: 'UTF-8 bytes of the exported text',
      },
      {
        id: 'history.backup.import',
        label: 'Backup import into a fresh profile',
        value: h.importMs,
        unit: 'ms',
        how:
          `restoreIntoEmptyProfile(emptyDb, text, passphrase), ${h.imported} records: ` +
          `parse + one Argon2id unlock (see Unlock) + mac ≈ ${Math.round(p.firstVerified)} ms, ` +
          `open every row until ${Math.round(p.allVerified)} ms, ` +
          `one write transaction until ${Math.round(p.written)} ms`,
      },
    ];
  },
};
