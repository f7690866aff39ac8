import type { AttendanceStatus, GroupKind } from '../domain/types';
import { wellFormedVersion, type FieldVersion } from '../domain/merge';
import type { NoteAmendment, NoteCosign, NoteSeal } from '../domain/note-signing';
import {
  PRACTICE_SHARE_MOMENTS,
  SHARE_LIMITS,
  type SharedPractice,
  type SharedSession,
  type SupervisionComment,
} from '../domain/supervision';
import { commitShape, validEpoch, type Commit, type SignedPrekey } from '../crypto';

/**
 * What travels inside an envelope. Every event is checked on arrival like
 * any untrusted input: a paired co-leader's device may still be buggy or
 * compromised, and a bad event must never crash the panel.
 */
export interface MarkerEvent {
  t: 'marker';
  id: string;
  sessionId: string;
  at: number;
  wallAt: number;
  category: string;
  memberId: string | null;
  text: string;
  auto: boolean;
  deleted: boolean;
  author: string;
  hlc: string;
}
export interface SessionEvent {
  t: 'session';
  id: string;
  groupId: string;
  startedAt: number;
  endedAt: number | null;
  pauses: [number, number | null][];
  hlc: string;
}
export interface AttendanceEvent {
  t: 'attendance';
  sessionId: string;
  memberId: string;
  status: AttendanceStatus;
  hlc: string;
}
export interface NoteFieldEvent {
  t: 'note-field';
  sessionId: string;
  template: string;
  field: string;
  version: FieldVersion;
}
export interface RosterEvent {
  t: 'roster';
  group: { id: string; name: string; kind: GroupKind; schedule: string };
  members: { id: string; name: string; pronouns: string; archived: boolean }[];
  hlc: string;
}
export interface PresenceEvent {
  t: 'presence';
  state: 'here' | 'away';
  at: number;
}
/** Ask the other side to send again what it has for these sessions. */
export interface ResyncEvent {
  t: 'resync';
  sessionIds: string[];
}

/** A thought with content: sent now (counted) or parked and handed over at the session's end. */
export interface MessageEvent {
  t: 'message';
  id: string;
  sessionId: string;
  kind: 'sent' | 'parked';
  text: string;
  author: string;
  createdAt: number;
}

/**
 * Anti-entropy (see digest.ts): a short summary of what the sender holds of
 * one session, so a receiver holding something else can say so. `members`
 * summarises the channel's member list the same way.
 */
export interface DigestEvent {
  t: 'digest';
  sessionId: string;
  /** 32 lowercase hex: a hash over the session's item keys and versions. */
  hash: string;
  /** How many items that hash covers. */
  n: number;
  /** 32 lowercase hex: a hash over the member identities the sender pins. */
  members: string;
}
/** The answer to a digest that differed: every item key the sender holds, each with a short tag of its version. */
export interface HaveEvent {
  t: 'have';
  /** The device id the answer is for; others ignore it. */
  to: string;
  sessionId: string;
  /** The digest this answers: its sender compares against what it held then, not what it made since. */
  re: string;
  /** [item key, 12 lowercase hex version tag] */
  items: [string, string][];
  /**
   * Only these ranges of item keys (digest.ts, rangeOf), when the answer
   * covers part of a large session: keys outside them are neither sent nor
   * asked for. Absent: the whole session.
   */
  ranges?: number[];
}
/**
 * The answer to a digest that differed, for a session with more items than
 * one have carries: a hash per range of item keys (digest.ts, rangeHashes).
 * The digest's sender answers with a have for the ranges whose hashes differ.
 */
export interface RangesEvent {
  t: 'ranges';
  to: string;
  sessionId: string;
  /** The digest this answers. */
  re: string;
  /** RANGES entries, each 16 lowercase hex. */
  hashes: string[];
}
/** Items the sender lacks or holds another version of: the receiver sends them. */
export interface WantEvent {
  t: 'want';
  to: string;
  sessionId: string;
  keys: string[];
}
/** The inviter's member list, after it added a co-leader: others pin the new member. */
export interface MembersEvent {
  t: 'members';
  members: { v: 1; deviceId: string; signPk: string; boxPk: string }[];
}

/**
 * Opens a new epoch (crypto/epoch-commit.ts): sent on the channel's first
 * epoch, whose key every member holds, so a member that missed an epoch
 * still hears of the next one. Handled by the engine, never applied.
 */
export interface CommitEvent {
  t: 'commit';
  commit: Commit;
}

/** A member's fresh signed ephemeral key for the next epoch's commit; sent like a commit. */
export interface PrekeyEvent {
  t: 'prekey';
  prekey: SignedPrekey;
}

/**
 * A signed session note as a record: sent when a leader signs, amends or
 * co-signs it, so each co-leader holds the same record with every signature
 * (channel/apply.ts checks each before taking it).
 */
export interface NoteRecordEvent {
  t: 'note-record';
  note: {
    id: string;
    sessionId: string;
    template: string;
    noteClass: 'progress' | 'process';
    fields: Record<string, string>;
    signed: NoteSeal;
    amendments?: NoteAmendment[];
    cosigns?: NoteCosign[];
  };
}

/** What a pair rehearsal's word says (ext/panel/rehearsal.ts). */
export const PRACTICE_ACTIONS = [
  'invite',
  'join',
  'decline',
  'sync',
  'pause',
  'resume',
  'speed',
  'mark',
  'stop',
  'end',
] as const;
export type PracticeAction = (typeof PRACTICE_ACTIONS)[number];

/**
 * A pair rehearsal on the practice call (domain/rehearsal.ts): the shared
 * scenario clock and each leader's practice marks. Practice only: it is
 * never stored with clinical records (channel/apply.ts hands it on).
 */
export interface PracticeEvent {
  t: 'practice';
  rehearsal: string;
  scenario: string;
  version: number;
  action: PracticeAction;
  /** The sender's role: 'a' started the rehearsal, 'b' joined it. */
  from: 'a' | 'b';
  /** Counts up per sender and rehearsal: an older word never moves the clock back. */
  seq: number;
  speed: 1 | 2;
  playing: boolean;
  /** The sender's scenario time when it sent this, in ms. */
  scenarioMs: number;
  /** The sender's Date.now() then. */
  sentAt: number;
  /** The sender's marks: the new one ('mark'), or all of them ('stop', 'end'). */
  marks: { id: string; family: string; aloud: boolean; scenarioMs: number; speed: 1 | 2 }[];
}

/** A trainee's session, shared with their supervisor (domain/supervision.ts); only on a supervision channel. */
export interface SupervisionShareEvent {
  t: 'sv-share';
  share: SharedSession;
}
/** A trainee's practice debrief, shared with their supervisor; only on a supervision channel. */
export interface SupervisionPracticeEvent {
  t: 'sv-practice';
  practice: SharedPractice;
}
/** A supervisor's comment on one shared note, or on a shared practice debrief. */
export interface SupervisionCommentEvent {
  t: 'sv-comment';
  comment: SupervisionComment;
}
/** A supervisor's co-signature of one shared, signed note. */
export interface SupervisionCosignEvent {
  t: 'sv-cosign';
  sessionId: string;
  noteId: string;
  cosign: NoteCosign;
}

export type ChannelEvent =
  | PracticeEvent
  | SupervisionShareEvent
  | SupervisionPracticeEvent
  | SupervisionCommentEvent
  | SupervisionCosignEvent
  | NoteRecordEvent
  | MessageEvent
  | MarkerEvent
  | SessionEvent
  | AttendanceEvent
  | NoteFieldEvent
  | RosterEvent
  | PresenceEvent
  | ResyncEvent
  | DigestEvent
  | HaveEvent
  | RangesEvent
  | WantEvent
  | MembersEvent
  | CommitEvent
  | PrekeyEvent;

/** Most practice marks one practice event carries (a leader's whole rehearsal). */
export const MAX_PRACTICE_MARKS = 300;
/** Most item keys one have or want event carries; a larger session is compared range by range (RangesEvent). */
export const MAX_DIGEST_ITEMS = 400;
/** How many ranges a session's item keys fall into for a RangesEvent. */
export const RANGES = 64;
/** The longest item key: 'n:' + template + ':' + field, or a one-letter kind and an id. */
export const MAX_ITEM_KEY = 120;

const str = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length <= max;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const bool = (v: unknown): v is boolean => typeof v === 'boolean';
const nullable = <T>(v: unknown, f: (x: unknown) => x is T): boolean => v === null || f(v);
const hex = (v: unknown, n: number): v is string => typeof v === 'string' && v.length === n && /^[0-9a-f]+$/.test(v);
const b64key = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(v);
const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1_000_000;
const STATUSES = new Set(['present', 'late', 'left-early', 'absent']);
/** A note's text: at most 40 fields of at most 20,000 characters (the envelope caps the whole at 64 KB). */
const noteFields = (v: unknown): boolean =>
  !!v &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  Object.keys(v).length <= 40 &&
  Object.entries(v).every(([k, x]) => str(k, 40) && str(x, 20_000));
const b64sig = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9+/]{86}==$/.test(v);
const sealShape = (v: unknown, amendment: boolean): boolean => {
  const s = v as Record<string, unknown> | null;
  return (
    !!s &&
    typeof s === 'object' &&
    num(s.at) &&
    b64key(s.by) &&
    str(s.name, 200) &&
    b64sig(s.sig) &&
    noteFields(s.fields) &&
    (!amendment || str(s.reason, 2000))
  );
};
const cosignShape = (v: unknown): boolean => {
  const c = v as Record<string, unknown> | null;
  return !!c && typeof c === 'object' && num(c.at) && b64key(c.by) && str(c.name, 200) && b64sig(c.on) && b64sig(c.sig);
};
const listOf = (v: unknown, max: number, item: (x: unknown) => boolean): boolean =>
  v === undefined || (Array.isArray(v) && v.length <= max && v.every(item));
const KINDS = new Set(['closed', 'slow-open', 'open']);
const labels = (v: unknown): boolean =>
  !!v &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  Object.keys(v).length <= 40 &&
  Object.entries(v).every(([k, x]) => str(k, 40) && str(x, 200));
const sharedNote = (v: unknown): boolean => {
  const n = v as Record<string, unknown> | null;
  return (
    !!n &&
    typeof n === 'object' &&
    str(n.id, 64) &&
    str(n.sessionId, 64) &&
    (n.memberId === undefined || str(n.memberId, 64)) &&
    str(n.template, 40) &&
    (n.noteClass === 'progress' || n.noteClass === 'process') &&
    str(n.label, 200) &&
    labels(n.labels) &&
    noteFields(n.fields) &&
    (n.signed === undefined || sealShape(n.signed, false)) &&
    listOf(n.amendments, 50, (a) => sealShape(a, true)) &&
    listOf(n.cosigns, 16, cosignShape)
  );
};
const sharedSession = (v: unknown): boolean => {
  const s = v as Record<string, unknown> | null;
  return (
    !!s &&
    typeof s === 'object' &&
    str(s.sessionId, 64) &&
    str(s.groupName, 200) &&
    num(s.startedAt) &&
    num(s.endedAt) &&
    num(s.sharedAt) &&
    listOf(s.members, SHARE_LIMITS.members, (m) => {
      const x = m as Record<string, unknown> | null;
      return !!x && typeof x === 'object' && str(x.id, 64) && str(x.name, 200);
    }) &&
    Array.isArray(s.members) &&
    Array.isArray(s.markers) &&
    listOf(s.markers, SHARE_LIMITS.markers, (m) => str(m, 2400)) &&
    Array.isArray(s.notes) &&
    listOf(s.notes, SHARE_LIMITS.notes, sharedNote) &&
    Array.isArray(s.debrief) &&
    listOf(s.debrief, SHARE_LIMITS.debrief, (d) => {
      const x = d as Record<string, unknown> | null;
      return !!x && typeof x === 'object' && str(x.author, 80) && str(x.text, 4000);
    })
  );
};

const practiceMoment = (v: unknown): boolean => {
  const m = v as Record<string, unknown> | null;
  return (
    !!m &&
    typeof m === 'object' &&
    str(m.id, 64) &&
    str(m.what, 400) &&
    bool(m.noticed) &&
    nullable(m.afterSeconds, num) &&
    bool(m.namedAloud) &&
    (m.coLeaderNoticed === undefined || bool(m.coLeaderNoticed))
  );
};
/** Its id is kept under practiceShareKey, which must stay a valid comment sessionId (64). */
const sharedPracticeShape = (v: unknown): boolean => {
  const p = v as Record<string, unknown> | null;
  return (
    !!p &&
    typeof p === 'object' &&
    str(p.id, 55) &&
    p.id !== '' &&
    str(p.title, 200) &&
    bool(p.pair) &&
    (p.speed === 1 || p.speed === 2) &&
    num(p.startedAt) &&
    num(p.sharedAt) &&
    Array.isArray(p.moments) &&
    listOf(p.moments, PRACTICE_SHARE_MOMENTS, practiceMoment)
  );
};

function validOne(e: Record<string, unknown>): boolean {
  switch (e.t) {
    case 'marker':
      return (
        str(e.id, 64) &&
        str(e.sessionId, 64) &&
        num(e.at) &&
        num(e.wallAt) &&
        str(e.category, 80) &&
        nullable(e.memberId, (x): x is string => str(x, 64)) &&
        str(e.text, 2000) &&
        bool(e.auto) &&
        bool(e.deleted) &&
        str(e.author, 80) &&
        str(e.hlc, 200)
      );
    case 'session':
      return (
        str(e.id, 64) &&
        str(e.groupId, 64) &&
        num(e.startedAt) &&
        nullable(e.endedAt, num) &&
        Array.isArray(e.pauses) &&
        e.pauses.length <= 500 &&
        e.pauses.every((p) => Array.isArray(p) && p.length === 2 && num(p[0]) && nullable(p[1], num)) &&
        str(e.hlc, 200)
      );
    case 'attendance':
      return str(e.sessionId, 64) && str(e.memberId, 64) && STATUSES.has(e.status as string) && str(e.hlc, 200);
    case 'note-field':
      return str(e.sessionId, 64) && str(e.template, 40) && str(e.field, 40) && wellFormedVersion(e.version);
    case 'roster': {
      const g = e.group as Record<string, unknown> | null;
      return (
        !!g &&
        typeof g === 'object' &&
        str(g.id, 64) &&
        str(g.name, 200) &&
        KINDS.has(g.kind as string) &&
        str(g.schedule, 200) &&
        Array.isArray(e.members) &&
        e.members.length <= 100 &&
        e.members.every(
          (m: Record<string, unknown>) =>
            m && str(m.id, 64) && str(m.name, 200) && str(m.pronouns, 60) && bool(m.archived),
        ) &&
        str(e.hlc, 200)
      );
    }
    case 'note-record': {
      const n = e.note as Record<string, unknown> | null;
      return (
        !!n &&
        typeof n === 'object' &&
        str(n.id, 64) &&
        str(n.sessionId, 64) &&
        str(n.template, 40) &&
        (n.noteClass === 'progress' || n.noteClass === 'process') &&
        noteFields(n.fields) &&
        sealShape(n.signed, false) &&
        listOf(n.amendments, 50, (a) => sealShape(a, true)) &&
        listOf(n.cosigns, 16, cosignShape)
      );
    }
    case 'sv-share':
      return sharedSession(e.share);
    case 'sv-practice':
      return sharedPracticeShape(e.practice);
    case 'sv-comment': {
      const c = e.comment as Record<string, unknown> | null;
      return (
        !!c &&
        typeof c === 'object' &&
        str(c.id, 64) &&
        str(c.sessionId, 64) &&
        str(c.noteId, 64) &&
        str(c.text, 4000) &&
        c.text !== '' &&
        str(c.name, 200) &&
        num(c.at)
      );
    }
    case 'sv-cosign':
      return str(e.sessionId, 64) && str(e.noteId, 64) && cosignShape(e.cosign);
    case 'message':
      return (
        str(e.id, 64) &&
        str(e.sessionId, 64) &&
        (e.kind === 'sent' || e.kind === 'parked') &&
        str(e.text, 4000) &&
        str(e.author, 80) &&
        num(e.createdAt)
      );
    case 'practice':
      return (
        str(e.rehearsal, 64) &&
        str(e.scenario, 64) &&
        count(e.version) &&
        (PRACTICE_ACTIONS as readonly unknown[]).includes(e.action) &&
        (e.from === 'a' || e.from === 'b') &&
        count(e.seq) &&
        (e.speed === 1 || e.speed === 2) &&
        bool(e.playing) &&
        num(e.scenarioMs) &&
        num(e.sentAt) &&
        Array.isArray(e.marks) &&
        e.marks.length <= MAX_PRACTICE_MARKS &&
        e.marks.every(
          (m: Record<string, unknown>) =>
            !!m &&
            typeof m === 'object' &&
            str(m.id, 64) &&
            str(m.family, 40) &&
            bool(m.aloud) &&
            num(m.scenarioMs) &&
            (m.speed === 1 || m.speed === 2),
        )
      );
    case 'presence':
      return (e.state === 'here' || e.state === 'away') && num(e.at);
    case 'resync':
      return Array.isArray(e.sessionIds) && e.sessionIds.length <= 50 && e.sessionIds.every((x) => str(x, 64));
    case 'digest':
      return str(e.sessionId, 64) && hex(e.hash, 32) && count(e.n) && hex(e.members, 32);
    case 'have':
      return (
        hex(e.to, 32) &&
        str(e.sessionId, 64) &&
        hex(e.re, 32) &&
        Array.isArray(e.items) &&
        e.items.length <= MAX_DIGEST_ITEMS &&
        e.items.every((x) => Array.isArray(x) && x.length === 2 && str(x[0], MAX_ITEM_KEY) && hex(x[1], 12)) &&
        (e.ranges === undefined ||
          (Array.isArray(e.ranges) &&
            e.ranges.length >= 1 &&
            e.ranges.length <= RANGES &&
            e.ranges.every((r) => Number.isInteger(r) && r >= 0 && r < RANGES)))
      );
    case 'ranges':
      return (
        hex(e.to, 32) &&
        str(e.sessionId, 64) &&
        hex(e.re, 32) &&
        Array.isArray(e.hashes) &&
        e.hashes.length === RANGES &&
        e.hashes.every((h) => hex(h, 16))
      );
    case 'want':
      return (
        hex(e.to, 32) &&
        str(e.sessionId, 64) &&
        Array.isArray(e.keys) &&
        e.keys.length >= 1 &&
        e.keys.length <= MAX_DIGEST_ITEMS &&
        e.keys.every((k) => str(k, MAX_ITEM_KEY))
      );
    case 'members':
      return (
        Array.isArray(e.members) &&
        e.members.length >= 1 &&
        e.members.length <= 16 &&
        e.members.every(
          (m: Record<string, unknown>) =>
            !!m && typeof m === 'object' && m.v === 1 && hex(m.deviceId, 32) && b64key(m.signPk) && b64key(m.boxPk),
        )
      );
    case 'commit':
      return commitShape(e.commit);
    case 'prekey': {
      const p = e.prekey as Record<string, unknown> | null;
      return !!p && typeof p === 'object' && validEpoch(p.epoch) && b64key(p.pk) && b64sig(p.sig);
    }
    default:
      return false;
  }
}

/** A batch of events from decrypted bytes, or undefined if anything is off. */
export function parseEvents(payload: Uint8Array): ChannelEvent[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return undefined;
  }
  if (!data || typeof data !== 'object' || (data as { v?: unknown }).v !== 1) return undefined;
  const events = (data as { events?: unknown }).events;
  if (!Array.isArray(events) || events.length === 0 || events.length > 500) return undefined;
  return events.every((e) => e && typeof e === 'object' && validOne(e as Record<string, unknown>))
    ? (events as ChannelEvent[])
    : undefined;
}

export function encodeEvents(events: ChannelEvent[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ v: 1, events }));
}
