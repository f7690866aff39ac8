import { markAt } from '../domain/clock';
import type { AttendanceStatus, Id, Marker, OwnerKind, Session } from '../domain/types';
import type { FieldCipher } from '../crypto/types';
import { activeSessionId, setActiveSession } from '../storage/active-session';
import type { SquircleDb } from '../storage/db';
import { MarkersRepo } from '../storage/markers-repo';
import { MembersRepo } from '../storage/roster-repo';
import { SessionsRepo } from '../storage/sessions-repo';

export interface MarkRequest {
  category: string;
  memberId?: Id | null;
  text?: string;
  backMs?: number;
  auto?: boolean;
}

/**
 * What both the panel and the background do to a session: the same code
 * for a click, a shortcut and detection, so they cannot drift apart.
 */
export class SessionActions {
  readonly sessions: SessionsRepo;
  readonly markers: MarkersRepo;

  constructor(
    readonly db: SquircleDb,
    private readonly cipher: FieldCipher,
    readonly author: string,
    private readonly now: () => number = Date.now,
  ) {
    this.sessions = new SessionsRepo(db, cipher, now);
    this.markers = new MarkersRepo(db, cipher, now);
  }

  members(): MembersRepo {
    return new MembersRepo(this.db, this.cipher, this.now);
  }

  async active(): Promise<Session | null> {
    const id = await activeSessionId(this.db);
    if (!id) return null;
    const s = await this.sessions.get(id);
    return s && s.endedAt === null ? s : null;
  }

  async start(ownerKind: OwnerKind, ownerId: Id, platform: string, meetingHash: string, attendance: Record<Id, AttendanceStatus> = {}): Promise<Session> {
    const running = await this.active();
    if (running) await this.sessions.end(running.id);
    const s = await this.sessions.start({ ownerKind, ownerId, platform, meetingHash, attendance });
    await setActiveSession(this.db, s.id);
    return s;
  }

  async pause(id: Id): Promise<void> {
    const s = await this.sessions.get(id);
    if (!s || s.pauses.some(([, to]) => to === null)) return;
    await this.sessions.update(id, { pauses: [...s.pauses, [this.now(), null]] });
  }

  async resume(id: Id): Promise<void> {
    const s = await this.sessions.get(id);
    if (!s) return;
    const t = this.now();
    await this.sessions.update(id, { pauses: s.pauses.map(([a, b]): [number, number | null] => [a, b ?? t]) });
  }

  async end(id: Id): Promise<void> {
    await this.sessions.end(id);
    if ((await activeSessionId(this.db)) === id) await setActiveSession(this.db, null);
  }

  async setAttendance(id: Id, memberId: Id, status: AttendanceStatus): Promise<void> {
    const s = await this.sessions.get(id);
    if (!s) return;
    await this.sessions.update(id, { attendance: { ...s.attendance, [memberId]: status } });
  }

  /** Records a moment on a session's clock; `backMs` marks that long ago. */
  async mark(session: Session, req: MarkRequest): Promise<Marker> {
    const wall = this.now();
    return this.markers.add({
      sessionId: session.id,
      at: markAt(session, wall, req.backMs ?? 0),
      wallAt: wall - (req.backMs ?? 0),
      category: req.category,
      memberId: req.memberId ?? null,
      text: req.text ?? '',
      auto: req.auto ?? false,
      author: this.author,
    });
  }
}
