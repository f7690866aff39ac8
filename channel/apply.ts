import type { FieldCipher } from '../crypto/types';
import { compareHlc } from '../domain/hlc';
import { noteTemplates, templateById, type NoteTemplate } from '../domain/templates';
import type { Id, Marker, Note, NoteTemplateId, Session } from '../domain/types';
import { setActiveSession, activeSessionId } from '../storage/active-session';
import type { SquircleDb } from '../storage/db';
import { MarkersRepo } from '../storage/markers-repo';
import { NotesRepo } from '../storage/notes-repo';
import { GroupsRepo, MembersRepo } from '../storage/roster-repo';
import { SessionsRepo } from '../storage/sessions-repo';
import { isSignalCategory, type BackchannelAction } from '../domain/modes';
import { MessagesRepo } from '../storage/messages-repo';
import { onTableChanged } from '../storage/table-changes';
import { checkCosigns, checkSeals } from '../crypto/note-signature';
import type { SignedParts } from '../domain/note-signing';
import type { SupervisionApplier } from './supervision';
import type {
  ChannelEvent,
  MarkerEvent,
  MessageEvent,
  NoteFieldEvent,
  NoteRecordEvent,
  PracticeEvent,
  RosterEvent,
  SessionEvent,
} from './events';

/** Every signature and co-signature of a note record, with the key each names. */
const signaturesOf = (n: SignedParts): { by: string; sig: string }[] =>
  [...(n.signed ? [n.signed] : []), ...(n.amendments ?? []), ...(n.cosigns ?? [])].map(({ by, sig }) => ({ by, sig }));

/**
 * Applies a co-leader's events to this device's store. Every rule is
 * idempotent and order-free (latest HLC wins; note fields keep every
 * concurrent text, domain/merge.ts), so duplicates, redeliveries and resyncs converge.
 * Events only touch the group this channel is bound to.
 */
export class Applier {
  private readonly markers: MarkersRepo;
  private readonly sessions: SessionsRepo;
  private readonly notes: NotesRepo;
  private readonly groups: GroupsRepo;
  private readonly members: MembersRepo;

  private readonly messages: MessagesRepo;
  /**
   * Sessions found to be this group's. A session's owner never changes, so
   * a marker for a known session needs no read of it; any change to the
   * sessions table (one deleted, say) forgets them all.
   */
  private readonly owned = new Set<Id>();
  private readonly stopWatching: () => void;

  /**
   * `may` answers, for this device's own settings, whether the group's
   * back-channel mode allows an action; what it forbids is refused here
   * too, whatever the sender's device allowed, and reported to `refused`.
   * A note field is taken only in one of `templates` (the built-in ones,
   * and the clinic's where this device's policy has them). A pair
   * rehearsal's events go to `practice` and are never stored.
   */
  constructor(
    private readonly db: SquircleDb,
    cipher: FieldCipher,
    private readonly groupId: string,
    private readonly may: (action: BackchannelAction) => Promise<boolean> = async () => true,
    private readonly refused: (reason: string) => Promise<void> = async () => undefined,
    private readonly templates: readonly NoteTemplate[] = noteTemplates(),
    private readonly practice: (groupId: string, e: PracticeEvent) => void = () => undefined,
    /** On a supervision channel (channel/supervision.ts): what its events are applied with. */
    private readonly supervision?: SupervisionApplier,
  ) {
    this.messages = new MessagesRepo(db, cipher);
    this.markers = new MarkersRepo(db, cipher);
    this.sessions = new SessionsRepo(db, cipher);
    this.notes = new NotesRepo(db, cipher);
    this.groups = new GroupsRepo(db, cipher);
    this.members = new MembersRepo(db, cipher);
    this.stopWatching = onTableChanged(db, 'sessions', () => this.owned.clear());
  }

  /** Stops watching the store; call when done with this Applier. */
  dispose(): void {
    this.stopWatching();
  }

  /**
   * Returns how many events changed something here. Markers in a row are
   * taken together (markerRun()): shown at once and stored in one write that
   * is not waited for past its first try. `senderKey` is the signing key
   * (base64) the leaders verified for the device that sent the events, if
   * they did: a signature new to this device on a note record is taken only
   * when it is that key's. With `storing`, a run of markers is handed to it
   * as soon as its write was started (the markers shown), and apply() goes
   * on without waiting for the write to commit; those markers are then
   * counted by what `storing` gets, not in what apply() returns.
   */
  async apply(
    events: ChannelEvent[],
    senderKey?: string,
    storing?: (written: Promise<number>) => void,
  ): Promise<number> {
    let changed = 0;
    for (let i = 0; i < events.length;) {
      const run: MarkerEvent[] = [];
      for (let e = events[i]; e?.t === 'marker'; e = events[++i]) run.push(e);
      if (run.length) {
        const { written } = await this.markerRun(run);
        if (storing) storing(written);
        else changed += await written;
      } else if (await this.one(events[i++]!, senderKey)) changed++;
    }
    return changed;
  }

  private async one(e: ChannelEvent, senderKey: string | undefined): Promise<boolean> {
    switch (e.t) {
      case 'session':
        return this.session(e);
      case 'attendance': {
        const s = await this.ownSession(e.sessionId);
        if (!s) return false;
        const had = s.attendanceHlc?.[e.memberId];
        if (had && compareHlc(had, e.hlc) >= 0) return false;
        await this.sessions.upsert({
          ...s,
          attendance: { ...s.attendance, [e.memberId]: e.status },
          attendanceHlc: { ...s.attendanceHlc, [e.memberId]: e.hlc },
        });
        return true;
      }
      case 'note-field':
        return this.noteField(e);
      case 'note-record':
        return this.noteRecord(e, senderKey);
      case 'roster':
        return this.roster(e);
      case 'message':
        return this.message(e);
      case 'practice':
        // A rehearsal's word changes nothing stored here: it goes to the practice call's rehearsal.
        this.practice(this.groupId, e);
        return false;
      case 'sv-share':
      case 'sv-practice':
      case 'sv-comment':
      case 'sv-cosign':
        return this.supervision?.apply(e, senderKey) ?? false;
      default:
        return false;
    }
  }

  /** Only sessions of this channel's group. */
  private async ownSession(id: string): Promise<Session | undefined> {
    const s = await this.sessions.get(id);
    const own = s && s.ownerKind === 'group' && s.ownerId === this.groupId ? s : undefined;
    if (own) this.owned.add(id);
    return own;
  }

  private async isOwnSession(id: string): Promise<boolean> {
    return this.owned.has(id) || !!(await this.ownSession(id));
  }

  /**
   * A co-leader's markers, of this group's sessions and allowed by its mode:
   * each shown by the live lists in the task that offers it, and written in
   * one transaction started in that same task (MarkersRepo.offerMany). A
   * failed write leaves them listed and is tried again in the background,
   * so the channel's next envelope never waits for it. `written` resolves
   * with how many were written at the first try.
   */
  private async markerRun(events: MarkerEvent[]): Promise<{ written: Promise<number> }> {
    const own = new Map<Id, boolean>();
    for (const id of new Set(events.map((e) => e.sessionId))) own.set(id, await this.isOwnSession(id));
    let taken = events.filter((e) => own.get(e.sessionId));
    if (taken.some((e) => isSignalCategory(e.category)) && !(await this.may('signal'))) {
      for (const e of taken) if (isSignalCategory(e.category)) await this.refused('mode-forbids-signal');
      taken = taken.filter((e) => !isSignalCategory(e.category));
    }
    // Each kept only if newer than what is stored (latest HLC wins).
    return { written: this.markers.offerMany(taken.map(markerOf)) };
  }

  /** A session the co-leader started becomes this device's session too. */
  private async session(e: SessionEvent): Promise<boolean> {
    if (e.groupId !== this.groupId) return false;
    const local = await this.sessions.get(e.id);
    if (local && (local.ownerKind !== 'group' || local.ownerId !== this.groupId)) return false;
    if (local?.hlc && compareHlc(local.hlc, e.hlc) >= 0) return false;
    const next: Session = {
      id: e.id,
      ownerKind: 'group',
      ownerId: this.groupId,
      platform: local?.platform ?? 'none',
      meetingHash: local?.meetingHash ?? '',
      startedAt: e.startedAt,
      endedAt: e.endedAt,
      pauses: e.pauses,
      attendance: local?.attendance ?? {},
      attendanceHlc: local?.attendanceHlc,
      hlc: e.hlc,
      updatedAt: Date.now(),
    };
    await this.sessions.upsert(next);
    const active = await activeSessionId(this.db);
    if (e.endedAt === null && !active) await setActiveSession(this.db, e.id);
    if (e.endedAt !== null && active === e.id) await setActiveSession(this.db, null);
    return true;
  }

  /**
   * A co-leader's signed record of a session note: taken only when every
   * signature and co-signature in it verifies, in a template this device
   * knows, for this group's session, and every signature this device does
   * not hold yet was made with the sender's verified key (a co-leader
   * cannot pass off a signature as someone else's, even a valid one).
   */
  private async noteRecord(e: NoteRecordEvent, senderKey: string | undefined): Promise<boolean> {
    const n = e.note;
    if (!(await this.ownSession(n.sessionId))) return false;
    const stored = await this.notes.get(n.sessionId, n.template as NoteTemplateId);
    const held = new Set(signaturesOf(stored ?? {}).map((s) => s.sig));
    const fresh = signaturesOf(n).filter((s) => !held.has(s.sig));
    if (fresh.some((s) => s.by !== senderKey)) {
      await this.refused('note-signer-not-sender');
      return false;
    }
    let template;
    try {
      template = templateById(this.templates, n.template as NoteTemplateId);
    } catch {
      return false;
    }
    if (template.noteClass !== n.noteClass) return false;
    const note: Note = {
      id: n.id,
      sessionId: n.sessionId,
      template: template.id,
      noteClass: template.noteClass,
      fields: { ...n.fields },
      signed: n.signed,
      ...(n.amendments?.length && { amendments: n.amendments }),
      ...(n.cosigns?.length && { cosigns: n.cosigns }),
      updatedAt: Date.now(),
    };
    if (!checkSeals(note).every((c) => c.valid) || !checkCosigns(note).every((c) => c.valid)) return false;
    return this.notes.mergeRecord(note);
  }

  private async noteField(e: NoteFieldEvent): Promise<boolean> {
    if (!(await this.ownSession(e.sessionId))) return false;
    let template;
    try {
      template = templateById(this.templates, e.template as NoteTemplateId);
    } catch {
      return false;
    }
    if (!template.fields.some((f) => f.id === e.field)) return false;
    return this.notes.merge(
      { sessionId: e.sessionId, template: template.id, noteClass: template.noteClass },
      e.field,
      e.version,
    );
  }

  private async message(e: MessageEvent): Promise<boolean> {
    if (!(await this.ownSession(e.sessionId))) return false;
    if (!(await this.may(e.kind === 'sent' ? 'send-now' : 'park'))) {
      await this.refused(e.kind === 'sent' ? 'mode-forbids-message' : 'mode-forbids-park');
      return false;
    }
    if (await this.messages.get(e.id)) return false;
    await this.messages.put({
      id: e.id,
      sessionId: e.sessionId,
      kind: e.kind,
      direction: 'in',
      text: e.text,
      author: e.author,
      createdAt: e.createdAt,
      deliveredAt: Date.now(),
      updatedAt: Date.now(),
    });
    return true;
  }

  /** The inviter's roster: same ids on both devices, so markers name the same members. */
  private async roster(e: RosterEvent): Promise<boolean> {
    if (e.group.id !== this.groupId) return false;
    const now = Date.now();
    const g = await this.groups.get(e.group.id);
    await this.groups.upsert({
      id: e.group.id,
      name: e.group.name,
      kind: e.group.kind,
      schedule: e.group.schedule,
      coLeaders: g?.coLeaders ?? [],
      archived: g?.archived ?? false,
      // The back-channel mode is each leader's own rule on their device (it decides what arrives here);
      // the inviter's roster, sent again at every resync, must not reset it.
      ...(g?.backchannelMode !== undefined && { backchannelMode: g.backchannelMode }),
      createdAt: g?.createdAt ?? now,
      updatedAt: now,
    });
    for (const m of e.members) {
      const had = await this.members.get(m.id);
      await this.members.upsert({
        id: m.id,
        groupId: e.group.id,
        name: m.name,
        pronouns: m.pronouns,
        archived: m.archived,
        // A dismissal of the member page's flag is this leader's own; the co-leader's roster does not clear it.
        ...(had?.patternDismissedThrough !== undefined && { patternDismissedThrough: had.patternDismissedThrough }),
        createdAt: had?.createdAt ?? now,
        updatedAt: now,
      });
    }
    return true;
  }
}

/** A co-leader's marker as this device stores it. */
function markerOf(e: MarkerEvent): Marker {
  return {
    id: e.id,
    sessionId: e.sessionId,
    at: e.at,
    wallAt: e.wallAt,
    category: e.category,
    memberId: e.memberId,
    text: e.text,
    auto: e.auto,
    author: e.author,
    deleted: e.deleted,
    hlc: e.hlc,
    updatedAt: Date.now(),
  };
}
