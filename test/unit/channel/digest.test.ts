// What a digest summarises and how two sides work out what to send each
// other, over real snapshots (sessionSnapshot) of real domain records; and
// the anti-entropy rules that keep two sides from answering each other forever.
import { describe, expect, it } from 'vitest';
import { AntiEntropy } from '../../../channel/anti-entropy';
import { compareHave, digestHash, haveList, itemsOf, membersHash, versionTag, wanted } from '../../../channel/digest';
import { SentEnvelopes } from '../../../channel/echoes';
import {
  encodeEvents,
  parseEvents,
  MAX_DIGEST_ITEMS,
  type ChannelEvent,
  type HaveEvent,
} from '../../../channel/events';
import { sessionSnapshot } from '../../../channel/local-events';
import { newDeviceIdentity, publicIdentity } from '../../../crypto';
import type { Marker, Session } from '../../../domain/types';

const session: Session = {
  id: 's1',
  ownerKind: 'group',
  ownerId: 'g1',
  platform: 'none',
  meetingHash: '',
  startedAt: 1000,
  endedAt: null,
  pauses: [],
  attendance: { m1: 'present' },
  attendanceHlc: { m1: '0000000001.0000.A' },
  hlc: '0000000001.0001.A',
  updatedAt: 1,
};
const marker = (i: number, hlc = `00000000${10 + i}.0000.A`): Marker => ({
  id: `mk-${i}`,
  sessionId: 's1',
  at: i,
  wallAt: i,
  category: 'general.mark',
  memberId: null,
  text: `t${i}`,
  auto: false,
  author: 'A',
  deleted: false,
  hlc,
  updatedAt: 1,
});
const note = {
  template: 'group-process' as const,
  fields: { themes: 'trust' },
  versions: { themes: { hlc: '0000000050.0000.A', base: '', author: 'A' } },
};
const snap = (markers: Marker[], s: Session = session) => sessionSnapshot(s, markers, [note]);

describe('digest', () => {
  it('covers the session, every marker, attendance and note field, each with its version', async () => {
    const items = itemsOf(snap([marker(1), marker(2)]));
    expect([...items.keys()].sort()).toEqual([
      'a:m1',
      'm:mk-1',
      'm:mk-2',
      'n:group-process:themes:0000000050.0000.A',
      's',
    ]);
    expect(items.get('m:mk-2')!.version).toBe(marker(2).hlc);
    expect(await digestHash(items)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('counts each head of a field both leaders wrote at once, so a side missing one of them differs', async () => {
    const head = (hlc: string, author: string, text: string) => ({ hlc, author, text, seen: [] });
    const both = {
      template: 'group-process' as const,
      fields: { themes: 'a\n\nb' },
      versions: {
        themes: { heads: [head('0000000050.0000.A', 'A', 'a'), head('0000000051.0000.B', 'B', 'b')], seen: [] },
      },
    };
    const one = {
      template: 'group-process' as const,
      fields: { themes: 'b' },
      versions: { themes: { heads: [head('0000000051.0000.B', 'B', 'b')], seen: [] } },
    };
    const withBoth = itemsOf(sessionSnapshot(session, [], [both]));
    expect([...withBoth.keys()].filter((k) => k.startsWith('n:')).sort()).toEqual([
      'n:group-process:themes:0000000050.0000.A',
      'n:group-process:themes:0000000051.0000.B',
    ]);
    expect(await digestHash(itemsOf(sessionSnapshot(session, [], [one])))).not.toBe(await digestHash(withBoth));
  });

  it('is the same for the same items in any order, and differs when one item or one version differs', async () => {
    const base = await digestHash(itemsOf(snap([marker(1), marker(2)])));
    expect(await digestHash(itemsOf(snap([marker(2), marker(1)])))).toBe(base);
    expect(await digestHash(itemsOf(snap([marker(1)])))).not.toBe(base);
    expect(await digestHash(itemsOf(snap([marker(1), marker(2, '0000000099.0000.B')])))).not.toBe(base);
    expect(await digestHash(itemsOf(snap([marker(1), marker(2)], { ...session, hlc: '0000000002.0000.B' })))).not.toBe(
      base,
    );
    expect(await digestHash(itemsOf([]))).not.toBe(base);
  });

  it('tells each side what the other lacks or holds in another version, the session first', async () => {
    const a = itemsOf(snap([marker(1), marker(2), marker(3)]));
    const b = itemsOf(snap([marker(1), marker(3, '0000000099.0000.B'), marker(4)]));
    const { send, want } = await compareHave(a, (await haveList(b))!);
    expect(send.map((e) => (e.t === 'marker' ? e.id : e.t)).sort()).toEqual(['mk-2', 'mk-3']);
    expect(want.sort()).toEqual(['m:mk-3', 'm:mk-4']);
    expect(
      wanted(b, want)
        .map((e) => (e as { id: string }).id)
        .sort(),
    ).toEqual(['mk-3', 'mk-4']);
    // A side that has nothing gets everything, the session event before its markers.
    const fromEmpty = await compareHave(a, []);
    expect(fromEmpty.send[0]!.t).toBe('session');
    expect(fromEmpty.send).toHaveLength(a.size);
    // Equal sides: nothing either way.
    expect(await compareHave(a, (await haveList(a))!)).toEqual({ send: [], want: [] });
  });

  it('lists at most one have event of items; a larger session is compared range by range', async () => {
    const many = itemsOf(snap(Array.from({ length: MAX_DIGEST_ITEMS }, (_, i) => marker(i))));
    expect(await haveList(many)).toBeUndefined();
    const fits = itemsOf(snap(Array.from({ length: MAX_DIGEST_ITEMS - 10 }, (_, i) => marker(i))));
    const list = (await haveList(fits))!;
    const have: HaveEvent = { t: 'have', to: 'a'.repeat(32), sessionId: 's1', re: 'e'.repeat(32), items: list };
    // A full list stays well inside one envelope and parses back.
    const bytes = encodeEvents([have]);
    expect(bytes.length).toBeLessThan(65_532);
    expect(parseEvents(bytes)).toEqual([have]);
  });

  it('hashes member lists order-free; version tags are short and distinct', async () => {
    const [x, y] = [publicIdentity(newDeviceIdentity()), publicIdentity(newDeviceIdentity())];
    expect(await membersHash([x, y])).toBe(await membersHash([y, x]));
    expect(await membersHash([x])).not.toBe(await membersHash([x, y]));
    expect(await versionTag('h1')).toMatch(/^[0-9a-f]{12}$/);
    expect(await versionTag('h1')).not.toBe(await versionTag('h2'));
  });
});

describe('new channel events parse strictly', () => {
  const to = 'b'.repeat(32);
  const id = publicIdentity(newDeviceIdentity());
  const ok: ChannelEvent[] = [
    { t: 'digest', sessionId: 's1', hash: 'c'.repeat(32), n: 3, members: 'd'.repeat(32) },
    { t: 'have', to, sessionId: 's1', re: 'e'.repeat(32), items: [['m:x', '0123456789ab']] },
    { t: 'have', to, sessionId: 's1', re: 'e'.repeat(32), items: [] },
    { t: 'want', to, sessionId: 's1', keys: ['m:x'] },
    { t: 'members', members: [{ v: 1, deviceId: id.deviceId, signPk: id.signPk, boxPk: id.boxPk }] },
  ];
  it('accepts well-formed ones as sent', () => {
    for (const e of ok) expect(parseEvents(encodeEvents([e]))).toEqual([e]);
  });
  it('refuses any wrong field', () => {
    const bad: unknown[] = [
      { ...ok[0], hash: 'C'.repeat(32) },
      { ...ok[0], hash: 'c'.repeat(31) },
      { ...ok[0], n: -1 },
      { ...ok[0], n: 1.5 },
      { ...ok[0], members: undefined },
      { ...ok[1], to: 'short' },
      { ...ok[1], re: undefined },
      { ...ok[1], re: 'E'.repeat(32) },
      { ...ok[1], items: [['m:x', '0123456789aB']] },
      { ...ok[1], items: [['m:x']] },
      { ...ok[1], items: [['x'.repeat(121), '0123456789ab']] },
      { ...ok[1], items: Array.from({ length: MAX_DIGEST_ITEMS + 1 }, (_, i) => [`m:${i}`, '0123456789ab']) },
      { ...ok[3], keys: [] },
      { ...ok[3], keys: [1] },
      { ...ok[3], to: undefined },
      { t: 'members', members: [] },
      { t: 'members', members: [{ ...id, v: 2 }] },
      { t: 'members', members: [{ ...id, signPk: 'not base64' }] },
      { t: 'members', members: [{ ...id, deviceId: id.deviceId.toUpperCase() }] },
      { t: 'members', members: Array.from({ length: 17 }, () => id) },
    ];
    for (const e of bad)
      expect(
        parseEvents(new TextEncoder().encode(JSON.stringify({ v: 1, events: [e] }))),
        JSON.stringify(e).slice(0, 80),
      ).toBeUndefined();
  });
});

describe('anti-entropy rules', () => {
  /** One side's AntiEntropy over a fixed snapshot, recording what it emits. */
  function side(me: string, markers: Marker[]) {
    const out: ChannelEvent[][] = [];
    let now = 1_000_000;
    const state = { markers };
    const ae = new AntiEntropy({
      me: () => me,
      openSessions: async () => ['s1'],
      snapshot: async () => snap(state.markers),
      members: () => [],
      membersEvent: () => undefined,
      emit: async (events) => void out.push(events),
      now: () => now,
    });
    return { ae, out, state, later: (ms: number) => (now += ms) };
  }
  const A = 'a'.repeat(32);
  const B = 'b'.repeat(32);

  it('says nothing to a digest that matches, and sends no digest twice for the same state', async () => {
    const a = side(A, [marker(1)]);
    const b = side(B, [marker(1)]);
    const [d] = await a.ae.digests();
    await b.ae.receive(A, d!);
    expect(b.out).toEqual([]);
    a.ae.poke();
    a.later(2_000);
    await a.ae.tick();
    expect(a.out).toEqual([]); // same state as the digest already sent
  });

  it('converges in digest → have → missing; a disagreement it cannot settle gets at most two answers', async () => {
    const a = side(A, [marker(1), marker(2)]);
    const b = side(B, [marker(1)]);
    const [d] = await a.ae.digests();
    await b.ae.receive(A, d!);
    const have = b.out.pop()!;
    expect(have.map((e) => e.t)).toEqual(['have']);
    await a.ae.receive(B, have[0] as HaveEvent);
    expect(a.out.pop()!.map((e) => (e as { id?: string }).id ?? e.t)).toEqual(['mk-2']);
    // B refuses mk-2 (say its mode forbids it): the same two digests meet again, and again.
    for (let i = 0; i < 5; i++) {
      b.later(61_000);
      await b.ae.receive(A, d!);
    }
    expect(b.out.length).toBe(1);
  });

  it('answers a have with what it held at the digest, not what it made since (that is still on its way)', async () => {
    const a = side(A, [marker(1), marker(2)]);
    const b = side(B, [marker(1)]);
    const [d] = await a.ae.digests();
    await b.ae.receive(A, d!);
    const have = b.out.pop()![0] as HaveEvent;
    expect(have.re).toBe(d!.hash);
    a.state.markers = [marker(1), marker(2), marker(3)]; // made after the digest, sent as usual
    await a.ae.receive(B, have);
    expect(a.out.pop()!.map((e) => (e as { id: string }).id)).toEqual(['mk-2']);
  });

  it('mid-burst, answers a digest lacking part of the burst with its own digest once quiet, not a have', async () => {
    const a = side(A, [marker(1), marker(2)]);
    const b = side(B, [marker(1)]);
    // B's digest was taken before A's mk-2 reached it.
    const [d] = await b.ae.digests();
    a.ae.sending();
    a.later(500);
    await a.ae.receive(B, d!);
    expect(a.out).toEqual([]);
    // Nor does A's heartbeat digest a state still changing.
    expect(await a.ae.beat()).toEqual([]);
    a.later(1_500);
    await a.ae.tick();
    expect(a.out.pop()!.map((e) => e.t)).toEqual(['digest']);
    // A heartbeat skipped while busy is made up once quiet, even when nothing changed since the last digest.
    a.ae.poke();
    expect(await a.ae.beat()).toEqual([]);
    a.later(1_500);
    await a.ae.tick();
    expect(a.out.pop()!.map((e) => e.t)).toEqual(['digest']);
    // Once A is quiet, a digest that still lacks mk-2 is a real gap, and gets a have.
    await a.ae.receive(B, d!);
    expect(a.out.pop()!.map((e) => e.t)).toEqual(['have']);
    expect((await a.ae.beat()).map((e) => e.t)).toEqual(['digest']);
  });

  it('answers a differing digest after at most ten seconds of changes, however they keep coming', async () => {
    const a = side(A, [marker(1), marker(2)]);
    const b = side(B, [marker(1)]);
    const [d] = await b.ae.digests();
    // A sends a change every second (a note being typed), and B's digest lacks mk-2 all along.
    for (let t = 0; t < 9; t++) {
      a.ae.sending();
      await a.ae.receive(B, d!);
      a.later(1_000);
    }
    expect(a.out.flat().filter((e) => e.t === 'have')).toEqual([]);
    a.ae.sending();
    a.later(1_000);
    await a.ae.receive(B, d!);
    expect(a.out.pop()!.map((e) => e.t)).toEqual(['have']);
    // After a quiet spell, a new burst defers again.
    a.later(2_000);
    a.ae.sending();
    await a.ae.receive(B, { ...d!, hash: 'f'.repeat(32) });
    expect(a.out).toEqual([]);
  });

  it('ignores have and want meant for another device', async () => {
    const a = side(A, [marker(1)]);
    await a.ae.receive(B, { t: 'want', to: B, sessionId: 's1', keys: ['m:mk-1'] });
    await a.ae.receive(B, { t: 'have', to: B, sessionId: 's1', re: 'e'.repeat(32), items: [] });
    expect(a.out).toEqual([]);
    await a.ae.receive(B, { t: 'want', to: A, sessionId: 's1', keys: ['m:mk-1', 'm:unknown'] });
    expect(a.out.pop()!.map((e) => (e as { id: string }).id)).toEqual(['mk-1']);
  });

  it('answers one differing digest per state: with three leaders the missing items come once', async () => {
    const c = side(B, [marker(1)]);
    const a = side(A, [marker(1), marker(2)]);
    const [d] = await a.ae.digests();
    await c.ae.receive(A, d!);
    await c.ae.receive('c'.repeat(32), { ...d!, members: d!.members });
    expect(c.out.length).toBe(1);
    // And it does not ask again for what the have already asked for.
    await c.ae.receive(A, {
      t: 'have',
      to: B,
      sessionId: 's1',
      re: 'e'.repeat(32),
      items: (await haveList(itemsOf(snap([marker(1), marker(2)]))))!,
    });
    expect(c.out.length).toBe(1);
  });
});

describe('anti-entropy of a session larger than one have', () => {
  const A = 'a'.repeat(32);
  const B = 'b'.repeat(32);
  /** A side over its own markers, applying what arrives as the Applier would (latest HLC wins). */
  function side(me: string, markers: Marker[]) {
    const out: ChannelEvent[][] = [];
    const held = new Map(markers.map((m) => [m.id, m]));
    const ae = new AntiEntropy({
      me: () => me,
      openSessions: async () => ['s1'],
      snapshot: async () => snap([...held.values()]),
      members: () => [],
      membersEvent: () => undefined,
      // Through the wire format and its checks, as an envelope carries them.
      emit: async (events) => void out.push(parseEvents(encodeEvents(events))!),
      now: () => 1_000_000,
    });
    const take = (events: ChannelEvent[]) => {
      for (const e of events)
        if (e.t === 'marker') {
          const had = held.get(e.id);
          if (!had || had.hlc! < e.hlc) held.set(e.id, { ...e, updatedAt: 1 });
        }
    };
    return { me, ae, out, held, take };
  }
  type Side = ReturnType<typeof side>;
  /** Delivers everything either side emits to the other until both are silent; returns every event that travelled. */
  async function exchange(first: ChannelEvent[], from: Side, to: Side): Promise<ChannelEvent[]> {
    const travelled: ChannelEvent[] = [...first];
    let queue: { events: ChannelEvent[]; from: Side; to: Side }[] = [{ events: first, from, to }];
    while (queue.length) {
      const next: typeof queue = [];
      for (const q of queue) {
        q.to.take(q.events);
        for (const e of q.events)
          if (e.t === 'digest' || e.t === 'have' || e.t === 'ranges' || e.t === 'want')
            await q.to.ae.receive(q.from.me, e);
        for (const events of q.to.out.splice(0)) {
          travelled.push(...events);
          next.push({ events, from: q.to, to: q.from });
        }
      }
      queue = next;
    }
    return travelled;
  }
  const many = (n: number) => Array.from({ length: n }, (_, i) => marker(i));

  it('answers a differing digest with a hash per range, then compares only the ranges that differ', async () => {
    const all = many(2 * MAX_DIGEST_ITEMS + 500);
    // A lacks three of B's markers and holds an older version of a fourth; B lacks two of A's.
    const a = side(
      A,
      all.filter((m) => !['mk-7', 'mk-400', 'mk-1234'].includes(m.id)),
    );
    a.held.set('mk-99', marker(99, '0000000001.0000.A'));
    const b = side(
      B,
      all.filter((m) => !['mk-3', 'mk-800'].includes(m.id)),
    );
    const [d] = await a.ae.digests();
    const travelled = await exchange([d!], a, b);

    expect(travelled.map((e) => e.t).filter((t) => t !== 'marker')).toEqual(['digest', 'ranges', 'have', 'want']);
    const ranges = travelled.find((e) => e.t === 'ranges')!;
    expect(ranges).toMatchObject({ to: A, sessionId: 's1', re: d!.hash });
    // The have lists A's keys in the differing ranges only: a few of the 1,300.
    const have = travelled.find((e) => e.t === 'have') as HaveEvent;
    expect(have.ranges!.length).toBeLessThanOrEqual(6);
    expect(have.items.length).toBeLessThan(150);
    // Only what differs travels: the two B lacks, the three A lacks, and both copies of the one held in two
    // versions (each side keeps the newer by its own rules).
    const sent = travelled.flatMap((e) => (e.t === 'marker' ? [e.id] : []));
    expect(sent.sort()).toEqual(['mk-1234', 'mk-3', 'mk-400', 'mk-7', 'mk-800', 'mk-99', 'mk-99']);
    // Both sides now hold the same session.
    const [da] = await a.ae.digests();
    const [db] = await b.ae.digests();
    expect(da!.hash).toBe(db!.hash);
    expect(a.held.get('mk-99')!.hlc).toBe(marker(99).hlc);
  });

  it('still converges when every range differs, in haves of at most MAX_DIGEST_ITEMS keys', async () => {
    const all = many(3 * MAX_DIGEST_ITEMS);
    // Every other marker missing on A: every range differs.
    const a = side(
      A,
      all.filter((_, i) => i % 2 === 0),
    );
    const b = side(B, all);
    const [d] = await a.ae.digests();
    const travelled = await exchange([d!], a, b);
    const haves = travelled.filter((e): e is HaveEvent => e.t === 'have');
    expect(haves.length).toBeGreaterThan(1);
    for (const h of haves) expect(h.items.length).toBeLessThanOrEqual(MAX_DIGEST_ITEMS);
    expect(new Set(haves.flatMap((h) => h.ranges!)).size).toBe(64);
    expect(travelled.filter((e) => e.t === 'marker')).toHaveLength(all.length / 2);
    expect(a.held.size).toBe(all.length);
  });

  it('refuses a ranges event without one well-formed hash per range, and a have naming a range that is not one', () => {
    const parse = (e: unknown) => parseEvents(new TextEncoder().encode(JSON.stringify({ v: 1, events: [e] })));
    const ok = { t: 'ranges', to: A, sessionId: 's1', re: 'e'.repeat(32), hashes: Array(64).fill('0123456789abcdef') };
    expect(parse(ok)).toEqual([ok]);
    expect(parse({ ...ok, hashes: ok.hashes.slice(1) })).toBeUndefined();
    expect(parse({ ...ok, hashes: [...ok.hashes.slice(1), 'G123456789abcdef'] })).toBeUndefined();
    const have = { t: 'have', to: A, sessionId: 's1', re: 'e'.repeat(32), items: [] };
    expect(parse({ ...have, ranges: [0, 63] })).toEqual([{ ...have, ranges: [0, 63] }]);
    expect(parse({ ...have, ranges: [64] })).toBeUndefined();
    expect(parse({ ...have, ranges: [] })).toBeUndefined();
  });
});

describe('own echoes', () => {
  it('are recognised by their exact bytes once; a changed byte or a stranger is not', () => {
    const sent = new SentEnvelopes(3);
    const env = Uint8Array.from({ length: 100 }, (_, i) => i);
    sent.add(env);
    const changed = env.slice();
    changed[10] = changed[10]! ^ 1;
    expect(sent.take(changed)).toBe(false);
    expect(sent.take(env.slice())).toBe(true);
    expect(sent.take(env)).toBe(false);
    for (let i = 0; i < 5; i++) sent.add(Uint8Array.from({ length: 100 }, (_, j) => i + j + 1));
    expect(sent.size).toBe(3);
  });
});
