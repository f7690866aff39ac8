// The replay window at its edges: the first counter, a jump of exactly the window's size,
// the largest window, and each kind of damaged stored state.
import { describe, expect, it } from 'vitest';
import { ReplayWindow } from '../../../crypto/replay';
import { MalformedRecordError } from '../../../crypto/types';

const hex = (size: number, bits: bigint) => bits.toString(16).padStart(size / 4, '0');

describe('recording', () => {
  it('starts at any first counter, 0 included, with only that counter seen', () => {
    const w = ReplayWindow.empty(8).record(0);
    expect(w.toJSON()).toEqual({ v: 1, size: 8, highest: 0, seen: '01' });
    expect(w.check(0)).toBe('replay');
    expect(ReplayWindow.empty(8).record(5).toJSON()).toEqual({ v: 1, size: 8, highest: 5, seen: '01' });
  });

  it('a counter equal to the highest is a replay, not a new highest', () => {
    const w = ReplayWindow.empty(8).record(3);
    expect(w.record(3)).toBe(w);
  });

  it('keeps what is still inside the window after a jump of size - 1, and forgets it after a jump of size', () => {
    const w = ReplayWindow.empty(8).record(10);
    expect(w.record(17).check(10)).toBe('replay');
    expect(w.record(17).toJSON().seen).toBe(hex(8, 0x81n));
    expect(w.record(18).check(10)).toBe('too-old');
    expect(w.record(18).toJSON().seen).toBe('01');
  });

  it('takes the largest window size and refuses one step beyond', () => {
    expect(ReplayWindow.empty(4096).size).toBe(4096);
    expect(() => ReplayWindow.empty(4104)).toThrow(RangeError);
    expect(() => ReplayWindow.empty(12)).toThrow(RangeError);
  });
});

describe('a stored window', () => {
  it('reads back what it wrote, at the smallest and largest sizes', () => {
    for (const size of [8, 4096]) {
      const w = ReplayWindow.empty(size).record(1).record(3);
      expect(ReplayWindow.fromJSON(w.toJSON()).toJSON()).toEqual(w.toJSON());
    }
    expect(ReplayWindow.fromJSON({ v: 1, size: 8, highest: -1, seen: '00' }).highest).toBe(-1);
  });

  it('refuses each kind of damage', () => {
    const good = { v: 1, size: 8, highest: 3, seen: '09' };
    const damaged: unknown[] = [
      null,
      'window',
      { ...good, v: 2 },
      { ...good, size: 12 },
      { ...good, size: '8' },
      { ...good, size: 8.5 },
      { ...good, highest: '3' },
      { ...good, seen: 9 },
      { ...good, highest: 2.5 },
      { ...good, highest: -2 },
      { ...good, seen: '9' },
      { ...good, seen: '0G' },
      // A bit for a counter below 0.
      { ...good, seen: '11' },
      // No bit for the highest counter itself.
      { ...good, seen: '08' },
      // Nothing seen, yet bits set.
      { ...good, highest: -1, seen: '01' },
    ];
    for (const x of damaged)
      expect(() => ReplayWindow.fromJSON(x), JSON.stringify(x)).toThrow(
        new MalformedRecordError('A stored replay window is damaged.'),
      );
  });
});
