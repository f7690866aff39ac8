import type {
  AttendanceStatus,
  Client,
  CustomCategory,
  Group,
  Id,
  Marker,
  Member,
  Note,
  NoteTemplateId,
  OwnerKind,
  Session,
} from '../../domain/types';
import type { NoteTemplate } from '../../domain/templates';
import type { Live } from '../useLive';

/** What the session screens need from the app, passed in as props. */
export interface CallInfo {
  platform: string;
  platformLabel: string;
  state: 'in-call' | 'not-in-call' | 'unknown';
  presenting: boolean;
  /** Detection works on this page; false shows the quiet degraded line. */
  healthy: boolean;
  participants: string[];
  /** The platform's page tells who is in the call; false: attendance is taken by hand. */
  readsPeople?: boolean;
  /** Readings the page's adapter could not make ('call-controls', 'people-list'): codes, never names. */
  missing?: string[];
  /** The page's meeting identity; hashed with the vault key before it is stored. */
  meetingId: string;
}

export interface NewMarker {
  category: string;
  memberId?: Id | null;
  text?: string;
  /** Mark this many ms ago. */
  backMs?: number;
}

export interface SessionApi {
  live: {
    groups(): Live<Group[]>;
    clients(): Live<Client[]>;
    members(groupId: Id): Live<Member[]>;
    activeSession(): Live<Session | null>;
    markers(sessionId: Id): Live<Marker[]>;
    categories(): Live<CustomCategory[]>;
  };
  roster: {
    saveGroup(g: Pick<Group, 'name' | 'kind' | 'schedule' | 'coLeaders'> & { id?: Id }): Promise<Group>;
    saveMember(m: Pick<Member, 'groupId' | 'name' | 'pronouns'> & { id?: Id }): Promise<Member>;
    saveClient(c: Pick<Client, 'name' | 'pronouns'> & { id?: Id }): Promise<Client>;
    setArchived(kind: 'group' | 'member' | 'client', id: Id, archived: boolean): Promise<void>;
    remove(kind: 'group' | 'member' | 'client', id: Id): Promise<void>;
    addCategory(label: string): Promise<CustomCategory>;
  };
  session: {
    start(ownerKind: OwnerKind, ownerId: Id, call: CallInfo | null): Promise<Session>;
    /** Which owner met at this call's meeting before, if any. */
    suggestOwner(call: CallInfo): Promise<{ ownerKind: OwnerKind; ownerId: Id } | undefined>;
    pause(id: Id): Promise<void>;
    resume(id: Id): Promise<void>;
    end(id: Id): Promise<void>;
    setAttendance(id: Id, memberId: Id, status: AttendanceStatus): Promise<void>;
  };
  markers: {
    /**
     * `shown`: the session as the view shows it, kept current by its live
     * query; when it is this running session, it is used as it is rather
     * than read again first, a store read the co-leader's copy would wait for.
     */
    add(sessionId: Id, m: NewMarker, shown?: Session): Promise<Marker>;
    update(marker: Marker): Promise<void>;
    remove(marker: Marker): Promise<void>;
    restore(marker: Marker): Promise<void>;
  };
  notes: {
    /** The templates offered: the built-in ones, then the clinic's (domain/templates.ts noteTemplates). */
    templates: readonly NoteTemplate[];
    /** The stored note, live: a co-leader's edits arrive here. */
    live(sessionId: Id, template: NoteTemplateId): Live<Note | undefined>;
    /**
     * Saves only the fields this leader changed. `shown`, per field: the
     * fieldContext (domain/merge.ts) of the stored text the leader's text
     * grew from; the save supersedes only that, so a co-leader's text that
     * arrived meanwhile is kept beside it. Default: all the field holds.
     * Resolves with each saved field's new version id.
     */
    save(
      sessionId: Id,
      template: NoteTemplateId,
      changed: Record<string, string>,
      shown?: Record<string, string[]>,
    ): Promise<Record<string, string>>;
    /**
     * Hands over fields whose save has not finished as the page closes or is
     * locked (sealed in memory-only browser storage), for the editor to take
     * back the next time it opens this note. Synchronous up to the hand-over.
     */
    keep(
      sessionId: Id,
      template: NoteTemplateId,
      changed: Record<string, string>,
      shown: Record<string, string[]>,
    ): void;
    /** What a closed or locked page handed over for this note, if anything. */
    kept(
      sessionId: Id,
      template: NoteTemplateId,
    ): Promise<{ changed: Record<string, string>; shown: Record<string, string[]> } | undefined>;
    /**
     * Drops what was handed over once a save supersedes it: `saved` (every
     * field's saved text) holds all of it, or it was handed over before the
     * save began at `since` (the save took the fields as they were then).
     */
    dropKept(sessionId: Id, template: NoteTemplateId, saved: Record<string, string>, since: number): Promise<void>;
  };
}
