/**
 * Which fields of the safety records are index columns: only ids and the
 * session time. Locations, contacts, consent, screening answers, checklist
 * ticks and ratings are all inside the sealed body.
 */
import type { ChecklistResult } from '../domain/checklist';
import type { GroupMeasure } from '../domain/gcq';
import type { LeaderProfile, MemberSafety } from '../domain/safety';
import type { ScreeningForm } from '../domain/screening';
import type { ChecklistRow, LeaderProfileRow, MeasureRow, SafetyRow, ScreeningRow } from './db';
import type { SealedSpec } from './sealed-table';

const byId = { id: (e: { id: string }) => e.id, updatedAt: (e: { updatedAt: number }) => e.updatedAt };

export const safetySpec: SealedSpec<MemberSafety, SafetyRow> = {
  table: 'safety',
  v: 1,
  columns: { groupId: 'id' },
  ...byId,
  clear: (s) => ({ groupId: s.groupId }),
};

export const leaderProfileSpec: SealedSpec<LeaderProfile, LeaderProfileRow> = {
  table: 'leaderProfile',
  v: 1,
  columns: {},
  ...byId,
  clear: () => ({}),
};

export const screeningSpec: SealedSpec<ScreeningForm, ScreeningRow> = {
  table: 'screenings',
  v: 1,
  columns: { memberId: 'id' },
  ...byId,
  clear: (f) => ({ memberId: f.memberId }),
};

export const checklistSpec: SealedSpec<ChecklistResult, ChecklistRow> = {
  table: 'checklists',
  v: 1,
  columns: { ownerId: 'id' },
  ...byId,
  clear: (c) => ({ ownerId: c.ownerId }),
};

export const measureSpec: SealedSpec<GroupMeasure, MeasureRow> = {
  table: 'measures',
  v: 1,
  columns: { groupId: 'id', sessionId: 'id', at: 'time' },
  ...byId,
  clear: (m) => ({ groupId: m.groupId, sessionId: m.sessionId, at: m.at }),
};
