/**
 * A clinic's retention rule: sessions that started more than retentionDays
 * ago are deleted with everything that hangs off them. Works on the clear
 * columns alone (ids, startedAt, createdAt), so it needs no key and runs
 * while the vault is locked.
 */
import type { Table } from 'dexie';
import type { Id } from '../domain/types';
import type { MetaRow, SquircleDb } from './db';
import { RETENTION_RECORD_ID, type RetentionRecord } from './retention-notice';

export const DAY_MS = 86_400_000;

export interface RetentionResult {
  deletedSessions: number;
  deletedMarkers: number;
  deletedNotes: number;
  deletedMessages: number;
  deletedChecklists: number;
  deletedMeasures: number;
  /** Undelivered envelopes to a co-leader queued before the cutoff (see below). */
  deletedOutbox: number;
}

const NOTHING: RetentionResult = {
  deletedSessions: 0,
  deletedMarkers: 0,
  deletedNotes: 0,
  deletedMessages: 0,
  deletedChecklists: 0,
  deletedMeasures: 0,
  deletedOutbox: 0,
};

/**
 * Deletes every session whose startedAt is before `now - retentionDays`
 * days, with its markers (deleted ones too), notes, co-leader messages,
 * pre-session checklist and group ratings, and records the run in the meta table for the panel's notice. 0 keeps
 * everything and touches nothing. The running session (meta 'active') is
 * never deleted, however old.
 *
 * Outbox rows name a channel, not a session, so they are cleared by their
 * own age: an envelope queued before the cutoff can only describe a session
 * that started before it, and a clinic that keeps nothing older keeps no
 * copy waiting to be sent either.
 *
 * One read-write transaction over every table it touches: a crash or a
 * failed delete leaves all of it as it was, never a session without its
 * notes or notes without their session.
 *
 * Throws RangeError when retentionDays is not a whole number ≥ 0 or `now`
 * is not a finite time (it deletes nothing then); database errors reject.
 * Never decrypts, never touches a session that started at or after the
 * cutoff or anything belonging to one.
 */
export async function applyRetention(
  db: SquircleDb,
  retentionDays: number,
  now: number = Date.now(),
): Promise<RetentionResult> {
  if (!Number.isInteger(retentionDays) || retentionDays < 0)
    throw new RangeError(`retentionDays must be a whole number of days ≥ 0, not ${retentionDays}`);
  if (!Number.isFinite(now)) throw new RangeError('now must be a finite time in ms');
  if (retentionDays === 0) return { ...NOTHING };
  const cutoff = now - retentionDays * DAY_MS;
  const meta = db.meta as unknown as Table<MetaRow | RetentionRecord, string>;

  const tables = [db.sessions, db.markers, db.notes, db.messages, db.checklists, db.measures, db.outbox, db.meta];
  return db.transaction('rw', tables, async () => {
    const active = await db.meta.get('active');
    const keep = active?.id === 'active' ? active.sessionId : null;
    const ids = (await db.sessions.where('startedAt').below(cutoff).primaryKeys()).filter((id: Id) => id !== keep);

    const result: RetentionResult = { ...NOTHING };
    if (ids.length) {
      result.deletedMarkers = await db.markers.where('sessionId').anyOf(ids).delete();
      result.deletedNotes = await db.notes.where('sessionId').anyOf(ids).delete();
      result.deletedMessages = await db.messages.where('sessionId').anyOf(ids).delete();
      // A checklist's id is its session's.
      result.deletedChecklists = await db.checklists.where('id').anyOf(ids).delete();
      result.deletedMeasures = await db.measures.where('sessionId').anyOf(ids).delete();
      await db.sessions.bulkDelete(ids);
      result.deletedSessions = ids.length;
    }
    result.deletedOutbox = await db.outbox.filter((r) => r.createdAt < cutoff).delete();

    const previous = await meta.get(RETENTION_RECORD_ID);
    const last = previous?.id === RETENTION_RECORD_ID ? (previous as RetentionRecord) : undefined;
    const record: RetentionRecord =
      result.deletedSessions > 0
        ? {
            id: RETENTION_RECORD_ID,
            lastRunAt: now,
            retentionDays,
            deletedSessions: result.deletedSessions,
            deletedAt: now,
          }
        : {
            id: RETENTION_RECORD_ID,
            lastRunAt: now,
            retentionDays: last?.retentionDays ?? retentionDays,
            deletedSessions: last?.deletedSessions ?? 0,
            deletedAt: last?.deletedAt ?? null,
          };
    await meta.put(record);
    return result;
  });
}
