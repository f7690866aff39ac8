/**
 * Supervision: a trainee shares chosen past sessions with a supervisor, who
 * comments per note and co-signs signed notes. What is shared is a copy
 * made at the moment of sharing (SharedSession); the supervisor's device
 * never holds the trainee's groups, rosters or live sessions.
 */
import { markerLine, type SessionExport } from './markdown';
import type { NoteAmendment, NoteCosign, NoteSeal } from './note-signing';
import type { PracticeDebrief } from './practice';
import type { PairDebrief } from './rehearsal';
import { templateById } from './templates';
import type { Note, NoteClass } from './types';

export interface SharedNote {
  id: string;
  sessionId: string;
  /** A client note's member; absent for the group note. */
  memberId?: string;
  template: string;
  noteClass: NoteClass;
  /** The template's name and its fields' labels, as the trainee's device has them. */
  label: string;
  labels: Record<string, string>;
  fields: Record<string, string>;
  signed?: NoteSeal;
  amendments?: NoteAmendment[];
  cosigns?: NoteCosign[];
}

export interface SharedSession {
  sessionId: string;
  groupName: string;
  startedAt: number;
  endedAt: number;
  /** Only the members a shared note or marker names. */
  members: { id: string; name: string }[];
  /** Each marker as one line: clock time, kind, member, text. */
  markers: string[];
  notes: SharedNote[];
  /** The co-leaders' parked thoughts, handed over at the session's end. */
  debrief: { author: string; text: string }[];
  sharedAt: number;
}

/** A supervisor's comment on one shared note. */
export interface SupervisionComment {
  id: string;
  sessionId: string;
  noteId: string;
  text: string;
  /** The supervisor as they name themselves. */
  name: string;
  at: number;
}

/** A shared note as the signatures see it (crypto/note-signature.ts checks a Note). */
export const sharedNoteAsNote = (n: SharedNote): Note => ({
  id: n.id,
  sessionId: n.sessionId,
  ...(n.memberId !== undefined && { memberId: n.memberId }),
  template: n.template as Note['template'],
  noteClass: n.noteClass,
  fields: n.fields,
  ...(n.signed && { signed: n.signed }),
  ...(n.amendments && { amendments: n.amendments }),
  ...(n.cosigns && { cosigns: n.cosigns }),
  updatedAt: 0,
});

/** How much a share holds, for the confirmation that names what goes. */
export interface ShareSummary {
  groupNote: boolean;
  clientNotes: number;
  markers: number;
  debrief: number;
}

/** Limits a share keeps to, so it fits one channel message. */
export const SHARE_LIMITS = { notes: 40, markers: 400, debrief: 200, members: 100 } as const;

/** The copy of an ended session a trainee shares: its notes (group and client), markers and debrief. */
export function sharedSession(
  x: SessionExport,
  debrief: { author: string; text: string }[],
  now: number,
): SharedSession {
  if (x.session.ownerKind !== 'group') throw new Error('Only a group session is shared with a supervisor.');
  if (x.session.endedAt === null) throw new Error('A session is shared once it has ended.');
  const names = new Map(x.members.map((m) => [m.id, m.name]));
  const notes = x.notes.map((n): SharedNote => {
    const template = templateById(x.templates, n.template);
    return {
      id: n.id,
      sessionId: n.sessionId,
      ...(n.memberId !== undefined && { memberId: n.memberId }),
      template: n.template,
      noteClass: n.noteClass,
      label: template.label,
      labels: Object.fromEntries(template.fields.map((f) => [f.id, f.label])),
      fields: { ...n.fields },
      ...(n.signed && { signed: n.signed }),
      ...(n.amendments?.length && { amendments: n.amendments }),
      ...(n.cosigns?.length && { cosigns: n.cosigns }),
    };
  });
  const live = x.markers.filter((m) => !m.deleted);
  const named = new Set([...notes.map((n) => n.memberId), ...live.map((m) => m.memberId)]);
  const share: SharedSession = {
    sessionId: x.session.id,
    groupName: x.owner.name,
    startedAt: x.session.startedAt,
    endedAt: x.session.endedAt,
    members: x.members.filter((m) => named.has(m.id)).map((m) => ({ id: m.id, name: m.name })),
    markers: live.map((m) => markerLine(m, names, x.custom)),
    notes,
    debrief: debrief.map((d) => ({ author: d.author, text: d.text })),
    sharedAt: now,
  };
  if (
    share.notes.length > SHARE_LIMITS.notes ||
    share.markers.length > SHARE_LIMITS.markers ||
    share.debrief.length > SHARE_LIMITS.debrief ||
    share.members.length > SHARE_LIMITS.members
  )
    throw new Error('This session is too large to share in one piece.');
  return share;
}

export const shareSummary = (s: SharedSession): ShareSummary => ({
  groupNote: s.notes.some((n) => n.memberId === undefined),
  clientNotes: s.notes.filter((n) => n.memberId !== undefined).length,
  markers: s.markers.length,
  debrief: s.debrief.length,
});

/** One scripted moment of a shared practice debrief, as the trainee met it. */
export interface SharedPracticeMoment {
  id: string;
  what: string;
  noticed: boolean;
  /** Seconds as lived from the moment to the trainee's mark that noticed it. */
  afterSeconds: number | null;
  namedAloud: boolean;
  /** In a pair rehearsal: whether the co-leader noticed it. */
  coLeaderNoticed?: boolean;
}

/**
 * A practice debrief shared with a supervisor: the scenario's title and how
 * the trainee met each moment. Practice holds no member or clinical data,
 * and is kept on the supervisor's side apart from shared sessions.
 */
export interface SharedPractice {
  id: string;
  title: string;
  /** Rehearsed as a pair with a co-leader, or alone. */
  pair: boolean;
  speed: 1 | 2;
  startedAt: number;
  moments: SharedPracticeMoment[];
  sharedAt: number;
}

/** Most moments a shared practice debrief carries (scenarios hold far fewer). */
export const PRACTICE_SHARE_MOMENTS = 60;

/**
 * The key a shared practice debrief is kept and commented under: it never
 * names a session, so no session's record or comment can be taken for it.
 */
export const practiceShareKey = (debriefId: string) => `practice:${debriefId}`;

/** The copy of a kept practice debrief (solo or pair) a trainee shares. */
export function sharedPractice(d: PracticeDebrief | PairDebrief, now: number): SharedPractice {
  if (d.moments.length > PRACTICE_SHARE_MOMENTS) throw new Error('This debrief is too large to share in one piece.');
  const moments =
    'kind' in d
      ? d.moments.map((m): SharedPracticeMoment => {
          const other = d.me === 'a' ? 'b' : 'a';
          return {
            id: m.id,
            what: m.what,
            noticed: m.after[d.me] !== null,
            afterSeconds: m.after[d.me],
            namedAloud: m.aloud[d.me],
            coLeaderNoticed: m.after[other] !== null,
          };
        })
      : d.moments.map((m): SharedPracticeMoment => ({
          id: m.id,
          what: m.what,
          noticed: m.noticed,
          afterSeconds: m.afterSeconds,
          namedAloud: m.namedAloud,
        }));
  return {
    id: d.id,
    title: d.title,
    pair: 'kind' in d,
    speed: d.speed,
    startedAt: d.startedAt,
    moments,
    sharedAt: now,
  };
}
