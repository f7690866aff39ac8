/**
 * Sessions: one row per call (or hand-started session). Only the start time
 * is in the clear (retention deletes by it while locked); owner, meeting
 * hash, platform, pauses and attendance are sealed, so listing one owner's
 * sessions or finding a meeting opens every session (a few hundred).
 */
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

  /** Newest first. */
  async listByOwner(ownerId: Id): Promise<Session[]> {
    return (await this.newestFirst()).filter((s) => s.ownerId === ownerId);
  }

  /**
   * Who met at this meeting most recently, to suggest the group or client
   * when the same call link is opened again. Undefined for '' or an unknown hash.
   */
  async suggestOwner(meetingHash: string): Promise<{ ownerKind: OwnerKind; ownerId: Id } | undefined> {
    if (meetingHash === '') return undefined;
    const s = (await this.newestFirst()).find((x) => x.meetingHash === meetingHash);
    return s && { ownerKind: s.ownerKind, ownerId: s.ownerId };
  }

  /** Every session, opened, newest first. */
  private async newestFirst(): Promise<Session[]> {
    const rows = await this.db.sessions.orderBy('startedAt').reverse().toArray();
    return this.t.openAll(rows);
  }
}
