import { describe, expect, it } from 'vitest';
import {
  GCQ_MAPPING,
  allianceValid,
  checkMapping,
  defaultGcqConfig,
  groupTrend,
  scoreGcq,
  type GroupMeasure,
} from '../../../domain/gcq';

const all = (v: number) => Array.from({ length: 12 }, () => v);

describe('GCQ-S scoring', () => {
  it('places each of the 12 items in exactly one subscale', () => {
    expect(() => checkMapping(GCQ_MAPPING)).not.toThrow();
    expect(() => checkMapping({ ...GCQ_MAPPING, conflict: [6, 7, 10] })).toThrow(RangeError);
    expect(() => checkMapping({ ...GCQ_MAPPING, avoiding: [3, 5, 9, 1] })).toThrow(RangeError);
  });

  it('subscale score is the mean of its items (Engaged 1,2,4,8,11; Avoiding 3,5,9; Conflict 6,7,10,12)', () => {
    const a = [6, 5, 0, 4, 2, 1, 1, 3, 4, 0, 2, 2];
    expect(scoreGcq(a)).toEqual({
      valid: true,
      missing: 0,
      scores: { engaged: (6 + 5 + 4 + 3 + 2) / 5, avoiding: (0 + 2 + 4) / 3, conflict: (1 + 1 + 0 + 2) / 4 },
      problem: '',
    });
  });

  it('missing items are left out of the mean; more than 4 missing is invalid', () => {
    const four = [6, null, null, null, null, 0, 0, 6, 3, 0, 6, 0];
    const s = scoreGcq(four);
    expect(s).toMatchObject({ valid: true, missing: 4 });
    expect(s.scores).toEqual({ engaged: 6, avoiding: 3, conflict: 0 });
    const five = [...four];
    five[8] = null;
    expect(scoreGcq(five)).toMatchObject({
      valid: false,
      missing: 5,
      scores: { engaged: null, avoiding: null, conflict: null },
    });
    expect(scoreGcq(five).problem).toMatch(/invalid/);
  });

  it('a subscale with every item missing has no score; out-of-range and fractional answers count as missing', () => {
    const a: (number | null)[] = all(3);
    a[2] = null;
    a[4] = 7;
    a[8] = 2.5;
    expect(scoreGcq(a)).toMatchObject({ valid: true, missing: 3, scores: { avoiding: null, engaged: 3 } });
  });

  it('ships placeholder item labels, never item text', () => {
    expect(defaultGcqConfig().itemLabels).toEqual(Array.from({ length: 12 }, (_, i) => `Item ${i + 1}`));
  });
});

describe('alliance and trends', () => {
  it('alliance ratings are integers 1-7 or unrated', () => {
    expect(allianceValid({ goal: 1, task: 7, bond: null })).toBe(true);
    expect(allianceValid({ goal: 0, task: 4, bond: 4 })).toBe(false);
    expect(allianceValid({ goal: 4, task: 4.5, bond: 4 })).toBe(false);
  });

  it('one point per session, oldest first, means over valid ratings', () => {
    const m = (
      id: string,
      sessionId: string,
      at: number,
      gcq: (number | null)[],
      goal: number | null,
    ): GroupMeasure => ({
      id,
      groupId: 'g',
      sessionId,
      at,
      memberId: null,
      gcq,
      alliance: { goal, task: null, bond: 5 },
      updatedAt: 1,
    });
    const invalid = all(2).map((v, i) => (i < 5 ? null : v));
    const t = groupTrend([
      m('a', 's2', 200, all(4), 6),
      m('b', 's1', 100, all(2), null),
      m('c', 's2', 200, all(6), 4),
      m('d', 's1', 100, invalid, 3),
    ]);
    expect(t.map((p) => p.sessionId)).toEqual(['s1', 's2']);
    expect(t[0]).toMatchObject({ n: 1, engaged: 2, goal: 3, task: null, bond: 5 });
    expect(t[1]).toMatchObject({ n: 2, engaged: 5, avoiding: 5, conflict: 5, goal: 5 });
  });
});
