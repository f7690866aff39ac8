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

export const memberSpec: SealedSpec<Member, MemberRow> = {
  table: 'members',
  v: 1,
  columns: { groupId: 'id', archived: 'flag' },
  ...byId,
  clear: (m) => ({ groupId: m.groupId, archived: flag(m.archived) }),
};

export const clientSpec: SealedSpec<Client, ClientRow> = {
  table: 'clients',
  v: 1,
  columns: { archived: 'flag' },
  ...byId,
  clear: (c) => ({ archived: flag(c.archived) }),
};

export const sessionSpec: SealedSpec<Session, SessionRow> = {
  table: 'sessions',
  v: 1,
  columns: { ownerId: 'id', startedAt: 'time', meetingHash: 'hash' },
  ...byId,
  clear: (s) => ({ ownerId: s.ownerId, startedAt: s.startedAt, meetingHash: s.meetingHash }),
};

export const markerSpec: SealedSpec<Marker, MarkerRow> = {
  table: 'markers',
  v: 1,
  columns: { sessionId: 'id', at: 'time', category: 'code', deleted: 'flag' },
  ...byId,
  clear: (m) => ({ sessionId: m.sessionId, at: m.at, category: m.category, deleted: flag(m.deleted) }),
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

export const categorySpec: SealedSpec<StoredCategory, CategoryRow> = {
  table: 'categories',
  v: 1,
  columns: {},
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
