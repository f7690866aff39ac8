/**
 * The clinical model as plain values. Everything here that a person wrote or
 * that names a person is sealed at rest (storage/); only ids, timestamps and
 * codes are stored in the clear for indexes.
 */
import type { StoredField } from './merge';
import type { NoteAmendment, NoteCosign, NoteSeal } from './note-signing';

export type Id = string;

export type GroupKind = 'closed' | 'slow-open' | 'open';

export interface Group {
  id: Id;
  name: string;
  kind: GroupKind;
  /** How the co-leaders' back-channel works in this group's sessions (default spoken-first). */
  backchannelMode?: 'off' | 'signals' | 'spoken-first' | 'open';
  /** Free text, e.g. "Tuesdays 18:00, 90 min". */
  schedule: string;
  /** Names of the leaders as the group knows them. */
  coLeaders: string[];
  archived: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface Member {
  id: Id;
  groupId: Id;
  /** A name or an alias. */
  name: string;
  pronouns: string;
  archived: boolean;
  /**
   * The leader dismissed the attendance flag on the member page (domain/member-history.ts)
   * up to the session that started at this time; kept on this device only.
   */
  patternDismissedThrough?: number;
  createdAt: number;
  updatedAt: number;
}

export interface Client {
  id: Id;
  name: string;
  pronouns: string;
  archived: boolean;
  createdAt: number;
  updatedAt: number;
}

export type OwnerKind = 'group' | 'client';

export type AttendanceStatus = 'present' | 'late' | 'left-early' | 'absent';

export interface Session {
  id: Id;
  ownerKind: OwnerKind;
  /** The group's or the client's id. */
  ownerId: Id;
  /** Platform code ('meet', 'zoom', …) or 'none' when started by hand. */
  platform: string;
  /** Salted hash of the meeting URL (never the URL itself), or ''. */
  meetingHash: string;
  startedAt: number;
  endedAt: number | null;
  /** Wall-clock intervals the clock was paused, [start, end|null]. */
  pauses: [number, number | null][];
  attendance: Record<Id, AttendanceStatus>;
  /** Per member, the clock of the last attendance change (co-leader channel). */
  attendanceHlc?: Record<Id, string>;
  /** Clock of the last start/pause/end change. */
  hlc?: string;
  updatedAt: number;
}

/** Category codes are stable ids; labels live in domain/categories.ts. */
export type CategoryCode = string;

export interface Marker {
  id: Id;
  sessionId: Id;
  /** Session-clock milliseconds (pauses excluded). */
  at: number;
  /** Wall-clock ms when the moment happened. */
  wallAt: number;
  category: CategoryCode;
  memberId: Id | null;
  text: string;
  /** Made by detection (joined late, left, connection dropped). */
  auto: boolean;
  /** The device/leader that made it (co-leader channel). */
  author: string;
  deleted: boolean;
  /** Hybrid logical clock of the last edit; orders edits across leaders. */
  hlc?: string;
  updatedAt: number;
}

/** Progress notes and psychotherapy (process) notes never mix in one export. */
export type NoteClass = 'progress' | 'process';
export type NoteTemplateId = 'group-process' | 'soap' | 'dap' | 'birp';

export interface Note {
  id: Id;
  sessionId: Id;
  /**
   * Set on a client note: one member's own progress note from a group
   * session (domain/client-notes.ts), kept on this device. Absent on the
   * session's note, which the co-leaders share.
   */
  memberId?: Id;
  template: NoteTemplateId;
  noteClass: NoteClass;
  /** Field id → text, fields as the template lists them. */
  fields: Record<string, string>;
  /**
   * Per field, the versions its text shows (co-leader channel merging,
   * domain/merge.ts). Notes saved before heads hold one legacy version here.
   */
  versions?: Record<string, StoredField>;
  /** Signed: the note is a record from then on, read-only (domain/note-signing.ts). */
  signed?: NoteSeal;
  /** Changes after signing, oldest first, each signed. */
  amendments?: NoteAmendment[];
  /** Co-leaders' co-signatures of the record, each naming the signature it vouches for. */
  cosigns?: NoteCosign[];
  updatedAt: number;
}

export interface CustomCategory {
  code: CategoryCode;
  label: string;
  family: string;
  createdAt: number;
  /** A clinic's category (from policy), kept apart from the user's own. */
  clinic?: true;
  /** Older codes that name this category too (shown with its label, never offered). */
  aliases?: readonly CategoryCode[];
}

/**
 * A thought with content between co-leaders: sent now (counted), or parked
 * for the debrief and delivered when the session ends.
 */
export interface BackchannelMessage {
  id: Id;
  sessionId: Id;
  kind: 'sent' | 'parked';
  direction: 'out' | 'in';
  text: string;
  author: string;
  createdAt: number;
  /** When a parked thought was handed to the co-leader (at the session's end). */
  deliveredAt: number | null;
  updatedAt: number;
}
