/**
 * Two marker tables with the same indexes: one as the app stores clinical
 * rows (clear index columns plus one sealed body, as storage/db.ts's
 * SealedRow), one with the text in the clear, the baseline. The columns and
 * indexes mirror the app's markers table (session id, session-clock time,
 * category code, deleted flag); keep them in step when that table changes.
 */
import Dexie, { type Table } from 'dexie';
import type { SealedRow } from '../../../storage/db';

interface MarkerColumns {
  sessionId: string;
  at: number;
  category: string;
  deleted: 0 | 1;
}

export interface SealedMarkerRow extends SealedRow, MarkerColumns {}

export interface PlainMarkerRow extends MarkerColumns {
  id: string;
  v: number;
  updatedAt: number;
  text: string;
}

const MARKER_INDEXES = 'id, sessionId, [sessionId+at], category, updatedAt';

export class MarkerBenchDb extends Dexie {
  sealed!: Table<SealedMarkerRow, string>;
  plain!: Table<PlainMarkerRow, string>;

  constructor(name = 'squircle-bench') {
    super(name);
    this.version(1).stores({ sealed: MARKER_INDEXES, plain: MARKER_INDEXES });
  }
}
