/**
 * Which fields of each entity are index columns. Everything not named here
 * is only inside the sealed body.
 */
import type { BackchannelMessage, Client, CustomCategory, Group, Marker, Member, Note, Session } from '../domain/types';
import type { CategoryRow, ClientRow, GroupRow, MarkerRow, MemberRow, MessageRow, NoteRow, SessionRow } from './db';
import { flag, type SealedSpec } from './sealed-table';

/** A custom category as stored: merging backups needs to know which copy is newer. */
export type StoredCategory = CustomCategory & { updatedAt: number };

const byId = { id: (e: { id: string }) => e.id, updatedAt: (e: { updatedAt: number }) => e.updatedAt };

export const groupSpec: SealedSpec<Group, GroupRow> = {
  table: 'groups',
  v: 1,
  columns: { archived: 'flag' },
  ...byId,
  clear: (g) => ({ archived: flag(g.archived) }),
};

/** v2: the row key is the member id's tag and groupId a tag: no member id is on disk. */
export const memberSpec: SealedSpec<Member, MemberRow> = {
  table: 'members',
  v: 2,
  columns: { groupId: 'tag', archived: 'flag' },
  keyedId: true,
  ...byId,
  clear: (m, tag) => ({ groupId: tag('members.groupId', m.groupId), archived: flag(m.archived) }),
};

export const clientSpec: SealedSpec<Client, ClientRow> = {
  table: 'clients',
  v: 1,
  columns: { archived: 'flag' },
  ...byId,
  clear: (c) => ({ archived: flag(c.archived) }),
};

/**
 * v2: owner and meeting hash are sealed only (found by opening the sessions,
 * a few hundred at most); the start time stays for retention, which runs
 * while the vault is locked.
 */
export const sessionSpec: SealedSpec<Session, SessionRow> = {
  table: 'sessions',
  v: 2,
  columns: { startedAt: 'time' },
  ...byId,
  clear: (s) => ({ startedAt: s.startedAt }),
};

/**
 * v2: category and clock time are sealed only (a session's markers are
 * ordered after opening). The session id stays for retention while locked,
 * the deleted flag for counting live markers without opening 40,000 rows.
 */
export const markerSpec: SealedSpec<Marker, MarkerRow> = {
  table: 'markers',
  v: 2,
  columns: { sessionId: 'id', deleted: 'flag' },
  ...byId,
  clear: (m) => ({ sessionId: m.sessionId, deleted: flag(m.deleted) }),
};

/**
 * v2: a field's versions are its heads (domain/merge.ts FieldState). A v1
 * body holds one {hlc, base, author} per field and still reads: fieldState
 * takes it as a single head. Same Dexie schema, so no upgrade step.
 */
export const noteSpec: SealedSpec<Note, NoteRow> = {
  table: 'notes',
  v: 2,
  columns: { sessionId: 'id' },
  ...byId,
  clear: (n) => ({ sessionId: n.sessionId }),
};

/** v2: the row key is the code's tag, so no category code is on disk. */
export const categorySpec: SealedSpec<StoredCategory, CategoryRow> = {
  table: 'categories',
  v: 2,
  columns: {},
  keyedId: true,
  id: (c) => c.code,
  updatedAt: (c) => c.updatedAt,
  clear: () => ({}),
};

export const messageSpec: SealedSpec<BackchannelMessage, MessageRow> = {
  table: 'messages',
  v: 1,
  columns: { sessionId: 'id' },
  ...byId,
  clear: (m) => ({ sessionId: m.sessionId }),
};
