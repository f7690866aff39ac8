/**
 * Sessions: one row per call (or hand-started session). Owner id, start time
 * and the salted meeting hash are in the clear for listing and suggesting;
 * platform, pauses and attendance are sealed.
 */
import Dexie from 'dexie';
import type { FieldCipher } from '../crypto/types';
import type { AttendanceStatus, Id, OwnerKind, Session } from '../domain/types';
import type { SessionRow, SquircleDb } from './db';
import { SealedTable, definedOnly } from './sealed-table';
import { sessionSpec } from './tables';

export interface SessionStart {
  ownerKind: OwnerKind;
  ownerId: Id;
  platform: string;
  meetingHash: string;
  startedAt?: number;
  attendance?: Record<Id, AttendanceStatus>;
}

export type SessionPatch = Partial<Pick<Session, 'platform' | 'meetingHash' | 'startedAt' | 'pauses' | 'attendance'>>;

/**
 * Every method throws VaultLockedError after lock and FieldOpenError on a
 * stored session that does not open; those naming an id throw
 * RecordNotFoundError when it does not exist.
 */
export class SessionsRepo {
  private readonly t: SealedTable<Session, SessionRow>;

  constructor(
    private readonly db: SquircleDb,
    cipher: FieldCipher,
    private readonly now: () => number = Date.now,
  ) {
    this.t = new SealedTable(db.sessions, sessionSpec, cipher);
  }

  get(id: Id): Promise<Session | undefined> {
    return this.t.get(id);
  }

  /** Writes the whole record as given: a co-leader's copy, already merged. */
  upsert(e: Session): Promise<Session> {
    return this.t.put(e);
  }

  start(input: SessionStart): Promise<Session> {
    const at = this.now();
    return this.t.put({
      id: crypto.randomUUID(),
      ownerKind: input.ownerKind,
      ownerId: input.ownerId,
      platform: input.platform,
      meetingHash: input.meetingHash,
      startedAt: input.startedAt ?? at,
      endedAt: null,
      pauses: [],
      attendance: input.attendance ?? {},
      updatedAt: at,
    });
  }

  /**
   * Reads, edits and writes one session in a single transaction, so two
   * changes made at once (attendance for two members, an end while
   * attendance is being set) both land; `edit` must not await.
   */
  change(id: Id, edit: (s: Session) => Session): Promise<Session> {
    return this.t.change(id, edit);
  }

  update(id: Id, patch: SessionPatch): Promise<Session> {
    return this.t.change(id, (s) => ({ ...s, ...definedOnly(patch), id, updatedAt: this.now() }));
  }

  /** Closes an open pause at the same moment, so paused time stays exact. */
  end(id: Id, endedAt: number = this.now(), hlc?: string): Promise<Session> {
    return this.t.change(id, (s) => ({
      ...s,
      endedAt,
      pauses: s.pauses.map(([from, to]): [number, number | null] => [from, to ?? endedAt]),
      ...(hlc !== undefined && { hlc }),
      updatedAt: this.now(),
    }));
  }

  /** Newest first; opens only this owner's rows. */
  async listByOwner(ownerId: Id): Promise<Session[]> {
    const rows = await this.db.sessions
      .where('[ownerId+startedAt]')
      .between([ownerId, Dexie.minKey], [ownerId, Dexie.maxKey])
      .reverse()
      .toArray();
    return this.t.openAll(rows);
  }

  /**
   * Who met at this meeting most recently, to suggest the group or client
   * when the same call link is opened again. Opens one row at most.
   * Undefined for '' or an unknown hash.
   */
  async suggestOwner(meetingHash: string): Promise<{ ownerKind: OwnerKind; ownerId: Id } | undefined> {
    if (meetingHash === '') return undefined;
    const rows = await this.db.sessions.where('meetingHash').equals(meetingHash).toArray();
    const latest = rows.reduce<SessionRow | undefined>((a, r) => (!a || r.startedAt > a.startedAt ? r : a), undefined);
    if (!latest) return undefined;
    const s = this.t.open(latest);
    return { ownerKind: s.ownerKind, ownerId: s.ownerId };
  }
}
