import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REPLAY_WINDOW, MalformedRecordError, ReplayWindow } from '../../../crypto';

const recordAll = (w: ReplayWindow, counters: number[]) => counters.reduce((acc, c) => acc.record(c), w);

describe('ReplayWindow', () => {
  it('calls any counter fresh before the first one, and a counter replayed once recorded', () => {
    const w = ReplayWindow.empty();
    expect(w.size).toBe(DEFAULT_REPLAY_WINDOW);
    expect(w.check(0)).toBe('fresh');
    expect(w.check(5000)).toBe('fresh');
    const after = w.record(7);
    expect(after.check(7)).toBe('replay');
    expect(w.check(7)).toBe('fresh'); // immutable: the old window is unchanged
  });

  it('accepts counters out of order within the window, each exactly once', () => {
    const w = recordAll(ReplayWindow.empty(), [1, 2, 5, 3]);
    expect(w.highest).toBe(5);
    expect([1, 2, 3, 5].map((c) => w.check(c))).toEqual(['replay', 'replay', 'replay', 'replay']);
    expect(w.check(4)).toBe('fresh');
    expect(w.check(0)).toBe('fresh');
    const filled = w.record(4).record(0);
    expect([0, 1, 2, 3, 4, 5].every((c) => filled.check(c) === 'replay')).toBe(true);
    expect(filled.check(6)).toBe('fresh');
  });

  it('calls counters below the window too old, and keeps what is still inside it', () => {
    const w = recordAll(ReplayWindow.empty(8), [10, 12, 17]);
    expect(w.check(9)).toBe('too-old'); // 17 - 9 = 8: just outside
    expect(w.check(10)).toBe('replay'); // 17 - 10 = 7: the oldest slot
    expect(w.check(11)).toBe('fresh');
    expect(w.check(12)).toBe('replay');
    const jumped = w.record(1000);
    expect(jumped.check(17)).toBe('too-old');
    expect(jumped.check(995)).toBe('fresh');
    expect(jumped.check(1000)).toBe('replay');
  });

  it('returns the same window when asked to record a replay or a too-old counter', () => {
    const w = recordAll(ReplayWindow.empty(8), [3, 20]);
    expect(w.record(20)).toBe(w);
    expect(w.record(3)).toBe(w);
  });

  it('round-trips through JSON at every stage', () => {
    let w = ReplayWindow.empty(16);
    for (const c of [0, 4, 2, 30, 29, 45, 44, 2 ** 53 - 1]) {
      w = w.record(c);
      const back = ReplayWindow.fromJSON(JSON.parse(JSON.stringify(w)));
      expect(back.toJSON()).toEqual(w.toJSON());
      for (let probe = Math.max(0, w.highest - 20); probe <= w.highest + 2 && probe <= 2 ** 53 - 1; probe++) {
        expect(back.check(probe)).toBe(w.check(probe));
      }
    }
    expect(ReplayWindow.empty(16).record(3).toJSON()).toEqual({ v: 1, size: 16, highest: 3, seen: '0001' });
    expect(ReplayWindow.empty(16).record(3).record(1).toJSON().seen).toBe('0005');
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['another version', { v: 2, size: 8, highest: -1, seen: '00' }],
    ['an odd size', { v: 1, size: 12, highest: -1, seen: '000' }],
    ['a seen map of the wrong length', { v: 1, size: 8, highest: 3, seen: '001' }],
    ['upper-case hex', { v: 1, size: 8, highest: 3, seen: '0F' }],
    ['bits before counter 0', { v: 1, size: 8, highest: 1, seen: '07' }],
    ['bits with nothing seen', { v: 1, size: 8, highest: -1, seen: '01' }],
    ['a highest counter not marked seen', { v: 1, size: 8, highest: 5, seen: '02' }],
    ['a fractional counter', { v: 1, size: 8, highest: 2.5, seen: '01' }],
  ])('refuses a stored window with %s', (_, x) => {
    expect(() => ReplayWindow.fromJSON(x)).toThrow(MalformedRecordError);
  });

  it('throws RangeError on sizes and counters that make no sense', () => {
    expect(() => ReplayWindow.empty(0)).toThrow(RangeError);
    expect(() => ReplayWindow.empty(10)).toThrow(RangeError);
    expect(() => ReplayWindow.empty().check(-1)).toThrow(RangeError);
    expect(() => ReplayWindow.empty().check(1.5)).toThrow(RangeError);
    expect(() => ReplayWindow.empty().record(2 ** 53)).toThrow(RangeError);
  });
});

describe('ReplayWindow against a model', () => {
  it('agrees with "seen before, or more than size below the highest", through JSON', () => {
    fc.assert(
      fc.property(fc.constantFrom(8, 16, 64), fc.array(fc.nat({ max: 300 }), { maxLength: 80 }), (size, counters) => {
        let w = ReplayWindow.empty(size);
        const seen = new Set<number>();
        let highest = -1;
        for (const c of counters) {
          const expected = highest - c >= size ? 'too-old' : seen.has(c) ? 'replay' : 'fresh';
          expect(w.check(c)).toBe(expected);
          if (expected === 'fresh') {
            w = ReplayWindow.fromJSON(JSON.parse(JSON.stringify(w.record(c))));
            seen.add(c);
            highest = Math.max(highest, c);
          }
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
