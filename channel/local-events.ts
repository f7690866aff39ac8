import { encodeHlc, decodeHlc, receive, tick, type Hlc } from '../domain/hlc';
import { fieldState, versionOf } from '../domain/merge';
import type { Group, Marker, Member, Note, Session } from '../domain/types';
import type { ChannelEvent, MarkerEvent, NoteRecordEvent, RosterEvent, SessionEvent } from './events';

/**
 * This context's hybrid logical clock. Each page and the background get
 * their own device suffix, so two contexts of one browser never mint the
 * same time.
 */
export class LocalClock {
  private last: Hlc | undefined;
  private readonly device: string;
  constructor(
    deviceId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.device = `${deviceId}~${Math.random().toString(36).slice(2, 6)}`;
  }
  next(): string {
    this.last = tick(this.last, this.now(), this.device);
    return encodeHlc(this.last);
  }
  /** After seeing a co-leader's time, our next edits sort after it. */
  saw(hlc: string): void {
    const remote = decodeHlc(hlc);
    if (remote) this.last = receive(this.last, remote, this.now(), this.device);
  }
}

export const markerEvent = (m: Marker): MarkerEvent => ({
  t: 'marker',
  id: m.id,
  sessionId: m.sessionId,
  at: m.at,
  wallAt: m.wallAt,
  category: m.category,
  memberId: m.memberId,
  text: m.text,
  auto: m.auto,
  deleted: m.deleted,
  author: m.author,
  hlc: m.hlc ?? '',
});

export const sessionEvent = (s: Session): SessionEvent => ({
  t: 'session',
  id: s.id,
  groupId: s.ownerId,
  startedAt: s.startedAt,
  endedAt: s.endedAt,
  pauses: s.pauses,
  hlc: s.hlc ?? '',
});

export const rosterEvent = (g: Group, members: Member[], hlc: string): RosterEvent => ({
  t: 'roster',
  group: { id: g.id, name: g.name, kind: g.kind, schedule: g.schedule },
  members: members.map((m) => ({ id: m.id, name: m.name, pronouns: m.pronouns, archived: m.archived })),
  hlc,
});

/** Everything this device holds of a session, for a co-leader's resync. */
export function sessionSnapshot(
  s: Session,
  markers: Marker[],
  notes: Pick<Note, 'template' | 'fields' | 'versions' | 'memberId'>[],
): ChannelEvent[] {
  const out: ChannelEvent[] = [sessionEvent(s)];
  for (const [memberId, status] of Object.entries(s.attendance)) {
    const hlc = s.attendanceHlc?.[memberId];
    if (hlc) out.push({ t: 'attendance', sessionId: s.id, memberId, status, hlc });
  }
  for (const m of markers) if (m.hlc) out.push(markerEvent(m));
  // Each head of each field: together they rebuild the field on the other side.
  // Client notes stay on this device.
  for (const n of notes.filter((x) => x.memberId === undefined))
    for (const [field, v] of Object.entries(n.versions ?? {}))
      for (const head of fieldState(v, n.fields[field]).heads)
        if (head.hlc)
          out.push({ t: 'note-field', sessionId: s.id, template: n.template, field, version: versionOf(head) });
  return out;
}

/** A signed session note as the record co-leaders share; undefined for a draft or a client note (never shared). */
export function noteRecordEvent(n: Note): NoteRecordEvent | undefined {
  if (!n.signed || n.memberId !== undefined) return undefined;
  return {
    t: 'note-record',
    note: {
      id: n.id,
      sessionId: n.sessionId,
      template: n.template,
      noteClass: n.noteClass,
      fields: n.fields,
      signed: n.signed,
      ...(n.amendments?.length && { amendments: n.amendments }),
      ...(n.cosigns?.length && { cosigns: n.cosigns }),
    },
  };
}
