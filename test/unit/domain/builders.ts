// Plain domain values for tests: a member, a marker, a group and its session, with every field set.
import type { Group, Marker, Member, Session } from '../../../domain/types';

export const member = (id: string, name: string, groupId = 'g'): Member => ({
  id,
  groupId,
  name,
  pronouns: '',
  archived: false,
  createdAt: 0,
  updatedAt: 0,
});

export const marker = (m: Partial<Marker> & Pick<Marker, 'id'>): Marker => ({
  sessionId: 's',
  at: 0,
  wallAt: m.at ?? 0,
  category: 'general.mark',
  memberId: null,
  text: '',
  auto: false,
  author: 'me',
  deleted: false,
  updatedAt: 0,
  ...m,
});

export const group = (over: Partial<Group> = {}): Group => ({
  id: 'g',
  name: 'Tuesday group',
  kind: 'closed',
  schedule: '',
  coLeaders: [],
  archived: false,
  createdAt: 0,
  updatedAt: 0,
  ...over,
});

/** A group session of 6 January 2026, 18:00 UTC, still running. */
export const groupSession = (over: Partial<Session> = {}): Session => ({
  id: 's',
  ownerKind: 'group',
  ownerId: 'g',
  platform: 'meet',
  meetingHash: '',
  startedAt: Date.UTC(2026, 0, 6, 18),
  endedAt: null,
  pauses: [],
  attendance: {},
  updatedAt: 0,
  ...over,
});
