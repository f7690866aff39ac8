import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHlc, encodeHlc, receive, tick } from '../../../domain/hlc';
import { lastWriterWins, mergeField, type FieldVersion } from '../../../domain/merge';

const v = (text: string, hlc: string, base = '', author = 'A'): FieldVersion => ({ text, hlc, base, author });

describe('hybrid logical clock', () => {
  it('never runs backwards and sorts as strings', () => {
    const a = tick(undefined, 1000, 'a');
    const b = tick(a, 900, 'a');
    expect(b).toEqual({ wall: 1000, count: 1, device: 'a' });
    expect(encodeHlc(a) < encodeHlc(b)).toBe(true);
    expect(decodeHlc(encodeHlc(b))).toEqual(b);
  });
  it('moves past a remote time it has seen', () => {
    const local = tick(undefined, 1000, 'a');
    const after = receive(local, { wall: 5000, count: 3, device: 'b' }, 2000, 'a');
    expect(after).toEqual({ wall: 5000, count: 4, device: 'a' });
  });
});

describe('mergeField', () => {
  it('takes an edit made on top of what we have', () => {
    expect(mergeField(v('one', 'h1'), v('one two', 'h2', 'h1', 'B')).text).toBe('one two');
  });
  it('ignores an older version we already built on', () => {
    expect(mergeField(v('one two', 'h2', 'h1'), v('one', 'h1')).text).toBe('one two');
  });
  it('keeps both texts of concurrent edits, the same on both sides', () => {
    const a = v('Avery spoke first', 'h2a', 'h1', 'A');
    const b = v('Blake went quiet', 'h2b', 'h1', 'B');
    const onA = mergeField(a, b);
    const onB = mergeField(b, a);
    expect(onA).toEqual(onB);
    expect(onA.text).toContain('Avery spoke first');
    expect(onA.text).toContain('Blake went quiet');
  });
  it('converges whatever the order of arrival (property)', () => {
    const version = fc.record({ text: fc.string(), hlc: fc.stringMatching(/^[a-z0-9]{1,6}$/), base: fc.constant(''), author: fc.constantFrom('A', 'B') });
    fc.assert(
      fc.property(version, version, (x, y) => {
        fc.pre(x.hlc !== y.hlc);
        const one = mergeField(x, y);
        const two = mergeField(y, x);
        expect(one).toEqual(two);
        for (const t of [x.text, y.text]) expect(one.text.includes(t.trim()) || t.trim() === '').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('lastWriterWins', () => {
  it('keeps the later edit in both orders', () => {
    const a = { value: 1, hlc: 'h1' };
    const b = { value: 2, hlc: 'h2' };
    expect(lastWriterWins(a, b)).toBe(b);
    expect(lastWriterWins(b, a)).toBe(b);
    expect(lastWriterWins(undefined, a)).toBe(a);
  });
});
