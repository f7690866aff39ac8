import { describe, expect, it, vi } from 'vitest';
import type { FieldCipher } from '../../../crypto/types';
import { setActiveSession } from '../../../storage/active-session';
import { ChannelRepo } from '../../../storage/channel-repo';
import { CategoriesRepo } from '../../../storage/categories-repo';
import type { SquircleDb } from '../../../storage/db';
import { MarkersRepo } from '../../../storage/markers-repo';
import { MessagesRepo } from '../../../storage/messages-repo';
import { NotesRepo } from '../../../storage/notes-repo';
import { DAY_MS, applyRetention } from '../../../storage/retention';
import { retentionNotice, retentionNoticeText, retentionRecord } from '../../../storage/retention-notice';
import { GroupsRepo, MembersRepo } from '../../../storage/roster-repo';
import { ScratchRepo } from '../../../storage/scratch-repo';
import { SessionsRepo } from '../../../storage/sessions-repo';
import { SafetyRepo } from '../../../storage/safety-repo';
import { dump, freshDb, randomCipher } from './support';

const NOW = Date.UTC(2026, 2, 14, 12, 0, 0);
const daysAgo = (d: number) => NOW - d * DAY_MS;

/** A session with two markers (one soft-deleted), a note and a parked message, through the real repositories. */
async function sessionWithContent(
  db: SquircleDb,
  cipher: FieldCipher,
  ownerId: string,
  startedAt: number,
  label: string,
) {
  const session = await new SessionsRepo(db, cipher).start({
    ownerKind: 'group',
    ownerId,
    platform: 'zoom',
    meetingHash: '',
    startedAt,
  });
  const markers = new MarkersRepo(db, cipher);
  const base = {
    sessionId: session.id,
    wallAt: startedAt,
    category: 'general.mark',
    memberId: null,
    auto: false,
    author: 'device-a',
  };
  await markers.add({ ...base, at: 60_000, text: `${label} first` });
  const gone = await markers.add({ ...base, at: 120_000, text: `${label} undone` });
  await markers.softDelete(gone.id);
  await new NotesRepo(db, cipher).put({
    sessionId: session.id,
    template: 'group-process',
    noteClass: 'process',
    fields: { themes: `${label} themes` },
  });
  await new MessagesRepo(db, cipher).put({
    id: crypto.randomUUID(),
    sessionId: session.id,
    kind: 'parked',
    direction: 'out',
    text: `${label} parked`,
    author: 'device-a',
    createdAt: startedAt + 1,
    deliveredAt: null,
    updatedAt: startedAt + 1,
  });
  const safety = new SafetyRepo(db, cipher);
  await safety.saveChecklist({
    id: session.id,
    ownerId,
    members: [],
    session: { platformApproved: true, recordingOff: true, leadersInPrivateRoom: true },
    readAloud: true,
    updatedAt: 0,
  });
  await safety.saveMeasure({
    id: crypto.randomUUID(),
    groupId: ownerId,
    sessionId: session.id,
    at: startedAt,
    memberId: null,
    gcq: Array.from({ length: 12 }, () => 3),
    alliance: { goal: 5, task: 5, bond: 6 },
    remark: `${label} rating`,
    updatedAt: 0,
  });
  return session;
}

async function clinic() {
  const db = freshDb();
  const cipher = randomCipher();
  const group = await new GroupsRepo(db, cipher).create({
    name: 'Thursday circle',
    kind: 'closed',
    schedule: '',
    coLeaders: [],
  });
  await new MembersRepo(db, cipher).create({ groupId: group.id, name: 'Sam', pronouns: '' });
  await new CategoriesRepo(db, cipher).add({ label: 'Own category', family: '' });
  await new ScratchRepo(db, cipher).save('scratch text');
  const sessions = {
    ancient: await sessionWithContent(db, cipher, group.id, daysAgo(800), 'ancient'),
    old: await sessionWithContent(db, cipher, group.id, daysAgo(400), 'old'),
    recent: await sessionWithContent(db, cipher, group.id, daysAgo(10), 'recent'),
    today: await sessionWithContent(db, cipher, group.id, NOW - 60_000, 'today'),
  };
  return { db, cipher, group, sessions };
}

/** Every row of the tables a session owns, for the sessions given: what must stay byte for byte. */
async function rowsOf(db: SquircleDb, ids: string[]) {
  const sorted = <T extends { id: string }>(rows: T[]) => rows.sort((a, b) => a.id.localeCompare(b.id));
  return {
    sessions: sorted(await db.sessions.where('id').anyOf(ids).toArray()),
    markers: sorted(await db.markers.where('sessionId').anyOf(ids).toArray()),
    notes: sorted(await db.notes.where('sessionId').anyOf(ids).toArray()),
    messages: sorted(await db.messages.where('sessionId').anyOf(ids).toArray()),
    checklists: sorted(await db.checklists.where('id').anyOf(ids).toArray()),
    measures: sorted(await db.measures.where('sessionId').anyOf(ids).toArray()),
  };
}

const counts = async (db: SquircleDb, ids: string[]) => {
  const r = await rowsOf(db, ids);
  return {
    sessions: r.sessions.length,
    markers: r.markers.length,
    notes: r.notes.length,
    messages: r.messages.length,
    checklists: r.checklists.length,
    measures: r.measures.length,
  };
};

describe('applyRetention', () => {
  it('deletes old sessions with markers, notes, messages, checklists and ratings; the rest stays', async () => {
    const { db, cipher, group, sessions } = await clinic();
    const keptIds = [sessions.recent.id, sessions.today.id];
    const goneIds = [sessions.ancient.id, sessions.old.id];
    const keptBefore = await rowsOf(db, keptIds);
    const othersBefore = {
      groups: await db.groups.toArray(),
      members: await db.members.toArray(),
      categories: await db.categories.toArray(),
      scratch: await db.scratch.toArray(),
    };

    const result = await applyRetention(db, 365, NOW);

    expect(result).toEqual({
      deletedSessions: 2,
      deletedMarkers: 4,
      deletedNotes: 2,
      deletedMessages: 2,
      deletedChecklists: 2,
      deletedMeasures: 2,
      deletedOutbox: 0,
    });
    expect(await counts(db, goneIds)).toEqual({
      sessions: 0,
      markers: 0,
      notes: 0,
      messages: 0,
      checklists: 0,
      measures: 0,
    });
    expect(await rowsOf(db, keptIds)).toEqual(keptBefore);
    expect({
      groups: await db.groups.toArray(),
      members: await db.members.toArray(),
      categories: await db.categories.toArray(),
      scratch: await db.scratch.toArray(),
    }).toEqual(othersBefore);
    // What is left still opens with the vault's key, and history lists only it.
    const left = await new SessionsRepo(db, cipher).listByOwner(group.id);
    expect(left.map((s) => s.id)).toEqual([sessions.today.id, sessions.recent.id]);
    expect((await new NotesRepo(db, cipher).listBySession(sessions.recent.id))[0]!.fields.themes).toBe('recent themes');
  });

  it('keeps a session that started exactly at the cutoff and deletes one a millisecond older', async () => {
    const db = freshDb();
    const cipher = randomCipher();
    const atCutoff = await sessionWithContent(db, cipher, 'g', daysAgo(30), 'edge');
    const justOlder = await sessionWithContent(db, cipher, 'g', daysAgo(30) - 1, 'older');
    const result = await applyRetention(db, 30, NOW);
    expect(result.deletedSessions).toBe(1);
    expect(await db.sessions.get(justOlder.id)).toBeUndefined();
    expect(await counts(db, [atCutoff.id])).toEqual({
      sessions: 1,
      markers: 2,
      notes: 1,
      messages: 1,
      checklists: 1,
      measures: 1,
    });
  });

  it('0 keeps everything and writes nothing, not even its record', async () => {
    const { db } = await clinic();
    const before = await dump(db);
    expect(await applyRetention(db, 0, NOW)).toEqual({
      deletedSessions: 0,
      deletedMarkers: 0,
      deletedNotes: 0,
      deletedMessages: 0,
      deletedChecklists: 0,
      deletedMeasures: 0,
      deletedOutbox: 0,
    });
    expect(await dump(db)).toBe(before);
    expect(await retentionRecord(db)).toBeUndefined();
  });

  it('never deletes the running session, however long ago it started', async () => {
    const { db, sessions } = await clinic();
    await setActiveSession(db, sessions.ancient.id);
    const result = await applyRetention(db, 365, NOW);
    expect(result.deletedSessions).toBe(1);
    expect(await counts(db, [sessions.ancient.id])).toEqual({
      sessions: 1,
      markers: 2,
      notes: 1,
      messages: 1,
      checklists: 1,
      measures: 1,
    });
    expect(await db.sessions.get(sessions.old.id)).toBeUndefined();
  });

  it('clears envelopes queued for a co-leader before the cutoff and keeps newer ones', async () => {
    const db = freshDb();
    const cipher = randomCipher();
    let t = daysAgo(100);
    const channel = new ChannelRepo(db, cipher, () => t);
    // As the engine sends: a counter taken, then its envelope queued.
    const send = async (envelope: Uint8Array) => {
      await channel.takeCounters('ch-1', 1);
      await channel.queue('ch-1', 'sq/ch-1', [envelope]);
    };
    await send(new Uint8Array([1]));
    t = daysAgo(5);
    await send(new Uint8Array([2]));
    const result = await applyRetention(db, 30, NOW);
    expect(result.deletedOutbox).toBe(1);
    expect((await channel.outbox('ch-1')).map((r) => [...r.envelope])).toEqual([[2]]);
    // The counter is untouched: the next envelope never reuses a number.
    expect(await db.channelCounters.get('ch-1')).toEqual({ id: 'ch-1', epoch: 1, counter: 2 });
  });

  it('is one transaction: when a delete fails, nothing is deleted', async () => {
    const { db } = await clinic();
    const before = await dump(db);
    vi.spyOn(db.messages, 'where').mockImplementation(() => {
      throw new Error('disk full');
    });
    await expect(applyRetention(db, 365, NOW)).rejects.toThrow('disk full');
    vi.restoreAllMocks();
    expect(await dump(db)).toBe(before);
  });

  it('refuses a rule that is not a whole number of days ≥ 0, deleting nothing', async () => {
    const { db } = await clinic();
    const before = await dump(db);
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(applyRetention(db, bad, NOW)).rejects.toThrow(RangeError);
    }
    await expect(applyRetention(db, 30, Number.NaN)).rejects.toThrow(RangeError);
    expect(await dump(db)).toBe(before);
  });

  it('a second run deletes nothing more', async () => {
    const { db } = await clinic();
    await applyRetention(db, 365, NOW);
    const after = await dump(db);
    expect(await applyRetention(db, 365, NOW + 1000)).toMatchObject({
      deletedSessions: 0,
      deletedMarkers: 0,
      deletedNotes: 0,
      deletedMessages: 0,
    });
    // Only the record's lastRunAt moved.
    expect((await dump(db)).replace(/"lastRunAt":\d+/, '')).toBe(after.replace(/"lastRunAt":\d+/, ''));
  });
});

describe('retention notice', () => {
  it('records the last deletion for the panel and keeps it through later runs that delete nothing', async () => {
    const { db } = await clinic();
    expect(await retentionNotice(db)).toBeUndefined();
    await applyRetention(db, 365, NOW);
    expect(await retentionNotice(db)).toEqual({ deletedSessions: 2, retentionDays: 365, deletedAt: NOW });
    await applyRetention(db, 365, NOW + DAY_MS);
    expect(await retentionRecord(db)).toEqual({
      id: 'retention',
      lastRunAt: NOW + DAY_MS,
      retentionDays: 365,
      deletedSessions: 2,
      deletedAt: NOW,
    });
    expect(await retentionNotice(db)).toEqual({ deletedSessions: 2, retentionDays: 365, deletedAt: NOW });
  });

  it('a run that never deleted anything leaves no notice, only the time it ran', async () => {
    const db = freshDb();
    await applyRetention(db, 30, NOW);
    expect(await retentionNotice(db)).toBeUndefined();
    expect(await retentionRecord(db)).toEqual({
      id: 'retention',
      lastRunAt: NOW,
      retentionDays: 30,
      deletedSessions: 0,
      deletedAt: null,
    });
  });

  it('says what happened in plain words', () => {
    const date = () => '14 March 2026';
    expect(retentionNoticeText({ deletedSessions: 3, retentionDays: 730, deletedAt: NOW }, date)).toBe(
      '3 sessions older than 730 days were deleted on 14 March 2026, as your clinic requires.',
    );
    expect(retentionNoticeText({ deletedSessions: 1, retentionDays: 1, deletedAt: NOW }, date)).toBe(
      '1 session older than 1 day was deleted on 14 March 2026, as your clinic requires.',
    );
    expect(retentionNoticeText({ deletedSessions: 2, retentionDays: 90, deletedAt: NOW })).toMatch(
      /^2 sessions older than 90 days were deleted on .*2026.*, as your clinic requires\.$/,
    );
  });
});
