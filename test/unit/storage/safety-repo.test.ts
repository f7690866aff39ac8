import { describe, expect, it } from 'vitest';
import { FieldOpenError } from '../../../crypto/types';
import { emptySafety } from '../../../domain/safety';
import type { GroupMeasure } from '../../../domain/gcq';
import { SafetyRepo } from '../../../storage/safety-repo';
import { freshDb, randomCipher } from './support';

const repo = (now = () => 100) => {
  const db = freshDb();
  const cipher = randomCipher();
  return { db, cipher, r: new SafetyRepo(db, cipher, now) };
};

const measure = (over: Partial<GroupMeasure>): GroupMeasure => ({
  id: crypto.randomUUID(),
  groupId: 'g',
  sessionId: 's',
  at: 1,
  memberId: null,
  gcq: Array.from({ length: 12 }, () => 2),
  alliance: { goal: 4, task: 4, bond: 4 },
  updatedAt: 0,
  ...over,
});

describe('SafetyRepo', () => {
  it('keeps one safety record per member, sealed, listed by group', async () => {
    const { db, cipher, r } = repo();
    await r.saveSafety({ ...emptySafety('m1', 'g'), location: 'Attic room, 12 Elm' });
    await r.saveSafety({ ...emptySafety('m2', 'g'), emergencyContact: 'Partner' });
    await r.saveSafety({ ...emptySafety('m3', 'other') });
    expect((await r.memberSafety('m1'))?.location).toBe('Attic room, 12 Elm');
    expect((await r.memberSafety('m1'))?.updatedAt).toBe(100);
    expect((await r.safetyByGroup('g')).map((s) => s.id).sort()).toEqual(['m1', 'm2']);
    // On disk: the member's and the group's ids are tags, so whose record it is stays sealed.
    expect(await db.safety.get('m1')).toBeUndefined();
    const raw = await db.safety.get(cipher.tag('safety.id', 'm1'));
    expect(Object.keys(raw!).sort()).toEqual(['body', 'groupId', 'id', 'updatedAt', 'v']);
    expect(raw!.groupId).toBe(cipher.tag('safety.groupId', 'g'));
    expect(Buffer.from(raw!.body).toString('latin1')).not.toContain('Elm');
  });

  it('the leader profile is empty until saved, then one record', async () => {
    const { db, r } = repo();
    expect(await r.leaderProfile()).toMatchObject({ id: 'leader', licensedIn: [], psypact: false, updatedAt: 0 });
    await r.saveLeaderProfile({
      licensedIn: ['CA', 'CO'],
      psypact: true,
      platforms: { zoom: { approved: true, baa: true } },
    });
    await r.saveLeaderProfile({ licensedIn: ['CA'], psypact: false, platforms: {} });
    expect(await db.leaderProfile.count()).toBe(1);
    expect(await r.leaderProfile()).toMatchObject({ licensedIn: ['CA'], psypact: false, updatedAt: 100 });
  });

  it('screenings per member, newest first; checklists per session', async () => {
    const { r } = repo();
    const base = {
      memberId: 'm1',
      answers: { readiness: {}, notOnline: {}, mayBenefit: {} },
      derived: { recommendation: 'incomplete' as const, reasons: [] },
      confirmed: false,
      notes: '',
      updatedAt: 0,
    };
    await r.saveScreening({ ...base, id: 'a', screenedAt: 1 });
    await r.saveScreening({ ...base, id: 'b', screenedAt: 5 });
    await r.saveScreening({ ...base, id: 'c', memberId: 'm2', screenedAt: 3 });
    expect((await r.screeningsFor('m1')).map((f) => f.id)).toEqual(['b', 'a']);
    const c = {
      id: 's1',
      ownerId: 'g',
      members: [],
      session: { platformApproved: true, recordingOff: false, leadersInPrivateRoom: true },
      readAloud: false,
      updatedAt: 0,
    };
    await r.saveChecklist(c);
    expect(await r.checklist('s1')).toEqual({ ...c, updatedAt: 100 });
    expect(await r.checklist('s2')).toBeUndefined();
  });

  it('measures: by group in session order, by session; bad ratings refused', async () => {
    const { r } = repo();
    await r.saveMeasure(measure({ id: 'late', sessionId: 's2', at: 20 }));
    await r.saveMeasure(measure({ id: 'early', sessionId: 's1', at: 10 }));
    await r.saveMeasure(measure({ id: 'elsewhere', groupId: 'h', at: 15 }));
    expect((await r.measuresByGroup('g')).map((m) => m.id)).toEqual(['early', 'late']);
    expect((await r.measuresBySession('s2')).map((m) => m.id)).toEqual(['late']);
    expect(() => r.saveMeasure(measure({ gcq: [1, 2] }))).toThrow(/12 items/);
    expect(() => r.saveMeasure(measure({ alliance: { goal: 8, task: 1, bond: 1 } }))).toThrow(/1 to 7/);
    await r.deleteMeasure('late');
    expect((await r.measuresByGroup('g')).map((m) => m.id)).toEqual(['early']);
  });

  it('a record sealed under another key is not found by its id, and its row does not open', async () => {
    const { db, cipher, r } = repo();
    await r.saveSafety(emptySafety('m1', 'g'));
    const other = new SafetyRepo(db, randomCipher());
    expect(await other.memberSafety('m1')).toBeUndefined();
    const raw = (await db.safety.get(cipher.tag('safety.id', 'm1')))!;
    expect(() => other.safety.open(raw)).toThrow(FieldOpenError);
  });
});
