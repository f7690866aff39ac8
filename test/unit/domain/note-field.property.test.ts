// The note-field register against an independent model of what it must
// show. Two or three leaders save a field (often several times in a row,
// as autosave does, from a screen that may be a few steps old) while their
// versions reach each other late, out of order and more than once. The
// model keeps the full causal history as sets: a version is superseded
// exactly when another version's writer had it (or a version that had it)
// behind the text they edited. After every step each side must show
// exactly the versions nobody superseded, with every one of their texts;
// once everything has arrived everywhere, both sides hold the same field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHlc, tick, type Hlc } from '../../../domain/hlc';
import {
  addVersion,
  fieldContext,
  fieldText,
  mergeFields,
  wellFormedVersion,
  writeVersion,
  type FieldState,
  type FieldVersion,
} from '../../../domain/merge';

const T0 = 1_760_000_000_000;
const EMPTY: FieldState = { heads: [], seen: [] };

type Op =
  /** Leader `who` saves `burst` times in a row, on top of what their field showed `stale` steps ago. */
  | { kind: 'write'; who: number; stale: number; burst: number; grow: boolean }
  /** One of the versions sent so far reaches side `to` (again, perhaps). */
  | { kind: 'deliver'; to: number; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('write' as const),
    who: fc.nat({ max: 2 }),
    stale: fc.nat({ max: 4 }),
    burst: fc.integer({ min: 1, max: 4 }),
    grow: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('deliver' as const), to: fc.nat({ max: 2 }), pick: fc.nat() }),
);

const scenario = fc.record({
  writers: fc.integer({ min: 2, max: 3 }),
  // Clocks that disagree by up to ±5 s: a leader behind still orders their own saves.
  skews: fc.array(fc.integer({ min: -5000, max: 5000 }), { minLength: 3, maxLength: 3 }),
  ops: fc.array(op, { maxLength: 40 }),
  seed: fc.integer(),
});

interface Side {
  state: FieldState;
  history: FieldState[];
  received: Set<string>;
  receivedHistory: Set<string>[];
}

interface Sent {
  version: FieldVersion;
  /** Every version this one supersedes, transitively. */
  past: Set<string>;
}

/** What travels: JSON, checked as parseEvents checks it. */
function wire(v: FieldVersion): FieldVersion {
  const copy = JSON.parse(JSON.stringify(v)) as unknown;
  expect(wellFormedVersion(copy)).toBe(true);
  return copy as FieldVersion;
}

function simulate(writers: number, skews: number[], ops: Op[], check: (side: Side, sent: Map<string, Sent>) => void) {
  const sides: Side[] = Array.from({ length: writers }, () => ({
    state: EMPTY,
    history: [EMPTY],
    received: new Set(),
    receivedHistory: [new Set()],
  }));
  const sent = new Map<string, Sent>();
  const order: string[] = [];
  const clocks: (Hlc | undefined)[] = [];
  const own: string[][] = sides.map(() => []);
  let step = 0;
  const record = (side: Side, next: FieldState, id: string) => {
    side.state = next;
    side.received.add(id);
    side.history.push(next);
    side.receivedHistory.push(new Set(side.received));
    check(side, sent);
  };
  for (const o of ops) {
    step++;
    if (o.kind === 'write') {
      const who = o.who % writers;
      const side = sides[who]!;
      const at = Math.max(0, side.history.length - 1 - o.stale);
      const screen = side.history[at]!;
      const shown = fieldContext(screen);
      for (let i = 0; i < o.burst; i++) {
        clocks[who] = tick(clocks[who], T0 + step * 1000 + i + skews[who]!, `leader-${who}~k${who}`);
        const hlc = encodeHlc(clocks[who]);
        const text = `${o.grow ? fieldText(screen) : ''} ⟨${order.length}⟩`;
        const { state, version } = writeVersion(side.state, hlc, `L${who}`, text, shown);
        // What the writer had behind the text: the screen's versions, and its own saves since.
        const direct = new Set([...side.receivedHistory[at]!, ...own[who]!]);
        const past = new Set<string>();
        for (const id of direct) {
          past.add(id);
          for (const p of sent.get(id)!.past) past.add(p);
        }
        sent.set(hlc, { version: wire(version), past });
        order.push(hlc);
        own[who]!.push(hlc);
        record(side, state, hlc);
      }
    } else if (order.length) {
      const side = sides[o.to % writers]!;
      const id = order[o.pick % order.length]!;
      record(side, addVersion(side.state, sent.get(id)!.version), id);
    }
  }
  return { sides, sent, order };
}

/** The model: the versions a side has that none of its other versions supersede. */
function modelHeads(received: Set<string>, sent: Map<string, Sent>): string[] {
  return [...received].filter((v) => ![...received].some((w) => sent.get(w)!.past.has(v))).sort();
}

/** Exactly the model's heads, and every one of their texts on screen. */
function checkSide(side: Side, sent: Map<string, Sent>): void {
  const heads = modelHeads(side.received, sent);
  expect(side.state.heads.map((h) => h.hlc)).toEqual(heads);
  const text = fieldText(side.state);
  for (const id of heads) expect(text).toContain(sent.get(id)!.version.text.trim());
}

/** A shuffle from a seed, so fast-check can replay it. */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('note field register (property)', () => {
  it('every side shows exactly the unsuperseded versions at every step, and all converge once all arrived', () => {
    fc.assert(
      fc.property(scenario, ({ writers, skews, ops, seed }) => {
        const { sides, sent, order } = simulate(writers, skews, ops, checkSide);
        // Everything reaches everyone, in a different order each, some of it twice.
        sides.forEach((side, i) => {
          for (const id of shuffled([...order, ...order.slice(0, seed % 5)], seed + i)) {
            side.state = addVersion(side.state, sent.get(id)!.version);
            side.received.add(id);
          }
          checkSide(side, sent);
        });
        for (const side of sides.slice(1)) {
          expect(side.state).toEqual(sides[0]!.state);
          expect(fieldText(side.state)).toBe(fieldText(sides[0]!.state));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('merging the states sides pass through is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), ({ writers, skews, ops }, picks) => {
        const { sides } = simulate(writers, skews, ops, () => undefined);
        const all = sides.flatMap((s) => s.history);
        const [x, y, z] = picks.map((p) => all[p % all.length]!) as [FieldState, FieldState, FieldState];
        expect(mergeFields(x, y)).toEqual(mergeFields(y, x));
        expect(mergeFields(mergeFields(x, y), z)).toEqual(mergeFields(x, mergeFields(y, z)));
        expect(mergeFields(x, x)).toEqual(x);
        expect(mergeFields(mergeFields(x, y), y)).toEqual(mergeFields(x, y));
      }),
      { numRuns: 300 },
    );
  });

  it('with a co-leader on an older release (versions with only a base), the sides still converge', () => {
    const legacy = fc.array(fc.record({ base: fc.nat(), none: fc.boolean(), text: fc.string({ maxLength: 8 }) }), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(scenario, legacy, ({ writers, skews, ops, seed }, old) => {
        const { sides, sent, order } = simulate(writers, skews, ops, () => undefined);
        const versions = order.map((id) => sent.get(id)!.version);
        let clock: Hlc | undefined;
        for (const [i, o] of old.entries()) {
          clock = tick(clock, T0 + i * 700, 'old-leader~q9');
          const base = o.none || !versions.length ? '' : versions[o.base % versions.length]!.hlc;
          versions.push(wire({ text: o.text, hlc: encodeHlc(clock), base, author: 'Old' }));
        }
        const states = sides.map((_, i) =>
          shuffled([...versions, ...versions.slice(0, seed % 4)], seed + i).reduce(addVersion, EMPTY),
        );
        for (const s of states.slice(1)) expect(s).toEqual(states[0]);
      }),
      { numRuns: 200 },
    );
  });
});
