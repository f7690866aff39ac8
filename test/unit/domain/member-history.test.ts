import { describe, expect, it } from 'vitest';
import { FLAG_WINDOW, LATE_CODE, memberHistory } from '../../../domain/member-history';
import type { AttendanceStatus, Session } from '../../../domain/types';
import { groupSession, marker } from './builders';

const WEEK = 7 * 24 * 3_600_000;
const START = Date.UTC(2026, 0, 6, 18);

/** Weekly sessions with the member's attendance as given, oldest first; undefined leaves it unrecorded. */
const weeks = (statuses: (AttendanceStatus | undefined)[]): Session[] =>
  statuses.map((st, i) =>
    groupSession({ id: `s${i}`, startedAt: START + i * WEEK, attendance: st ? { ana: st, ben: 'present' } : {} }),
  );

describe('memberHistory', () => {
  it('twelve sessions in any order: one row each, oldest first, with totals', () => {
    const s = weeks([
      'present',
      'present',
      'late',
      'present',
      'left-early',
      'present',
      undefined,
      'present',
      'absent',
      'present',
      'present',
      'present',
    ]);
    const h = memberHistory('ana', [...s].reverse(), []);
    expect(h.rows.map((r) => r.sessionId)).toEqual(s.map((x) => x.id));
    expect(h.totals).toEqual({ present: 8, late: 1, 'left-early': 1, absent: 1, 'not-recorded': 1 });
    expect(h.flag).toBeNull();
  });

  it('counts markers about the member by family, leaves out deleted ones and other members', () => {
    const s = weeks(['present', 'present']);
    const h = memberHistory('ana', s, [
      marker({ id: 'a', sessionId: 's0', memberId: 'ana', category: 'body.face' }),
      marker({ id: 'b', sessionId: 's0', memberId: 'ana', category: 'body.face' }),
      marker({ id: 'c', sessionId: 's1', memberId: 'ana', category: 'risk.crisis' }),
      marker({ id: 'd', sessionId: 's1', memberId: 'ana', category: 'risk.crisis', deleted: true }),
      marker({ id: 'e', sessionId: 's1', memberId: 'ben', category: 'risk.crisis' }),
      marker({ id: 'f', sessionId: 's1', memberId: null, category: 'risk.crisis' }),
    ]);
    expect(h.rows.map((r) => r.byFamily)).toEqual([{ body: 2 }, { risk: 1 }]);
    expect(h.families).toEqual([
      { id: 'body', label: 'Body and face', count: 2 },
      { id: 'risk', label: 'Risk', count: 1 },
    ]);
  });

  it('reads how late from detection, and a late marker stands in for unrecorded attendance', () => {
    const s = weeks(['late', undefined]);
    const h = memberHistory('ana', s, [
      marker({ id: 'a', sessionId: 's0', memberId: 'ana', category: LATE_CODE, at: 7 * 60_000 + 20_000 }),
      marker({ id: 'b', sessionId: 's1', memberId: 'ana', category: 'frame.late', at: 60_000 }),
    ]);
    expect(h.rows.map((r) => [r.status, r.lateMinutes])).toEqual([
      ['late', 7],
      ['late', null],
    ]);
  });

  it('flags three absences in the last six sessions, not three spread over more', () => {
    const flagged = memberHistory('ana', weeks(['present', 'absent', 'present', 'absent', 'present', 'absent']), []);
    expect(flagged.flag).toEqual({ kind: 'absences', count: 3, window: 6, through: START + 5 * WEEK });
    const spread = weeks(['absent', 'present', 'absent', 'present', 'present', 'present', 'absent', 'present']);
    expect(spread.length).toBeGreaterThan(FLAG_WINDOW);
    expect(memberHistory('ana', spread, []).flag).toBeNull();
  });

  it('flags repeated lateness', () => {
    const h = memberHistory('ana', weeks(['late', 'present', 'late', 'late']), []);
    expect(h.flag).toEqual({ kind: 'lateness', count: 3, window: 4, through: START + 3 * WEEK });
  });

  it('a dismissed flag stays away until a later session adds to the pattern', () => {
    const s = weeks(['absent', 'absent', 'absent']);
    const through = memberHistory('ana', s, []).flag!.through;
    expect(memberHistory('ana', s, [], through).flag).toBeNull();
    const later = [...s, ...weeks(['absent', 'absent', 'absent', 'absent']).slice(3)];
    expect(memberHistory('ana', later, [], through).flag).toMatchObject({ kind: 'absences', count: 4, window: 4 });
  });

  it('no sessions: empty rows and no flag', () => {
    expect(memberHistory('ana', [], [])).toEqual({
      rows: [],
      totals: { present: 0, late: 0, 'left-early': 0, absent: 0, 'not-recorded': 0 },
      families: [],
      flag: null,
    });
  });
});
