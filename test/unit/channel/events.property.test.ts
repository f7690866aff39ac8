// Decrypted payloads come from a paired device that may still be buggy or
// compromised: parseEvents must return a valid batch or undefined for any
// bytes, and never throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeEvents, parseEvents, PRACTICE_ACTIONS, type ChannelEvent } from '../../../channel/events';
import { encodeHlc } from '../../../domain/hlc';
import { writerOf } from '../../../domain/merge';

const RUNS = 10_000;
const enc = new TextEncoder();
const json = (v: unknown) => enc.encode(JSON.stringify(v));
const KNOWN = new Set([
  'marker',
  'session',
  'attendance',
  'note-field',
  'roster',
  'presence',
  'resync',
  'message',
  'digest',
  'have',
  'want',
  'members',
  'practice',
  'sv-practice',
]);

/** Never throws; when it accepts, what it returns is exactly the batch that was sent, of known kinds. */
function parsed(bytes: Uint8Array): ChannelEvent[] | undefined {
  let out: ChannelEvent[] | undefined;
  expect(() => (out = parseEvents(bytes))).not.toThrow();
  if (out !== undefined) {
    expect(Array.isArray(out)).toBe(true);
    expect(out.length).toBeGreaterThan(0);
    for (const e of out) expect(KNOWN.has(e.t)).toBe(true);
  }
  return out;
}

// ------------------------------------------------------------ valid events

const id = fc.string({ minLength: 1, maxLength: 64 });
const time = fc.double({ min: 0, max: 1e13, noNaN: true, noDefaultInfinity: true });
const hlc = fc.string({ maxLength: 200 });

const marker = fc.record({
  t: fc.constant('marker' as const),
  id,
  sessionId: id,
  at: time,
  wallAt: time,
  category: fc.string({ maxLength: 80 }),
  memberId: fc.option(id, { nil: null }),
  text: fc.string({ maxLength: 2000 }),
  auto: fc.boolean(),
  deleted: fc.boolean(),
  author: fc.string({ maxLength: 80 }),
  hlc,
});
const session = fc.record({
  t: fc.constant('session' as const),
  id,
  groupId: id,
  startedAt: time,
  endedAt: fc.option(time, { nil: null }),
  pauses: fc.array(fc.tuple(time, fc.option(time, { nil: null })), { maxLength: 5 }),
  hlc,
});
const attendance = fc.record({
  t: fc.constant('attendance' as const),
  sessionId: id,
  memberId: id,
  status: fc.constantFrom('present' as const, 'late' as const, 'left-early' as const, 'absent' as const),
  hlc,
});
/** A note field version: per writer (the clock's device), the newest version it supersedes. */
const clockTime = fc
  .record({
    wall: fc.nat({ max: 1e13 }),
    count: fc.nat({ max: 36 ** 4 - 1 }),
    device: fc.constantFrom('a~1', 'b~2', 'c~3', 'dev-d~x4'),
  })
  .map(encodeHlc);
const noteVersion = fc
  .record({
    text: fc.string({ maxLength: 500 }),
    hlc: clockTime,
    author: fc.string({ maxLength: 200 }),
    seen: fc.uniqueArray(clockTime, { selector: writerOf, maxLength: 5 }),
  })
  .map(({ seen, ...v }) => {
    const others = seen.filter((id) => writerOf(id) !== writerOf(v.hlc));
    return { ...v, base: others.at(-1) ?? '', seen: others };
  });
/** As an older co-leader sends it: any id, and a base only. */
const legacyNoteVersion = fc.record({
  text: fc.string({ maxLength: 500 }),
  hlc: fc.string({ minLength: 1, maxLength: 400 }),
  base: fc.string({ maxLength: 400 }),
  author: fc.string({ maxLength: 200 }),
});
const noteField = fc.record({
  t: fc.constant('note-field' as const),
  sessionId: id,
  template: fc.string({ maxLength: 40 }),
  field: fc.string({ maxLength: 40 }),
  version: fc.oneof(noteVersion, legacyNoteVersion),
});
const roster = fc.record({
  t: fc.constant('roster' as const),
  group: fc.record({
    id,
    name: fc.string({ maxLength: 200 }),
    kind: fc.constantFrom('closed' as const, 'slow-open' as const, 'open' as const),
    schedule: fc.string({ maxLength: 200 }),
  }),
  members: fc.array(
    fc.record({
      id,
      name: fc.string({ maxLength: 200 }),
      pronouns: fc.string({ maxLength: 60 }),
      archived: fc.boolean(),
    }),
    { maxLength: 5 },
  ),
  hlc,
});
const presence = fc.record({
  t: fc.constant('presence' as const),
  state: fc.constantFrom('here' as const, 'away' as const),
  at: time,
});
const resync = fc.record({ t: fc.constant('resync' as const), sessionIds: fc.array(id, { maxLength: 5 }) });

const hexOf = (n: number) =>
  fc.uint8Array({ minLength: n / 2, maxLength: n / 2 }).map((b) => Buffer.from(b).toString('hex'));
const key = fc.string({ maxLength: 120 });
const digest = fc.record({
  t: fc.constant('digest' as const),
  sessionId: id,
  hash: hexOf(32),
  n: fc.nat({ max: 1_000_000 }),
  members: hexOf(32),
});
const have = fc.record({
  t: fc.constant('have' as const),
  to: hexOf(32),
  sessionId: id,
  re: hexOf(32),
  items: fc.array(fc.tuple(key, hexOf(12)), { maxLength: 5 }),
});
const want = fc.record({
  t: fc.constant('want' as const),
  to: hexOf(32),
  sessionId: id,
  keys: fc.array(key, { minLength: 1, maxLength: 5 }),
});
const pk = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64'));
const members = fc.record({
  t: fc.constant('members' as const),
  members: fc.array(fc.record({ v: fc.constant(1 as const), deviceId: hexOf(32), signPk: pk, boxPk: pk }), {
    minLength: 1,
    maxLength: 4,
  }),
});

const speed = fc.constantFrom(1 as const, 2 as const);
const practice = fc.record({
  t: fc.constant('practice' as const),
  rehearsal: id,
  scenario: id,
  version: fc.integer({ min: 0, max: 1_000_000 }),
  action: fc.constantFrom(...PRACTICE_ACTIONS),
  from: fc.constantFrom('a' as const, 'b' as const),
  seq: fc.integer({ min: 0, max: 1_000_000 }),
  speed,
  playing: fc.boolean(),
  scenarioMs: time,
  sentAt: time,
  marks: fc.array(
    fc.record({ id, family: fc.string({ maxLength: 40 }), aloud: fc.boolean(), scenarioMs: time, speed }),
    { maxLength: 4 },
  ),
});

const svPractice = fc.record({
  t: fc.constant('sv-practice' as const),
  practice: fc.record({
    id: fc.string({ minLength: 1, maxLength: 55 }),
    title: fc.string({ maxLength: 200 }),
    pair: fc.boolean(),
    speed,
    startedAt: time,
    sharedAt: time,
    moments: fc.array(
      fc.record(
        {
          id,
          what: fc.string({ maxLength: 400 }),
          noticed: fc.boolean(),
          afterSeconds: fc.option(time, { nil: null }),
          namedAloud: fc.boolean(),
          coLeaderNoticed: fc.boolean(),
        },
        { requiredKeys: ['id', 'what', 'noticed', 'afterSeconds', 'namedAloud'] },
      ),
      { maxLength: 4 },
    ),
  }),
});

const event: fc.Arbitrary<ChannelEvent> = fc.oneof(
  practice,
  svPractice,
  marker,
  session,
  attendance,
  noteField,
  roster,
  presence,
  resync,
  digest,
  have,
  want,
  members,
);
const batch = fc.array(event, { minLength: 1, maxLength: 6 });

// ------------------------------------------------------------ invalid values, by what a field must be

/** Anything JSON can carry that is not a string (null included). */
const notString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string(), { maxKeys: 2 }),
);
/** Neither a string nor null. */
const notNullableString = notString.filter((v) => v !== null);
/** Not a finite number ≥ 0 (negative numbers, strings, null, …). */
const notTime = fc.oneof(
  fc.double({ max: -Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.constant({}),
);
const notNullableTime = notTime.filter((v) => v !== null);
const notBool = fc.oneof(
  fc.integer(),
  fc.string(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.constantFrom(0, 1, 'true', 'false'),
);
const tooLong = (max: number) => fc.string({ minLength: max + 1, maxLength: max + 20 });
const notStringOrLonger = (max: number) => fc.oneof(notString, tooLong(max));

const H1 = encodeHlc({ wall: 1, count: 0, device: 'b' });
const H2 = encodeHlc({ wall: 5, count: 0, device: 'a' });

/** For each kind of event, each field and values it must refuse there. */
const notSpeed = fc.oneof(fc.constantFrom(0, 3, 1.5, '2', null, true), fc.constant([]));
const okMoment = { id: 'late', what: 'A member joins late', noticed: true, afterSeconds: 1, namedAloud: false };
const okPractice = {
  id: 'run',
  title: 'A late arrival',
  pair: false,
  speed: 1,
  startedAt: 1,
  sharedAt: 2,
  moments: [],
};
const WRONG: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
  'sv-practice': {
    practice: fc.oneof(
      fc.constant(null),
      fc.constant([]),
      notString,
      fc.constant({ ...okPractice, id: '' }),
      fc.constant({ ...okPractice, id: 'x'.repeat(56) }),
      fc.constant({ ...okPractice, title: 'x'.repeat(201) }),
      fc.constant({ ...okPractice, pair: 'no' }),
      fc.constant({ ...okPractice, speed: 3 }),
      fc.constant({ ...okPractice, startedAt: -1 }),
      fc.constant({ ...okPractice, sharedAt: '2' }),
      fc.constant({ ...okPractice, moments: null }),
      fc.constant({ ...okPractice, moments: [null] }),
      fc.constant({ ...okPractice, moments: [{ ...okMoment, noticed: 1 }] }),
      fc.constant({ ...okPractice, moments: [{ ...okMoment, afterSeconds: -1 }] }),
      fc.constant({ ...okPractice, moments: [{ ...okMoment, what: 'x'.repeat(401) }] }),
      fc.constant({ ...okPractice, moments: [{ ...okMoment, coLeaderNoticed: 'yes' }] }),
      fc.constant({ ...okPractice, moments: Array.from({ length: 61 }, () => okMoment) }),
    ),
  },
  practice: {
    rehearsal: notStringOrLonger(64),
    scenario: notStringOrLonger(64),
    version: fc.oneof(notTime, fc.constantFrom(1.5, 1_000_001)),
    action: fc.oneof(notString, fc.constantFrom('', 'play', 'Pause', 'seek')),
    from: fc.oneof(notString, fc.constantFrom('A', 'c', '')),
    seq: fc.oneof(notTime, fc.constant(0.5)),
    speed: notSpeed,
    playing: notBool,
    scenarioMs: notTime,
    sentAt: notTime,
    marks: fc.oneof(
      fc.constant(null),
      fc.constant({}),
      fc.constant([null]),
      fc.constant([{ id: 'm', family: 'frame', aloud: 'no', scenarioMs: 1, speed: 1 }]),
      fc.constant([{ id: 'm', family: 'frame', aloud: false, scenarioMs: -1, speed: 1 }]),
      fc.constant([{ id: 'm', family: 'frame', aloud: false, scenarioMs: 1, speed: 3 }]),
      fc.constant([{ id: 'm', family: 'f'.repeat(41), aloud: false, scenarioMs: 1, speed: 1 }]),
      fc.constant(
        Array.from({ length: 301 }, (_, i) => ({
          id: `m${i}`,
          family: 'frame',
          aloud: false,
          scenarioMs: 1,
          speed: 1,
        })),
      ),
    ),
  },
  marker: {
    t: fc.constantFrom('markers', 'Marker', '', 'marker ', null, 1),
    id: notStringOrLonger(64),
    sessionId: notStringOrLonger(64),
    at: notTime,
    wallAt: notTime,
    category: notStringOrLonger(80),
    memberId: fc.oneof(notNullableString, tooLong(64)),
    text: notStringOrLonger(2000),
    auto: notBool,
    deleted: notBool,
    author: notStringOrLonger(80),
    hlc: notStringOrLonger(200),
  },
  session: {
    id: notStringOrLonger(64),
    groupId: notStringOrLonger(64),
    startedAt: notTime,
    endedAt: notNullableTime,
    pauses: fc.oneof(
      notTime.filter((v) => !Array.isArray(v)),
      fc.constant([[1]]),
      fc.constant([[1, 2, 3]]),
      fc.constant([[-1, null]]),
      fc.constant([['1', 2]]),
      fc.constant([null]),
      fc.constant([{}]),
    ),
    hlc: notStringOrLonger(200),
  },
  attendance: {
    sessionId: notStringOrLonger(64),
    memberId: notStringOrLonger(64),
    status: fc.oneof(fc.constantFrom('Present', 'gone', '', 'toString', '__proto__'), notString),
    hlc: notStringOrLonger(200),
  },
  'note-field': {
    sessionId: notStringOrLonger(64),
    template: notStringOrLonger(40),
    field: notStringOrLonger(40),
    version: fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.integer(),
      fc.constant([]),
      fc.constant({}),
      fc.constant({ text: 'x', hlc: 'h', base: '' }),
      fc.constant({ text: 1, hlc: 'h', base: '', author: 'a' }),
      fc.constant({ text: 'x', hlc: '', base: '', author: 'a' }),
      fc.constant({ text: 'x', hlc: H2, base: '', author: 'a', seen: 'h' }),
      fc.constant({
        text: 'x',
        hlc: H2,
        base: H1,
        author: 'a',
        seen: [H1, encodeHlc({ wall: 2, count: 0, device: 'b' })],
      }),
      fc.constant({ text: 'x', hlc: H2, base: H2, author: 'a', seen: [H2] }),
      fc.constant({ text: 'x', hlc: H2, base: '', author: 'a', seen: [H1] }),
      fc.constant({ text: 'x', hlc: H2, base: H1, author: 'a', seen: [H1, 7] }),
    ),
  },
  roster: {
    group: fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.constant([]),
      fc.constant({ id: 'g', name: 'n', kind: 'weekly', schedule: '' }),
      fc.constant({ id: 'g', name: 'n', kind: 'open' }),
    ),
    members: fc.oneof(
      notTime.filter((v) => !Array.isArray(v)),
      fc.constant([null]),
      fc.constant([1]),
      fc.constant(['m']),
      fc.constant([{ id: 'm', name: 'n', pronouns: '', archived: 'no' }]),
      fc.constant(Array.from({ length: 101 }, (_, i) => ({ id: `m${i}`, name: '', pronouns: '', archived: false }))),
    ),
    hlc: notStringOrLonger(200),
  },
  presence: {
    state: fc.oneof(fc.constantFrom('gone', 'HERE', ''), notString),
    at: notTime,
  },
  digest: {
    sessionId: notStringOrLonger(64),
    hash: fc.oneof(notString, fc.constantFrom('', 'A'.repeat(32), 'a'.repeat(31), 'a'.repeat(33), 'g'.repeat(32))),
    n: fc.oneof(notTime, fc.constantFrom(1.5, 1_000_001)),
    members: fc.oneof(notString, fc.constantFrom('', 'A'.repeat(32), 'a'.repeat(31))),
  },
  have: {
    to: fc.oneof(notString, fc.constantFrom('', 'a'.repeat(31), 'Z'.repeat(32))),
    re: fc.oneof(notString, fc.constantFrom('', 'a'.repeat(33), 'A'.repeat(32))),
    sessionId: notStringOrLonger(64),
    items: fc.oneof(
      fc.constant(null),
      fc.constant({}),
      fc.constant([['k']]),
      fc.constant([['k', 'ABCDEF012345']]),
      fc.constant([['k', '0123']]),
      fc.constant([[1, '0123456789ab']]),
      fc.constant([['x'.repeat(121), '0123456789ab']]),
      fc.constant(Array.from({ length: 401 }, (_, i) => [`k${i}`, '0123456789ab'])),
    ),
  },
  want: {
    to: fc.oneof(notString, fc.constantFrom('', 'a'.repeat(33))),
    sessionId: notStringOrLonger(64),
    keys: fc.oneof(
      fc.constant(null),
      fc.constant([]),
      fc.constant([1]),
      fc.constant(['x'.repeat(121)]),
      fc.constant(Array.from({ length: 401 }, (_, i) => `k${i}`)),
    ),
  },
  members: {
    members: fc.oneof(
      fc.constant(null),
      fc.constant([]),
      fc.constant([null]),
      fc.constant([{ v: 1, deviceId: 'a'.repeat(32), signPk: 'x', boxPk: 'y' }]),
      fc.constant([{ v: 2, deviceId: 'a'.repeat(32), signPk: `${'A'.repeat(43)}=`, boxPk: `${'A'.repeat(43)}=` }]),
      fc.constant(
        Array.from({ length: 17 }, () => ({
          v: 1,
          deviceId: 'a'.repeat(32),
          signPk: `${'A'.repeat(43)}=`,
          boxPk: `${'A'.repeat(43)}=`,
        })),
      ),
    ),
  },
  resync: {
    sessionIds: fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.constant({}),
      fc.constant([1]),
      fc.constant([null]),
      fc.constant([''.padEnd(65, 'x')]),
      fc.constant(Array.from({ length: 51 }, (_, i) => `s${i}`)),
    ),
  },
};

describe('parseEvents', () => {
  it(`never throws on random bytes (${RUNS} runs) and refuses what is not a batch`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        parsed(bytes);
      }),
      { numRuns: RUNS },
    );
    // Bytes that are not UTF-8, or UTF-8 that is not JSON.
    for (const b of [
      new Uint8Array([0xff, 0xfe]),
      new Uint8Array([0x7b, 0xc3]),
      enc.encode('{"v":1,"events":[{"t":"presence","state":"here","at":1}]'),
      new Uint8Array(),
    ])
      expect(parsed(b)).toBeUndefined();
  });

  it(`never throws on random JSON (${RUNS} runs) and accepts none of it unless it is a well-formed batch`, () => {
    const anyJson = fc.oneof(
      fc.jsonValue(),
      fc.jsonValue().map((events) => ({ v: 1, events })),
      fc.array(fc.jsonValue(), { minLength: 1, maxLength: 4 }).map((events) => ({ v: 1, events })),
      fc
        .array(
          fc.dictionary(
            fc.constantFrom('t', 'id', 'state', 'at', 'sessionIds', 'group', 'members', 'version', 'pauses'),
            fc.jsonValue(),
            {
              maxKeys: 5,
            },
          ),
          { minLength: 1, maxLength: 3 },
        )
        .map((events) => ({ v: 1, events })),
    );
    fc.assert(
      fc.property(anyJson, (value) => {
        const out = parsed(json(value));
        if (out !== undefined) expect(out).toEqual((JSON.parse(JSON.stringify(value)) as { events: unknown }).events);
      }),
      { numRuns: RUNS },
    );
  });

  it(`accepts every well-formed batch as it was sent (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(batch, (events) => {
        expect(parsed(encodeEvents(events))).toEqual(JSON.parse(JSON.stringify(events)));
      }),
      { numRuns: RUNS },
    );
  });

  it(`refuses the whole batch when one event has one wrong or missing field (${RUNS} runs)`, () => {
    const broken = batch.chain((events) =>
      fc.nat({ max: events.length - 1 }).chain((i) => {
        const e = events[i]! as unknown as Record<string, unknown>;
        const fields = WRONG[e.t as string]!;
        const names = Object.keys(fields);
        return fc
          .record({
            field: fc.constantFrom(...names),
            drop: fc.boolean(),
          })
          .chain(({ field, drop }) =>
            fields[field]!.map((bad) => {
              const copy = events.map((x) => ({ ...x })) as unknown as Record<string, unknown>[];
              if (drop) delete copy[i]![field];
              else copy[i]![field] = bad;
              return { copy, field, drop, bad };
            }),
          );
      }),
    );
    fc.assert(
      fc.property(broken, ({ copy }) => {
        expect(parsed(json({ v: 1, events: copy }))).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses batches of the wrong shape or version', () => {
    const one = { t: 'presence', state: 'here', at: 1 };
    for (const value of [
      null,
      1,
      'x',
      [],
      [one],
      {},
      { v: 1 },
      { v: 2, events: [one] },
      { v: '1', events: [one] },
      { v: 1, events: [] },
      { v: 1, events: one },
      { v: 1, events: Array.from({ length: 501 }, () => one) },
      { v: 1, events: [one, null] },
      { v: 1, events: [one, [one]] },
      { v: 1, events: [{ ...one, t: 'hello' }] },
      { v: 1, events: [{ ...one, t: '__proto__' }] },
    ])
      expect(parsed(json(value))).toBeUndefined();
    expect(parsed(json({ v: 1, events: Array.from({ length: 500 }, () => one) }))).toHaveLength(500);
    // Deep nesting must not blow the stack into an exception.
    expect(parsed(enc.encode(`{"v":1,"events":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`))).toBeUndefined();
    expect(
      parsed(enc.encode(`{"v":1,"events":[{"t":"roster","group":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}]}`)),
    ).toBeUndefined();
  });
});
