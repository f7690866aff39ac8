import { describe, expect, it } from 'vitest';
import { MarkersRepo, type MarkerInput } from '../../../storage/markers-repo';
import { SessionsRepo } from '../../../storage/sessions-repo';
import { freshDb, randomCipher } from './support';

function setup() {
  const db = freshDb();
  const cipher = randomCipher();
  let t = 1_000;
  const now = () => (t += 10);
  return { db, sessions: new SessionsRepo(db, cipher, now), markers: new MarkersRepo(db, cipher, now) };
}

const mark = (sessionId: string, at: number, text: string): MarkerInput => ({
  sessionId,
  at,
  wallAt: 1_700_000_000_000 + at,
  category: 'presence',
  memberId: null,
  text,
  auto: false,
  author: 'device-a',
});

describe('sessions', () => {
  it('start, update, end (closing an open pause), get', async () => {
    const { sessions } = setup();
    const s = await sessions.start({
      ownerKind: 'group',
      ownerId: 'g-1',
      platform: 'meet',
      meetingHash: 'h1',
      startedAt: 100,
    });
    expect(s).toMatchObject({ endedAt: null, pauses: [], attendance: {} });
    await sessions.update(s.id, {
      pauses: [
        [200, 260],
        [300, null],
      ],
      attendance: { 'm-1': 'late' },
    });
    const ended = await sessions.end(s.id, 400);
    expect(ended).toMatchObject({
      endedAt: 400,
      pauses: [
        [200, 260],
        [300, 400],
      ],
      attendance: { 'm-1': 'late' },
    });
    expect(await sessions.get(s.id)).toEqual(ended);
  });

  it('lists an owner’s sessions newest first, and only that owner’s', async () => {
    const { sessions } = setup();
    for (const at of [300, 100, 200])
      await sessions.start({ ownerKind: 'group', ownerId: 'g-1', platform: 'zoom', meetingHash: '', startedAt: at });
    await sessions.start({ ownerKind: 'client', ownerId: 'c-1', platform: 'none', meetingHash: '', startedAt: 999 });
    expect((await sessions.listByOwner('g-1')).map((s) => s.startedAt)).toEqual([300, 200, 100]);
    expect(await sessions.listByOwner('nobody')).toEqual([]);
  });

  it('suggests the owner who met most recently at a meeting hash', async () => {
    const { sessions } = setup();
    await sessions.start({
      ownerKind: 'group',
      ownerId: 'g-old',
      platform: 'meet',
      meetingHash: 'same',
      startedAt: 100,
    });
    await sessions.start({
      ownerKind: 'client',
      ownerId: 'c-new',
      platform: 'meet',
      meetingHash: 'same',
      startedAt: 500,
    });
    await sessions.start({
      ownerKind: 'group',
      ownerId: 'g-x',
      platform: 'meet',
      meetingHash: 'other',
      startedAt: 900,
    });
    expect(await sessions.suggestOwner('same')).toEqual({ ownerKind: 'client', ownerId: 'c-new' });
    expect(await sessions.suggestOwner('unknown')).toBeUndefined();
    expect(await sessions.suggestOwner('')).toBeUndefined();
  });
});

describe('markers', () => {
  it('lists one session’s markers ordered by session clock', async () => {
    const { markers } = setup();
    await markers.add(mark('s-1', 3_000, 'third'));
    await markers.add(mark('s-1', 1_000, 'first'));
    await markers.add(mark('s-2', 500, 'elsewhere'));
    await markers.add(mark('s-1', 2_000, 'second'));
    expect((await markers.listBySession('s-1')).map((m) => m.text)).toEqual(['first', 'second', 'third']);
  });

  it('soft delete hides a marker; undo brings it back unchanged', async () => {
    const { markers } = setup();
    const m = await markers.add(mark('s-1', 1_000, 'mis-tap'));
    await markers.softDelete(m.id);
    expect(await markers.listBySession('s-1')).toEqual([]);
    expect((await markers.listBySession('s-1', { includeDeleted: true })).map((x) => x.deleted)).toEqual([true]);
    const back = await markers.undoDelete(m.id);
    expect({ ...back, updatedAt: 0 }).toEqual({ ...m, updatedAt: 0 });
    expect((await markers.listBySession('s-1')).map((x) => x.id)).toEqual([m.id]);
  });

  it('updates text, time and member; keeps a given id (co-leader events)', async () => {
    const { markers } = setup();
    const m = await markers.add({ ...mark('s-1', 1_000, 'draft'), id: 'from-peer-1' });
    expect(m.id).toBe('from-peer-1');
    const u = await markers.update(m.id, { text: 'final', at: 900, memberId: 'mem-1' });
    expect(u).toMatchObject({ text: 'final', at: 900, memberId: 'mem-1', sessionId: 's-1' });
    expect(u.updatedAt).toBeGreaterThan(m.updatedAt);
  });
});
