/**
 * What the last retention runs did, kept in the clear meta table so the
 * panel can say it even while the vault is locked. Holds counts and times
 * only: nothing about which sessions they were.
 */
import type { Table } from 'dexie';
import type { MetaRow, SquircleDb } from './db';

export const RETENTION_RECORD_ID = 'retention';

export interface RetentionRecord {
  id: typeof RETENTION_RECORD_ID;
  /** When retention last ran (ms), whether or not it deleted anything. */
  lastRunAt: number;
  /** The rule in force when sessions were last deleted (or at the last run, if none ever were). */
  retentionDays: number;
  /** How many sessions the last run that deleted any deleted; 0 if none ever did. */
  deletedSessions: number;
  /** When that was (ms); null if retention never deleted a session. */
  deletedAt: number | null;
}

export interface RetentionNotice {
  deletedSessions: number;
  retentionDays: number;
  deletedAt: number;
}

/** The record as stored, or undefined before the first run. Database errors reject. */
export async function retentionRecord(db: SquircleDb): Promise<RetentionRecord | undefined> {
  const row = await (db.meta as unknown as Table<MetaRow | RetentionRecord, string>).get(RETENTION_RECORD_ID);
  return row?.id === RETENTION_RECORD_ID ? (row as RetentionRecord) : undefined;
}

/** What to tell staff: the last deletion, or undefined if retention never deleted a session. */
export async function retentionNotice(db: SquircleDb): Promise<RetentionNotice | undefined> {
  const r = await retentionRecord(db);
  if (!r || r.deletedAt === null || r.deletedSessions === 0) return undefined;
  return { deletedSessions: r.deletedSessions, retentionDays: r.retentionDays, deletedAt: r.deletedAt };
}

const defaultDate = (ms: number) =>
  new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

/** "3 sessions older than 730 days were deleted on 14 March 2026, as your clinic requires." */
export function retentionNoticeText(n: RetentionNotice, formatDate: (ms: number) => string = defaultDate): string {
  const what = n.deletedSessions === 1 ? '1 session' : `${n.deletedSessions} sessions`;
  const days = n.retentionDays === 1 ? '1 day' : `${n.retentionDays} days`;
  const verb = n.deletedSessions === 1 ? 'was' : 'were';
  return `${what} older than ${days} ${verb} deleted on ${formatDate(n.deletedAt)}, as your clinic requires.`;
}
