import { describe, expect, it } from 'vitest';
import { axisTicks, firstName, groupPins, layoutTimeline, plural, tickStep } from '../../../domain/timeline';
import type { Marker, Member } from '../../../domain/types';
import { marker, member as plainMember } from './builders';

const MIN = 60_000;
const m = (id: string, at: number, memberId: string | null, category = 'risk.crisis'): Marker =>
  marker({ id, at, memberId, category });
const member = (id: string, name: string, archived = false): Member => ({ ...plainMember(id, name), archived });
const members = [member('a', 'Avery Jones'), member('b', 'Bo')];
const wide = { trackPx: 1000, pinPx: 20 };

describe('layoutTimeline', () => {
  it('gives the whole group the first lane and each member one, named by first name', () => {
    const t = layoutTimeline([m('1', 30_000, null), m('2', 60_000, 'a')], members, 120_000, wide);
    expect(t.lanes).toEqual([
      { memberId: null, label: 'Whole group', short: 'Group' },
      { memberId: 'a', label: 'Avery Jones', short: 'Avery' },
      { memberId: 'b', label: 'Bo', short: 'Bo' },
    ]);
    expect(t.pins.map((p) => [p.key, p.lane, p.at])).toEqual([
      ['1', 0, 30_000],
      ['2', 1, 60_000],
    ]);
    expect(t.pins[0]!.family?.color).toBe('#b91c1c');
    expect(t.count).toBe(2);
  });

  it('keeps an archived member with markers, drops one without, and leaves deleted markers out', () => {
    const old = [...members, member('c', 'Cy', true), member('d', 'Di', true)];
    const gone = { ...m('3', 10_000, 'a'), deleted: true };
    const t = layoutTimeline([m('1', 5_000, 'c'), gone], old, 60_000, wide);
    expect(t.lanes.map((l) => l.memberId)).toEqual([null, 'a', 'b', 'c']);
    expect(t.pins.map((p) => [p.key, p.lane])).toEqual([['1', 3]]);
    expect(t.count).toBe(1);
  });

  it('stretches to a marker past the duration', () => {
    const t = layoutTimeline([m('1', 20 * MIN, null)], [], 10 * MIN, wide);
    expect(t.durationMs).toBe(20 * MIN);
    expect(t.ticks.map((x) => x.at)).toEqual([0, 5, 10, 15, 20].map((x) => x * MIN));
  });

  it('lists the families present, once each, in the legend order', () => {
    const t = layoutTimeline(
      [m('1', 0, null, 'risk.crisis'), m('2', MIN, null, 'general.mark'), m('3', 2 * MIN, 'a', 'risk.dysregulation')],
      members,
      10 * MIN,
      wide,
    );
    expect(t.families.map((f) => f.id)).toEqual(['general', 'risk']);
  });

  it('shares a pin among markers closer than a pin at the width drawn, and only there', () => {
    const ms = [m('1', 10 * MIN, 'a'), m('2', 10 * MIN + 20_000, 'a', 'body.face'), m('3', 30 * MIN, 'a')];
    // 60 minutes over 240 px: a 24 px pin covers 6 minutes.
    const narrow = layoutTimeline(ms, members, 60 * MIN, { trackPx: 240, pinPx: 24 });
    expect(narrow.pins.map((p) => [p.key, p.markers.map((x) => x.id), p.family?.id ?? null])).toEqual([
      ['1', ['1', '2'], null],
      ['3', ['3'], 'risk'],
    ]);
    // Wide enough, each has its own pin.
    expect(layoutTimeline(ms, members, 60 * MIN, { trackPx: 8000, pinPx: 24 }).pins).toHaveLength(3);
    // The same time in two lanes is two pins.
    expect(layoutTimeline([m('1', MIN, 'a'), m('2', MIN, 'b')], members, 60 * MIN, wide).pins).toHaveLength(2);
  });
});

describe('groupPins', () => {
  it('keeps every pin at least a gap from the next, and a pin keyed by its first marker as later ones join', () => {
    const times = [0, 1, 2, 5, 6, 11, 11, 11, 30];
    const ms = times.map((t, i) => m(`m${i}`, t * 1000, null));
    const pins = groupPins(ms, 0, 5000);
    expect(pins.map((p) => p.markers.length)).toEqual([3, 2, 3, 1]);
    for (let i = 1; i < pins.length; i++) expect(pins[i]!.at - pins[i - 1]!.at).toBeGreaterThanOrEqual(5000);
    expect(pins.flatMap((p) => p.markers)).toEqual(ms);
    const more = groupPins([...ms.slice(0, 2), m('late', 3000, null)], 0, 5000);
    expect(more.map((p) => [p.key, p.at])).toEqual([['m0', 0]]);
  });
});

describe('the axis', () => {
  it('ticks every 5 minutes up to 45 minutes, every 10 beyond', () => {
    expect(tickStep(30 * MIN)).toBe(5 * MIN);
    expect(tickStep(45 * MIN)).toBe(5 * MIN);
    expect(tickStep(90 * MIN)).toBe(10 * MIN);
  });

  it('labels every tick where there is room and every other one where there is not, as the clock shows time', () => {
    expect(axisTicks(30 * MIN, 600)).toEqual(
      [0, 5, 10, 15, 20, 25, 30].map((x) => ({ at: x * MIN, label: `${x}:00` })),
    );
    // 90 minutes over 220 px: 10-minute ticks 24 px apart, labels every third.
    const narrow = axisTicks(90 * MIN, 220);
    expect(narrow.map((x) => x.label)).toEqual([
      '0:00',
      null,
      null,
      '30:00',
      null,
      null,
      '1:00:00',
      null,
      null,
      '1:30:00',
    ]);
  });
});

describe('words', () => {
  it('counts in the singular and plural', () => {
    expect(plural(0, 'marker')).toBe('0 markers');
    expect(plural(1, 'marker')).toBe('1 marker');
    expect(plural(2, 'marker')).toBe('2 markers');
  });
  it('takes the first name, or the whole name when it has no space', () => {
    expect(firstName('  Emmanuelle Lefèvre-Durand ')).toBe('Emmanuelle');
    expect(firstName('Dolores')).toBe('Dolores');
  });
});
