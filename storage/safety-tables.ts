/**
 * Which fields of the safety records are index columns: session ids and
 * keyed tags of group and member ids (no member id is on disk). Locations,
 * contacts, consent, screening answers, checklist ticks and ratings are all
 * inside the sealed body.
 */
import type { ChecklistResult } from '../domain/checklist';
import type { GroupMeasure } from '../domain/gcq';
import type { LeaderProfile, MemberSafety } from '../domain/safety';
import type { ScreeningForm } from '../domain/screening';
import type { ChecklistRow, LeaderProfileRow, MeasureRow, SafetyRow, ScreeningRow } from './db';
import type { SealedSpec } from './sealed-table';

const byId = { id: (e: { id: string }) => e.id, updatedAt: (e: { updatedAt: number }) => e.updatedAt };

/** v2: keyed row key (the member's id) and group tag: which members have a safety record stays sealed. */
export const safetySpec: SealedSpec<MemberSafety, SafetyRow> = {
  table: 'safety',
  v: 2,
  columns: { groupId: 'tag' },
  keyedId: true,
  ...byId,
  clear: (s, tag) => ({ groupId: tag('safety.groupId', s.groupId) }),
};

export const leaderProfileSpec: SealedSpec<LeaderProfile, LeaderProfileRow> = {
  table: 'leaderProfile',
  v: 1,
  columns: {},
  ...byId,
  clear: () => ({}),
};

/** v2: the member is a tag. */
export const screeningSpec: SealedSpec<ScreeningForm, ScreeningRow> = {
  table: 'screenings',
  v: 2,
  columns: { memberId: 'tag' },
  ...byId,
  clear: (f, tag) => ({ memberId: tag('screenings.memberId', f.memberId) }),
};

/** v2: no clear column but the id, which is the session's (retention deletes by it). */
export const checklistSpec: SealedSpec<ChecklistResult, ChecklistRow> = {
  table: 'checklists',
  v: 2,
  columns: {},
  ...byId,
  clear: () => ({}),
};

/** v2: the group is a tag, the session id stays for retention, the time is sealed only. */
export const measureSpec: SealedSpec<GroupMeasure, MeasureRow> = {
  table: 'measures',
  v: 2,
  columns: { groupId: 'tag', sessionId: 'id' },
  ...byId,
  clear: (m, tag) => ({ groupId: tag('measures.groupId', m.groupId), sessionId: m.sessionId }),
};
