import { describe, expect, it } from 'vitest';
import { layoutTimeline } from '../../../domain/timeline';
import type { Marker, Member } from '../../../domain/types';

const m = (id: string, at: number, memberId: string | null, category = 'risk.crisis'): Marker => ({
  id,
  sessionId: 's',
  at,
  wallAt: 0,
  category,
  memberId,
  text: '',
  auto: false,
  author: '',
  deleted: false,
  updatedAt: 0,
});
const members: Member[] = [
  { id: 'a', groupId: 'g', name: 'Avery', pronouns: '', archived: false, createdAt: 0, updatedAt: 0 },
];

describe('layoutTimeline', () => {
  it('puts group markers in the first lane and member markers in theirs', () => {
    const t = layoutTimeline([m('1', 30_000, null), m('2', 60_000, 'a')], members, 120_000);
    expect(t.lanes.map((l) => l.label)).toEqual(['Group', 'Avery']);
    expect(t.placed.map((p) => [p.marker.id, p.lane, p.x])).toEqual([
      ['1', 0, 0.25],
      ['2', 1, 0.5],
    ]);
    expect(t.placed[0]!.color).toBe('#b91c1c');
  });
  it('stretches to a marker past the duration and ticks every 5 minutes', () => {
    const t = layoutTimeline([m('1', 20 * 60_000, null)], [], 10 * 60_000);
    expect(t.durationMs).toBe(20 * 60_000);
    expect(t.ticks).toEqual([0, 5, 10, 15, 20].map((x) => x * 60_000));
  });
});
