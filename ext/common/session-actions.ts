import type { ChannelEvent } from '../../channel/events';
import { LocalClock, markerEvent, sessionEvent } from '../../channel/local-events';
import { markAt } from '../../domain/clock';
import type { NoteTemplate } from '../../domain/templates';
import type { AttendanceStatus, Id, Marker, OwnerKind, Session } from '../../domain/types';
import type { FieldCipher } from '../../crypto/types';
import { activeSessionId, setActiveSession } from '../../storage/active-session';
import type { SquircleDb } from '../../storage/db';
import { MarkersRepo } from '../../storage/markers-repo';
import { NotesRepo } from '../../storage/notes-repo';
import { MembersRepo } from '../../storage/roster-repo';
import { SessionsRepo } from '../../storage/sessions-repo';

export interface MarkRequest {
  category: string;
  memberId?: Id | null;
  text?: string;
  backMs?: number;
  auto?: boolean;
}

/**
 * Where a group session's changes go to reach the co-leader (none for a
 * solo therapist). A sink that sent the events at once resolves true and
 * calls `handedOff` once they went through the broker (delivered back to
 * this device); one that queued them in the outbox resolves false or
 * nothing, and its caller goes on then.
 */
export type Sink = (groupId: string, events: ChannelEvent[], handedOff?: () => void) => Promise<boolean | void>;

/** The longest a marker's local write waits for its co-leader copy to go through the broker first. */
const HAND_OFF_WAIT_MS = 100;

/**
 * What both the panel and the background do to a session: the same code
 * for a click, a shortcut and detection, so they cannot drift apart. Every
 * change is stamped with this context's clock and handed to the sink.
 */
export class SessionActions {
  readonly sessions: SessionsRepo;
  readonly markers: MarkersRepo;
  readonly clock: LocalClock;
  /** Per group: the hand-off running (tail) and the batch waiting for it (next). */
  private readonly lanes = new Map<string, { tail: Promise<void>; next: Batch | undefined }>();

  constructor(
    readonly db: SquircleDb,
    private readonly cipher: FieldCipher,
    readonly author: string,
    private readonly now: () => number = Date.now,
    private readonly sink: Sink = async () => undefined,
  ) {
    this.sessions = new SessionsRepo(db, cipher, now);
    this.markers = new MarkersRepo(db, cipher, now);
    this.clock = new LocalClock(author, now);
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

  async start(
    ownerKind: OwnerKind,
    ownerId: Id,
    platform: string,
    meetingHash: string,
    attendance: Record<Id, AttendanceStatus> = {},
  ): Promise<Session> {
    const running = await this.active();
    if (running) await this.end(running.id);
    const started = await this.sessions.start({ ownerKind, ownerId, platform, meetingHash, attendance });
    const s = await this.sessions.upsert({ ...started, hlc: this.clock.next() });
    await setActiveSession(this.db, s.id);
    await this.share(s, [sessionEvent(s)]);
    return s;
  }

  async pause(id: Id): Promise<void> {
    await this.changeSession(id, (s) =>
      s.endedAt !== null || s.pauses.some(([, to]) => to === null)
        ? null
        : { pauses: [...s.pauses, [this.now(), null]] },
    );
  }

  async resume(id: Id): Promise<void> {
    const t = this.now();
    await this.changeSession(id, (s) => ({ pauses: s.pauses.map(([a, b]): [number, number | null] => [a, b ?? t]) }));
  }

  async end(id: Id): Promise<void> {
    const s = await this.sessions.end(id, this.now(), this.clock.next());
    if ((await activeSessionId(this.db)) === id) await setActiveSession(this.db, null);
    await this.share(s, [sessionEvent(s)]);
  }

  async setAttendance(id: Id, memberId: Id, status: AttendanceStatus): Promise<void> {
    if (!(await this.sessions.get(id))) return;
    const hlc = this.clock.next();
    // Read and written in one transaction: attendance set for two members at once keeps both.
    const next = await this.sessions.change(id, (s) => ({
      ...s,
      attendance: { ...s.attendance, [memberId]: status },
      attendanceHlc: { ...s.attendanceHlc, [memberId]: hlc },
      updatedAt: this.now(),
    }));
    await this.share(next, [{ t: 'attendance', sessionId: id, memberId, status, hlc }]);
  }

  /**
   * Records a moment on a session's clock; `backMs` marks that long ago.
   * The co-leader's copy goes first: this marker is written here once the
   * broker delivered its envelope back to this device, as it delivers it
   * to the co-leader (at most HAND_OFF_WAIT_MS later), because writing it
   * here shows it in this panel, and that write and rendering take the
   * processor time the envelope's way to the co-leader needs where the
   * browsers, their network services and a local broker share a few cores
   * (BENCHMARKS.md, co-leader channel). Its row shows here a broker round
   * trip later, well under what a leader can tell apart. If the local
   * write fails the mark still fails here and says so; the co-leader may
   * keep the moment, and the channel offers it back once there is room.
   */
  async mark(session: Session, req: MarkRequest): Promise<Marker> {
    const wall = this.now();
    const input = {
      id: crypto.randomUUID(),
      sessionId: session.id,
      at: markAt(session, wall, req.backMs ?? 0),
      wallAt: wall - (req.backMs ?? 0),
      category: req.category,
      memberId: req.memberId ?? null,
      text: req.text ?? '',
      auto: req.auto ?? false,
      author: this.author,
      hlc: this.clock.next(),
    };
    let handedOff!: () => void;
    const handed = new Promise<void>((resolve) => (handedOff = resolve));
    const shared = this.share(session, [markerEvent({ ...input, deleted: false, updatedAt: wall })], handedOff);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const saved = Promise.race([
      handed,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, HAND_OFF_WAIT_MS))),
    ]).then(() => {
      clearTimeout(timer);
      return this.markers.add(input);
    });
    const m = await saved;
    await shared;
    return m;
  }

  async editMarker(id: Id, patch: Partial<Pick<Marker, 'category' | 'memberId' | 'text' | 'deleted'>>): Promise<void> {
    const m = await this.markers.get(id);
    if (!m) return;
    const next = await this.markers.upsert({ ...m, ...patch, hlc: this.clock.next(), updatedAt: this.now() });
    const s = await this.sessions.get(m.sessionId);
    if (s) await this.share(s, [markerEvent(next)]);
  }

  /**
   * Saves the note fields a leader changed, each superseding what they had
   * on screen (`shown`, see NotesRepo.save), and shares the new versions.
   * Returns each saved field's new version id (its hlc).
   */
  async saveNote(
    sessionId: Id,
    template: NoteTemplate,
    changed: Record<string, string>,
    shown?: Record<string, string[]>,
  ): Promise<Record<string, string>> {
    const notes = new NotesRepo(this.db, this.cipher, this.now);
    const versions = await notes.save(
      { sessionId, template: template.id, noteClass: template.noteClass },
      changed,
      { author: this.author, next: () => this.clock.next() },
      shown,
    );
    const s = await this.sessions.get(sessionId);
    if (s)
      await this.share(
        s,
        Object.entries(versions).map(([field, version]) => ({
          t: 'note-field',
          sessionId,
          template: template.id,
          field,
          version,
        })),
      );
    return Object.fromEntries(Object.entries(versions).map(([field, version]) => [field, version.hlc]));
  }

  /** Changes a session in one transaction; `patch` sees the stored row and returns null to leave it. */
  private async changeSession(id: Id, patch: (s: Session) => Partial<Session> | null): Promise<void> {
    if (!(await this.sessions.get(id))) return;
    let changed = false;
    const next = await this.sessions.change(id, (s) => {
      const p = patch(s);
      if (!p) return s;
      changed = true;
      return { ...s, ...p, hlc: this.clock.next(), updatedAt: this.now() };
    });
    if (changed) await this.share(next, [sessionEvent(next)]);
  }

  /**
   * Only group sessions are shared; a failed hand-off never undoes the local
   * change. Events go to the sink at once, in order; those shared while the
   * group's previous hand-off is still running go together in the next one,
   * so a burst of markers is sealed into a few envelopes rather than one
   * each (every envelope costs a signature here and a verification there).
   * Resolves once this change's events were handed to the sink;
   * `handedOff` is called once they went through the broker when the sink
   * sent them at once, else once they went to the outbox or failed to (and
   * at once for a session that is not shared).
   */
  private share(s: Session, events: ChannelEvent[], handedOff?: () => void): Promise<void> {
    if (s.ownerKind !== 'group') {
      handedOff?.();
      return Promise.resolve();
    }
    const groupId = s.ownerId;
    let lane = this.lanes.get(groupId);
    if (!lane) this.lanes.set(groupId, (lane = { tail: Promise.resolve(), next: undefined }));
    if (lane.next) {
      lane.next.events.push(...events);
      if (handedOff) lane.next.handedOff.push(handedOff);
      return lane.next.sent;
    }
    const batch: Batch = { events: [...events], handedOff: handedOff ? [handedOff] : [], sent: Promise.resolve() };
    const l = lane;
    l.next = batch;
    batch.sent = l.tail.then(async () => {
      // From here on, what is shared waits for the next hand-off.
      if (l.next === batch) l.next = undefined;
      let told = false;
      const tell = () => {
        if (told) return;
        told = true;
        for (const f of batch.handedOff) f();
      };
      let later = false;
      try {
        later = (await this.sink(groupId, batch.events, tell)) === true;
      } catch (e) {
        console.warn('Could not queue a change for the co-leader', e instanceof Error ? e.name : '');
      } finally {
        if (!later) tell();
      }
    });
    l.tail = batch.sent;
    return batch.sent;
  }
}

/** Changes waiting for a group's next hand-off to the sink, and who waits for it. */
interface Batch {
  events: ChannelEvent[];
  handedOff: (() => void)[];
  sent: Promise<void>;
}
