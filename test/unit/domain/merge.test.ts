import { describe, expect, it } from 'vitest';
import { decodeHlc, encodeHlc, receive, tick } from '../../../domain/hlc';
import {
  addVersion,
  CONFLICT_RULE,
  fieldContext,
  fieldState,
  fieldText,
  lastWriterWins,
  MAX_SEEN,
  mergeFields,
  versionOf,
  wellFormedVersion,
  writeVersion,
  writerOf,
  type FieldState,
  type FieldVersion,
} from '../../../domain/merge';

const T0 = 1_760_000_000_000;
const a = (ms: number, count = 0) => encodeHlc({ wall: T0 + ms, count, device: 'dev-a~x1' });
const b = (ms: number, count = 0) => encodeHlc({ wall: T0 + ms, count, device: 'dev-b~y2' });
const c = (ms: number, count = 0) => encodeHlc({ wall: T0 + ms, count, device: 'dev-c~z3' });
/** An older co-leader's version: no `seen`, only `base`. */
const old = (text: string, hlc: string, base = '', author = 'A'): FieldVersion => ({ text, hlc, base, author });
const EMPTY: FieldState = { heads: [], seen: [] };
const apply = (...vs: FieldVersion[]) => vs.reduce(addVersion, EMPTY);

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

describe('note field register', () => {
  it('a version written on top of another replaces it, whatever the order of arrival', () => {
    const w1 = writeVersion(EMPTY, a(100), 'A', 'cohesion');
    const w2 = writeVersion(w1.state, a(130), 'A', 'cohesion rising');
    expect(w2.version.seen).toEqual([a(100)]);
    for (const order of [
      [w1.version, w2.version],
      [w2.version, w1.version],
    ]) {
      const s = apply(...order);
      expect(s.heads.map((h) => h.hlc)).toEqual([a(130)]);
      expect(fieldText(s)).toBe('cohesion rising');
    }
  });

  it('keeps both texts of edits made without seeing each other, oldest first, the same on both sides', () => {
    const x = writeVersion(EMPTY, a(100), 'A', 'Avery spoke first').version;
    const y = writeVersion(EMPTY, b(90), 'B', 'Blake went quiet').version;
    const onA = apply(x, y);
    const onB = apply(y, x);
    expect(onA).toEqual(onB);
    expect(fieldText(onA)).toBe(`Blake went quiet${CONFLICT_RULE}Avery spoke first`);
  });

  it('A saved twice while B saved once: both sides keep B and A’s second, and a1 is not repeated', () => {
    const a1 = writeVersion(EMPTY, a(100), 'A', 'cohesion');
    const a2 = writeVersion(a1.state, a(130), 'A', 'cohesion rising').version;
    const b1 = writeVersion(EMPTY, b(110), 'B', 'conflict about lateness').version;
    const onA = [a2, b1].reduce(addVersion, a1.state);
    const onB = [a1.version, a2].reduce(addVersion, apply(b1));
    expect(onB).toEqual(onA);
    expect(fieldText(onA)).toBe(`conflict about lateness${CONFLICT_RULE}cohesion rising`);
  });

  it('an edit of the shown conflict supersedes every head, on both sides', () => {
    const x = writeVersion(EMPTY, a(100), 'A', 'one').version;
    const y = writeVersion(EMPTY, b(100), 'B', 'two').version;
    const both = apply(x, y);
    const resolved = writeVersion(both, b(200), 'B', 'one and two');
    expect(resolved.version.seen).toEqual([a(100), b(100)]);
    expect(fieldText(resolved.state)).toBe('one and two');
    // A, who has only its own version, takes it too; and old copies arriving after change nothing.
    const onA = [resolved.version, y, x].reduce(addVersion, apply(x));
    expect(onA).toEqual(resolved.state);
  });

  it('a save keeps a co-leader’s text that arrived after what the leader had on screen', () => {
    const mine = writeVersion(EMPTY, a(100), 'A', 'draft');
    const shown = fieldContext(mine.state);
    const theirs = writeVersion(mine.state, b(150), 'B', 'draft, and a plan').version;
    const now = addVersion(mine.state, theirs);
    // A kept typing on its own text; B's edit came in meanwhile.
    const next = writeVersion(now, a(200), 'A', 'draft with more', shown);
    expect(next.state.heads.map((h) => h.text)).toEqual(['draft, and a plan', 'draft with more']);
    // A's own earlier save is superseded even if the screen predates it.
    const again = writeVersion(next.state, a(300), 'A', 'draft with more still', shown);
    expect(again.state.heads.map((h) => h.text)).toEqual(['draft, and a plan', 'draft with more still']);
    expect(again.version.seen).toEqual([a(200)]);
  });

  it('remembers one id per writer, however many saves: autosave a second for an hour', () => {
    let s = EMPTY;
    for (let i = 0; i < 3600; i++) s = writeVersion(s, (i % 2 ? a : b)(i * 1000), i % 2 ? 'A' : 'B', `text ${i}`).state;
    expect(s.heads).toHaveLength(1);
    expect(s.seen).toHaveLength(2);
    expect(JSON.stringify(s).length).toBeLessThan(400);
  });

  it('shows each text once and leaves blank heads out', () => {
    const s = apply(old('same', a(1)), old(' same ', b(1)), old('', c(1)));
    expect(fieldText(s)).toBe('same');
    expect(fieldText(apply(old('  ', a(1))))).toBe('  ');
    expect(fieldText(apply(old('', a(1)), old(' ', b(1))))).toBe(' ');
    expect(fieldText(EMPTY)).toBe('');
  });

  it('the same id with different content (a buggy device) resolves alike on both sides', () => {
    const x = old('one', a(1));
    const y = old('other', a(1));
    expect(apply(x, y)).toEqual(apply(y, x));
  });

  it('an older co-leader’s version supersedes its base, and an old merged id its parts', () => {
    expect(fieldText(apply(old('one', a(1)), old('one two', b(2), a(1), 'B')))).toBe('one two');
    expect(fieldText(apply(old('one two', b(2), a(1), 'B'), old('one', a(1))))).toBe('one two');
    // The old release merged concurrent a1 and b1 into one version "b1+a1"; it supersedes both.
    const merged = old(`one${CONFLICT_RULE}two`, `${b(2)}+${a(1)}`, b(2), 'A + B');
    expect(fieldText(apply(old('one', a(1)), old('two', b(2)), merged))).toBe(`one${CONFLICT_RULE}two`);
    // And an edit made on top of the merged version supersedes that.
    expect(fieldText(apply(merged, old('three', a(3), merged.hlc), old('one', a(1))))).toBe('three');
  });

  it('a note stored before heads loads as a single head', () => {
    const s = fieldState({ hlc: b(5), base: a(1), author: 'B' }, 'the text');
    expect(s).toEqual({ heads: [{ hlc: b(5), author: 'B', text: 'the text', seen: [a(1)] }], seen: [a(1)] });
    expect(fieldState(s, 'ignored')).toBe(s);
    expect(fieldState(undefined, undefined)).toEqual(EMPTY);
    // Text saved before versions existed: a local head that a local edit supersedes, never sent.
    const unversioned = fieldState(undefined, 'written before versions');
    expect(fieldText(addVersion(unversioned, old('theirs', b(1))))).toBe(
      `written before versions${CONFLICT_RULE}theirs`,
    );
    const edited = writeVersion(unversioned, a(1), 'A', 'written before versions, edited');
    expect(edited.state.heads.map((h) => h.text)).toEqual(['written before versions, edited']);
    expect(edited.version.seen).toEqual([]);
  });

  it('sends a head as it was written', () => {
    const w = writeVersion(apply(old('x', b(1))), a(2), 'A', 'y');
    expect(versionOf(w.state.heads[0]!)).toEqual(w.version);
    expect(w.version.base).toBe(b(1));
    expect(wellFormedVersion(JSON.parse(JSON.stringify(w.version)))).toBe(true);
  });

  it('names writers by the clock’s device; anything else is a writer of its own', () => {
    expect(writerOf(a(1))).toBe('dev-a~x1');
    expect(writerOf(a(99, 3))).toBe('dev-a~x1');
    expect(writerOf(`${b(2)}+${a(1)}`)).not.toBe(writerOf(b(2)));
    expect(writerOf('dev-a~x1')).not.toBe(writerOf(a(1)));
    // A '+' inside a device name is not an old merged id: that writer's saves still chain.
    const plus = (ms: number) => encodeHlc({ wall: T0 + ms, count: 0, device: 'dev+a~x1' });
    expect(writerOf(plus(1))).toBe('dev+a~x1');
    const first = writeVersion(EMPTY, plus(1), 'A', 'one');
    expect(writeVersion(first.state, plus(2), 'A', 'one two', []).state.heads.map((h) => h.text)).toEqual(['one two']);
  });

  it('merging is commutative, associative and idempotent on fixed states', () => {
    const x = apply(old('one', a(1)));
    const y = apply(old('two', b(1)), old('two!', b(2), b(1)));
    const z = apply(old('three', c(5), a(1)));
    expect(mergeFields(x, y)).toEqual(mergeFields(y, x));
    expect(mergeFields(mergeFields(x, y), z)).toEqual(mergeFields(x, mergeFields(y, z)));
    expect(mergeFields(y, y)).toEqual(y);
    expect(fieldText(mergeFields(mergeFields(x, y), z))).toBe(`two!${CONFLICT_RULE}three`);
  });
});

describe('wellFormedVersion', () => {
  const good: FieldVersion = { text: 't', hlc: a(10), base: b(5), author: 'A', seen: [a(5), b(5)] };
  it('accepts a version and an older co-leader’s', () => {
    expect(wellFormedVersion(good)).toBe(true);
    expect(wellFormedVersion({ text: 't', hlc: a(10), base: '', author: 'A', seen: [] })).toBe(true);
    expect(wellFormedVersion(old('t', a(10), 'anything at all'))).toBe(true);
    expect(wellFormedVersion(old('t', `${b(2)}+${a(1)}`, b(2)))).toBe(true);
  });
  it.each([
    ['not an object', null],
    ['an array', []],
    ['an empty id', { ...good, hlc: '' }],
    ['a text too long', { ...good, text: 'x'.repeat(60_001) }],
    ['seen not a list', { ...good, seen: 'a' }],
    ['an empty id seen', { ...good, seen: ['', b(5)] }],
    ['a number seen', { ...good, seen: [1, b(5)] }],
    ['a writer named twice', { ...good, seen: [b(4), b(5)] }],
    ['itself seen', { ...good, seen: [a(10), b(5)] }],
    ['a later version of its own writer seen', { ...good, seen: [a(11), b(5)] }],
    ['a base not seen', { ...good, base: c(1) }],
    ['an empty base with something seen', { ...good, base: '' }],
    ['a base with nothing seen', { ...good, seen: [] }],
    [
      'too many seen',
      {
        ...good,
        seen: Array.from({ length: MAX_SEEN + 1 }, (_, i) => encodeHlc({ wall: T0, count: 0, device: `d${i}` })),
      },
    ],
  ])('refuses %s', (_name, v) => {
    expect(wellFormedVersion(v)).toBe(false);
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
