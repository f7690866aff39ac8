// Joining the parts of a payload that travelled as several envelopes.
import { describe, expect, it } from 'vitest';
import { PART_TTL_MS, Reassembly, type Part } from '../../../channel/reassembly';

const parts = (sender: string, first: number, chunks: string[], epoch = 1): Part[] =>
  chunks.map((c, i) => ({
    sender,
    epoch,
    counter: first + i,
    part: i,
    parts: chunks.length,
    payload: new TextEncoder().encode(c),
  }));
const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : b);

describe('Reassembly', () => {
  it('gives a one-part payload back at once, and a longer one when its last missing part arrives, in any order', () => {
    const r = new Reassembly();
    expect(text(r.add(parts('a', 1, ['whole'])[0]!))).toBe('whole');
    const [p0, p1, p2] = parts('a', 10, ['one ', 'two ', 'three']);
    expect(r.add(p2!)).toBeUndefined();
    expect(r.add(p0!)).toBeUndefined();
    expect(r.size).toBe(1);
    expect(text(r.add(p1!))).toBe('one two three');
    expect(r.size).toBe(0);
  });

  it('keeps payloads of different senders, epochs and first counters apart', () => {
    const r = new Reassembly();
    const a = parts('a', 1, ['a1', 'a2']);
    const b = parts('b', 1, ['b1', 'b2']);
    const a2 = parts('a', 1, ['x1', 'x2'], 2);
    for (const p of [a[0]!, b[0]!, a2[0]!]) expect(r.add(p)).toBeUndefined();
    expect(text(r.add(b[1]!))).toBe('b1b2');
    expect(text(r.add(a2[1]!))).toBe('x1x2');
    expect(text(r.add(a[1]!))).toBe('a1a2');
  });

  it('holds at most four unfinished payloads per sender, dropping the oldest, and forgets them after a while', () => {
    let now = 0;
    const r = new Reassembly(() => now);
    const started = [1, 11, 21, 31, 41].map((first) => parts('a', first, ['x', 'y']));
    for (const p of started) r.add(p[0]!);
    expect(r.size).toBe(4);
    // The first was dropped: its second part alone completes nothing.
    expect(r.add(started[0]![1]!)).toBeUndefined();
    expect(text(r.add(started[4]![1]!))).toBe('xy');
    now += PART_TTL_MS + 1;
    r.add(parts('b', 1, ['p', 'q'])[0]!);
    expect(r.size).toBe(1);
  });
});
