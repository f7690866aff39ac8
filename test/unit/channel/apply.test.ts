// The Applier on a real (fake-indexeddb) database with a real vault cipher:
// a co-leader's events, in any order of arrival and with redeliveries,
// leave the same markers, attendance and notes; events of another group
// change nothing.
import Dexie from 'dexie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Applier } from '../../../channel/apply';
import type { ChannelEvent, MarkerEvent, NoteFieldEvent, PracticeEvent, SessionEvent } from '../../../channel/events';
import { fieldCipher, newVaultKey } from '../../../crypto';
import type { FieldCipher } from '../../../crypto/types';
import { encodeHlc } from '../../../domain/hlc';
import { CONFLICT_RULE } from '../../../domain/merge';
import { noteTemplates } from '../../../domain/templates';
import type { NoteTemplateId } from '../../../domain/types';
import { activeSessionId } from '../../../storage/active-session';
import { SquircleDb } from '../../../storage/db';
import { MarkersRepo } from '../../../storage/markers-repo';
import { NotesRepo } from '../../../storage/notes-repo';
import { ClientsRepo, GroupsRepo, MembersRepo } from '../../../storage/roster-repo';
import { SessionsRepo } from '../../../storage/sessions-repo';

const G = 'group-wednesday';
const OTHER = 'group-thursday';
const S = 'session-1';
const S_OTHER = 'session-of-thursday';
const S_CLIENT = 'session-of-a-client';
const T0 = 1_760_000_000_000;

/** Device A's and B's clocks: wall times in ms from T0, ties broken by device. */
const a = (ms: number, count = 0) => encodeHlc({ wall: T0 + ms, count, device: 'dev-a~x1' });
const b = (ms: number, count = 0) => encodeHlc({ wall: T0 + ms, count, device: 'dev-b~y2' });

const session = (over: Partial<SessionEvent>): SessionEvent => ({
  t: 'session',
  id: S,
  groupId: G,
  startedAt: T0,
  endedAt: null,
  pauses: [],
  hlc: a(0),
  ...over,
});
const marker = (over: Partial<MarkerEvent> & Pick<MarkerEvent, 'id' | 'hlc'>): MarkerEvent => ({
  t: 'marker',
  sessionId: S,
  at: 1000,
  wallAt: T0 + 1000,
  category: 'general.mark',
  memberId: null,
  text: '',
  auto: false,
  deleted: false,
  author: 'dev-a',
  ...over,
});
const note = (
  field: string,
  text: string,
  hlc: string,
  base: string,
  author: string,
  sessionId = S,
): NoteFieldEvent => ({
  t: 'note-field',
  sessionId,
  template: 'group-process',
  field,
  version: { text, hlc, base, author },
});

const START = session({});
const ROSTER: ChannelEvent = {
  t: 'roster',
  group: { id: G, name: 'Wednesday circle', kind: 'closed', schedule: 'Wednesdays 18:00' },
  members: [
    { id: 'm1', name: 'Morgan', pronouns: 'they', archived: false },
    { id: 'm2', name: 'Robin', pronouns: '', archived: false },
  ],
  hlc: '2025-10-09T10:00:00.000Z',
};

/** A session's worth of both leaders' events, after START. */
const EVENTS: ChannelEvent[] = [
  ROSTER,
  // A marks, then edits its text; B edits the same marker later (B's edit wins).
  marker({ id: 'mk-a1', hlc: a(10), text: '' }),
  marker({ id: 'mk-a1', hlc: a(20), text: 'noticed tears' }),
  marker({ id: 'mk-a1', hlc: b(30), text: 'noticed tears, named it', author: 'dev-a' }),
  // B marks twice and deletes the first.
  marker({ id: 'mk-b1', hlc: b(11), at: 1500, author: 'dev-b', memberId: 'm1' }),
  marker({ id: 'mk-b2', hlc: b(12), at: 1600, author: 'dev-b', text: 'asked about home' }),
  marker({ id: 'mk-b1', hlc: b(40), at: 1500, author: 'dev-b', memberId: 'm1', deleted: true }),
  // Two markers at the same session-clock time.
  marker({ id: 'mk-a2', hlc: a(50), at: 1600, text: 'same moment' }),
  // Attendance: both leaders set m1; the later one (A at 60) wins. Equal wall time, counter breaks the tie for m2.
  { t: 'attendance', sessionId: S, memberId: 'm1', status: 'present', hlc: b(55) },
  { t: 'attendance', sessionId: S, memberId: 'm1', status: 'late', hlc: a(60) },
  { t: 'attendance', sessionId: S, memberId: 'm2', status: 'absent', hlc: a(70, 0) },
  { t: 'attendance', sessionId: S, memberId: 'm2', status: 'present', hlc: a(70, 1) },
  // A pauses, B resumes, A ends: the session record ends up at A's end.
  session({ pauses: [[T0 + 80, null]], hlc: a(80) }),
  session({ pauses: [[T0 + 80, T0 + 90]], hlc: b(90) }),
  session({ pauses: [[T0 + 80, T0 + 90]], endedAt: T0 + 200, hlc: a(200) }),
  // Notes: A writes themes twice in a row, B writes the plan, both write risk without seeing each other.
  note('themes', 'cohesion', a(100), '', 'A'),
  note('themes', 'cohesion rising', a(110), a(100), 'A'),
  note('plan', 'next week: check in with Robin', b(105), '', 'B'),
  note('risk', 'none raised', a(120), '', 'A'),
  note('risk', 'Morgan mentioned a rough week', b(121), '', 'B'),
];

/** What belongs to another group (or to a client) and must change nothing here. */
const FOREIGN: ChannelEvent[] = [
  session({ id: S_OTHER, groupId: OTHER, hlc: b(1) }),
  marker({ id: 'mk-foreign', sessionId: S_OTHER, hlc: b(2), text: 'not for this group' }),
  { t: 'attendance', sessionId: S_OTHER, memberId: 'm1', status: 'absent', hlc: b(3) },
  note('themes', 'not for this group', b(4), '', 'B', S_OTHER),
  {
    ...ROSTER,
    group: {
      ...(ROSTER as { group: { id: string; name: string; kind: 'closed'; schedule: string } }).group,
      id: OTHER,
      name: 'Thursday',
    },
  } as ChannelEvent,
  // A session id this device uses for a client: a co-leader cannot take it over or add to it.
  session({ id: S_CLIENT, groupId: G, hlc: b(999) }),
  marker({ id: 'mk-into-client', sessionId: S_CLIENT, hlc: b(5), text: 'into a client session' }),
  { t: 'attendance', sessionId: S_CLIENT, memberId: 'm1', status: 'late', hlc: b(6) },
  note('themes', 'into a client session', b(7), '', 'B', S_CLIENT),
  // Events of a group this device does not have at all, and a session nobody started.
  marker({ id: 'mk-nowhere', sessionId: 'session-unknown', hlc: b(8) }),
  // Not data: presence and resync are the engine's, not the Applier's.
  { t: 'presence', state: 'here', at: 1 },
  { t: 'resync', sessionIds: [S] },
];

interface Device {
  db: SquircleDb;
  cipher: FieldCipher;
  applier: Applier;
}

/** A fresh device with a real vault key: it has a client session S_CLIENT of its own. */
async function device(): Promise<Device> {
  const db = new SquircleDb(`apply-${crypto.randomUUID()}`);
  const cipher = fieldCipher(newVaultKey());
  await new ClientsRepo(db, cipher).upsert({
    id: 'client-1',
    name: 'Private client',
    pronouns: '',
    archived: false,
    createdAt: 1,
    updatedAt: 1,
  });
  await new SessionsRepo(db, cipher).upsert({
    id: S_CLIENT,
    ownerKind: 'client',
    ownerId: 'client-1',
    platform: 'none',
    meetingHash: '',
    startedAt: T0,
    endedAt: null,
    pauses: [],
    attendance: {},
    hlc: a(1),
    updatedAt: 1,
  });
  return { db, cipher, applier: new Applier(db, cipher, G) };
}

/** Everything the events can touch, without local bookkeeping (row ids of notes, updatedAt, createdAt). */
async function state(d: Device) {
  const sessions = new SessionsRepo(d.db, d.cipher);
  /** The record without local bookkeeping; the id stays. */
  const strip = <T extends object>(o: T | undefined): Record<string, unknown> | undefined => {
    if (!o) return o;
    const { updatedAt: _u, createdAt: _c, ...rest } = o as Record<string, unknown>;
    return rest;
  };
  /** Notes get a local row id: left out too. */
  const stripNote = <T extends object>(o: T) => {
    const { id: _id, ...rest } = strip(o)!;
    return rest;
  };
  const markers = async (id: string) =>
    (await new MarkersRepo(d.db, d.cipher).listBySession(id, { includeDeleted: true }))
      .map((m) => ({ ...m, updatedAt: 0 }))
      .sort((x, y) => x.id.localeCompare(y.id));
  const notes = async (id: string) => (await new NotesRepo(d.db, d.cipher).listBySession(id)).map(stripNote);
  const groups = await new GroupsRepo(d.db, d.cipher).list('active');
  return {
    session: strip(await sessions.get(S)),
    markers: await markers(S),
    notes: await notes(S),
    active: await activeSessionId(d.db),
    groups: groups.map((g) => ({ ...g, createdAt: 0, updatedAt: 0 })),
    members: (await new MembersRepo(d.db, d.cipher).listByGroup(G, 'active')).map((m) => ({
      ...m,
      createdAt: 0,
      updatedAt: 0,
    })),
    foreign: {
      other: await sessions.get(S_OTHER),
      otherMarkers: await markers(S_OTHER),
      otherNotes: await notes(S_OTHER),
      otherMembers: await new MembersRepo(d.db, d.cipher).listByGroup(OTHER, 'active'),
      client: strip(await sessions.get(S_CLIENT)),
      clientMarkers: await markers(S_CLIENT),
      clientNotes: await notes(S_CLIENT),
      stray: await new MarkersRepo(d.db, d.cipher).get('mk-nowhere'),
    },
  };
}

/** Applies in chunks of the given sizes (a batch per envelope), then the rest one by one. */
async function applyInChunks(d: Device, events: ChannelEvent[], sizes: number[]): Promise<void> {
  let i = 0;
  for (const n of sizes) {
    if (i >= events.length) break;
    await d.applier.apply(events.slice(i, i + n));
    i += n;
  }
  for (; i < events.length; i++) await d.applier.apply([events[i]!]);
}

/**
 * START first (it is what makes S this group's session; a co-leader's
 * events about S are always sent after it reached them), then the rest
 * in any order, some of it twice.
 */
const arrival = fc
  .tuple(
    fc.shuffledSubarray([...EVENTS, ...FOREIGN], { minLength: EVENTS.length + FOREIGN.length }),
    fc.subarray([START, ...EVENTS, ...FOREIGN]),
    fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 6 }),
  )
  .chain(([order, dups, chunks]) =>
    fc
      .shuffledSubarray([...order, ...dups], { minLength: order.length + dups.length })
      .map((all) => ({ events: [START, ...all], chunks })),
  );

describe('Applier', () => {
  it('converges to the same markers, attendance, session and notes whatever the order, with redeliveries', async () => {
    // The reference: in the order the leaders made them, once each.
    const ref = await device();
    await ref.applier.apply([START, ...EVENTS, ...FOREIGN]);
    const expected = await state(ref);

    // What that state is, spelled out.
    expect(expected.markers.map((m) => [m.id, m.text, m.deleted])).toEqual([
      ['mk-a1', 'noticed tears, named it', false],
      ['mk-a2', 'same moment', false],
      ['mk-b1', '', true],
      ['mk-b2', 'asked about home', false],
    ]);
    expect(expected.session).toMatchObject({
      ownerKind: 'group',
      ownerId: G,
      endedAt: T0 + 200,
      pauses: [[T0 + 80, T0 + 90]],
      hlc: a(200),
      attendance: { m1: 'late', m2: 'present' },
    });
    expect(expected.active).toBeNull(); // started, then ended by A
    expect(expected.notes).toHaveLength(1);
    const fields = (expected.notes[0] as { fields: Record<string, string> }).fields;
    expect(fields.themes).toBe('cohesion rising');
    expect(fields.plan).toBe('next week: check in with Robin');
    expect(fields.risk).toBe(`none raised${CONFLICT_RULE}Morgan mentioned a rough week`);
    expect(expected.groups.map((g) => g.name)).toEqual(['Wednesday circle']);
    expect(expected.members.map((m) => m.name).sort()).toEqual(['Morgan', 'Robin']);
    expect(expected.foreign).toMatchObject({
      other: undefined,
      otherMarkers: [],
      otherNotes: [],
      otherMembers: [],
      clientMarkers: [],
      clientNotes: [],
      stray: undefined,
    });
    expect(expected.foreign.client).toMatchObject({ ownerKind: 'client', attendance: {}, hlc: a(1) });

    await fc.assert(
      fc.asyncProperty(arrival, arrival, async (one, two) => {
        const [d1, d2] = [await device(), await device()];
        await applyInChunks(d1, one.events, one.chunks);
        await applyInChunks(d2, two.events, two.chunks);
        const [s1, s2] = [await state(d1), await state(d2)];
        expect(s1).toEqual(expected);
        expect(s2).toEqual(expected);
        d1.db.close();
        d2.db.close();
      }),
      { numRuns: 40 },
    );
  });

  it('knows a session is the group’s after one read; deleted here, its later markers are refused', async () => {
    const d = await device();
    const reads = countSessionReads(d.db);
    expect(await d.applier.apply([START, marker({ id: 'mk-1', hlc: a(10) })])).toBe(2);
    const afterFirst = reads.count;
    expect(await d.applier.apply([marker({ id: 'mk-2', hlc: a(11) }), marker({ id: 'mk-3', hlc: a(12) })])).toBe(2);
    expect(reads.count).toBe(afterFirst); // known: no read of the session for these
    await d.db.markers.where('sessionId').equals(S).delete();
    await d.db.sessions.delete(S);
    expect(await d.applier.apply([marker({ id: 'mk-4', hlc: a(13) })])).toBe(0);
    expect(await new MarkersRepo(d.db, d.cipher).get('mk-4')).toBeUndefined();
    d.applier.dispose();
  });

  it('with a storing callback, goes on once a run of markers is shown, their write handed over', async () => {
    const d = await device();
    await d.applier.apply([START]);
    const writes: Promise<number>[] = [];
    let committed = false;
    const applied = await d.applier.apply(
      [
        marker({ id: 'mk-1', hlc: a(10) }),
        marker({ id: 'mk-2', hlc: a(11) }),
        session({ hlc: a(12), endedAt: T0 + 5 }),
      ],
      undefined,
      (w) => writes.push(w.then((n) => ((committed = true), n))),
    );
    // The session's end was applied after the markers' write started; the markers count where they are handed.
    expect(applied).toBe(1);
    expect(writes).toHaveLength(1);
    expect(await writes[0]).toBe(2);
    expect(committed).toBe(true);
    const markers = new MarkersRepo(d.db, d.cipher);
    expect((await markers.listBySession(S)).map((m) => m.id)).toEqual(['mk-1', 'mk-2']);
    d.applier.dispose();
  });

  it('applying the same events again changes nothing', async () => {
    const d = await device();
    expect(await d.applier.apply([START, ...EVENTS])).toBeGreaterThan(0);
    const before = await state(d);
    // Only the roster is rewritten as is (it carries no per-record clock); nothing else changes.
    expect(await d.applier.apply([START, ...EVENTS].filter((e) => e.t !== 'roster'))).toBe(0);
    expect(await state(d)).toEqual(before);
  });

  it("keeps this leader's back-channel mode when the inviter's roster arrives again (as at every resync)", async () => {
    const d = await device();
    await d.applier.apply([ROSTER]);
    const groups = new GroupsRepo(d.db, d.cipher);
    await groups.update(G, { backchannelMode: 'signals' });
    await d.applier.apply([{ ...ROSTER, hlc: '2025-10-09T11:00:00.000Z' } as ChannelEvent]);
    expect((await groups.get(G))?.backchannelMode).toBe('signals');
    expect((await groups.get(G))?.name).toBe('Wednesday circle');
  });

  it("hands a pair rehearsal's word to the practice call and stores nothing of it", async () => {
    const d = await device();
    const heard: [string, PracticeEvent][] = [];
    const applier = new Applier(d.db, d.cipher, G, undefined, undefined, undefined, (g, e) => heard.push([g, e]));
    const before = await state(d);
    const word: PracticeEvent = {
      t: 'practice',
      rehearsal: 'r1',
      scenario: 'first-minutes',
      version: 1,
      action: 'mark',
      from: 'b',
      seq: 3,
      speed: 2,
      playing: true,
      scenarioMs: 21_000,
      sentAt: T0,
      marks: [{ id: 'm1', family: 'signal', aloud: false, scenarioMs: 21_000, speed: 2 }],
    };
    expect(await applier.apply([word])).toBe(0);
    expect(heard).toEqual([[G, word]]);
    expect(await state(d)).toEqual(before);
    expect(await d.db.markers.count()).toBe(0);
    applier.dispose();
  });

  it('ignores every event of another group, or of a session that is not this group’s', async () => {
    const d = await device();
    const client = await new SessionsRepo(d.db, d.cipher).get(S_CLIENT);
    expect(await d.applier.apply(FOREIGN)).toBe(0);
    const s = await state(d);
    expect(s.session).toBeUndefined();
    expect(s.groups).toEqual([]);
    expect(s.active).toBeNull();
    expect(s.foreign).toMatchObject({
      other: undefined,
      otherMarkers: [],
      otherNotes: [],
      otherMembers: [],
      clientMarkers: [],
      clientNotes: [],
      stray: undefined,
    });
    expect(await new SessionsRepo(d.db, d.cipher).get(S_CLIENT)).toEqual(client);
    // The other group's Applier takes them.
    expect(await new Applier(d.db, d.cipher, OTHER).apply(FOREIGN.slice(0, 5))).toBe(5);
  });

  /**
   * Two leaders, each applying the other's events on top of their own as
   * they arrive (each sender's events in the order sent, as the channel
   * delivers them). A wrote a field twice (the second on top of the first)
   * while B wrote it once without seeing either. Both must end with B's
   * text and A's second, once each: A's first was superseded by its second.
   * (Before note fields kept their heads, A ended with "B | A2" and B with
   * "A1 | B | A2".) Versions as an older co-leader sends them: `base` only.
   */
  it('two leaders converge on a note field one of them edited twice while the other edited it once', async () => {
    const a1 = note('themes', 'cohesion', a(100), '', 'A');
    const a2 = note('themes', 'cohesion rising', a(130), a(100), 'A');
    const b1 = note('themes', 'conflict about lateness', b(110), '', 'B');
    const [onA, onB] = [await device(), await device()];
    // A: its own two saves, then B's arrives. B: its own save, then A's two arrive in order.
    await onA.applier.apply([START, a1, a2, b1]);
    await onB.applier.apply([START, b1, a1, a2]);
    const text = async (d: Device) => (await new NotesRepo(d.db, d.cipher).get(S, 'group-process'))?.fields.themes;
    expect(await text(onA)).toBe(`conflict about lateness${CONFLICT_RULE}cohesion rising`);
    expect(await text(onB)).toBe(await text(onA));
    expect((await state(onB)).notes).toEqual((await state(onA)).notes);
  });

  it('takes a note field in a clinic template only where this device has that template', async () => {
    const field = { ...note('module', 'TIPP', a(100), '', 'A'), template: 'dbt' };
    const d = await device();
    const templates = noteTemplates([
      { id: 'dbt', label: 'DBT skills group note', noteClass: 'process', fields: [{ id: 'module', label: 'Module' }] },
    ]);
    const clinic = new Applier(d.db, d.cipher, G, undefined, undefined, templates);
    expect(await d.applier.apply([START, field])).toBe(1); // the session only
    expect(await clinic.apply([field, { ...field, field: 'no-such-field' }])).toBe(1);
    const stored = await new NotesRepo(d.db, d.cipher).get(S, 'dbt' as NoteTemplateId);
    expect([stored?.noteClass, stored?.fields]).toEqual(['process', { module: 'TIPP' }]);
    clinic.dispose();
    d.applier.dispose();
  });
});

/**
 * Counts reads of a session on their own (Table.get outside a transaction),
 * from here on; MarkersRepo.offer's check that the session is here runs
 * inside its own transaction and is not counted.
 */
function countSessionReads(db: SquircleDb): { count: number } {
  const out = { count: 0 };
  const get = db.sessions.get.bind(db.sessions);
  db.sessions.get = ((...args: Parameters<typeof get>) => {
    if (!Dexie.currentTransaction) out.count++;
    return get(...args);
  }) as typeof get;
  return out;
}
