import { describe, expect, it } from 'vitest';
import {
  privatePlaceText,
  addMonths,
  checklistMarkdown,
  checklistProgress,
  remindersFor,
  type ChecklistResult,
} from '../../../domain/checklist';
import { buildChecklist, emptyLeaderProfile, emptySafety } from '../../../domain/safety';

const DAY = 86_400_000;
const now = Date.UTC(2025, 5, 15);

describe('buildChecklist', () => {
  const leader = {
    ...emptyLeaderProfile(),
    licensedIn: ['CA'],
    platforms: { zoom: { approved: true, baa: true }, meet: { approved: true, baa: false } },
  };
  const safety = [
    { ...emptySafety('m1', 'g'), location: 'Home, Oakland', region: 'CA', consentDate: now - DAY },
    { ...emptySafety('m2', 'g'), region: 'NY' },
  ];

  it('fills last known location, consent, licence and platform from the records; ticks nothing else', () => {
    const c = buildChecklist({
      sessionId: 's',
      ownerId: 'g',
      platform: 'zoom',
      memberIds: ['m1', 'm2', 'm3'],
      safety,
      leader,
      now,
    });
    expect(c.members[0]).toEqual({
      memberId: 'm1',
      locationConfirmed: false,
      lastKnownLocation: 'Home, Oakland',
      consentOnFile: true,
      jurisdiction: { ok: true, basis: 'licence', ruleId: 'US' },
    });
    expect(c.members[1]).toMatchObject({ consentOnFile: false, jurisdiction: { ok: false } });
    expect(c.members[2]).toMatchObject({
      lastKnownLocation: '',
      jurisdiction: { ok: false, problem: 'noRegion' },
    });
    expect(c.session).toEqual({ platformApproved: true, recordingOff: false, leadersInPrivateRoom: false });
    expect(
      buildChecklist({ sessionId: 's', ownerId: 'g', platform: 'meet', memberIds: [], safety, leader, now }).session
        .platformApproved,
    ).toBe(false);
  });

  it('a rebuild keeps ticks already made and follows the roster', () => {
    const first = buildChecklist({
      sessionId: 's',
      ownerId: 'g',
      platform: 'zoom',
      memberIds: ['m1', 'm2'],
      safety,
      leader,
      now,
    });
    first.members[0]!.locationConfirmed = true;
    first.session.recordingOff = true;
    const again = buildChecklist(
      { sessionId: 's', ownerId: 'g', platform: 'zoom', memberIds: ['m1'], safety, leader, now: now + 1 },
      first,
    );
    expect(again.members).toHaveLength(1);
    expect(again.members[0]!.locationConfirmed).toBe(true);
    expect(again.session.recordingOff).toBe(true);
  });
});

describe('checklistMarkdown', () => {
  const r: ChecklistResult = {
    id: 's',
    ownerId: 'g',
    members: [
      {
        memberId: 'm1',
        locationConfirmed: true,
        lastKnownLocation: 'Secret street 1',
        consentOnFile: true,
        jurisdiction: { ok: true },
      },
      {
        memberId: 'm2',
        locationConfirmed: false,
        lastKnownLocation: '',
        consentOnFile: false,
        jurisdiction: { ok: false, warning: 'Not licensed in NY.' },
      },
    ],
    session: { platformApproved: true, recordingOff: true, leadersInPrivateRoom: false },
    readAloud: true,
    updatedAt: 1,
  };

  it('ticks, names, licence warnings and a count; never the location', () => {
    const md = checklistMarkdown(r, { m1: 'Ana' });
    expect(md).toContain('## Pre-session checklist');
    expect(md).toContain('- [x] Recording and automatic transcripts are off');
    expect(md).toContain('- [ ] Each leader is in a closed room');
    expect(md).toContain('- Ana: location confirmed this session; consent on file');
    expect(md).toContain('- a member: location not confirmed this session; consent not on file');
    expect(md).toContain('Licence: Not licensed in NY.');
    expect(md).not.toContain('Secret street');
    expect(checklistProgress(r)).toEqual({ done: 5, total: 8 });
    expect(md).toContain('5 of 8 checks done.');
  });

  it('has a short read-aloud text', () => {
    expect(privatePlaceText().length).toBeLessThan(500);
    expect(privatePlaceText()).toMatch(/quiet/);
  });

  it('writes a licence warning kept as data in the current language', () => {
    const md = checklistMarkdown({
      ...r,
      members: [{ ...r.members[1]!, jurisdiction: { ok: false, problem: 'notLicensed', region: 'NY' } }],
    });
    expect(md).toContain('  - Licence: You are not recorded as licensed in NY, where this member is now.');
  });
});

describe('remindersFor', () => {
  it('location not confirmed, consent missing, consent older than N months', () => {
    const r = remindersFor(
      [
        { memberId: 'a', locationConfirmed: true, consentDate: addMonths(now, -11) },
        { memberId: 'b', locationConfirmed: false, consentDate: null },
        { memberId: 'c', locationConfirmed: true, consentDate: addMonths(now, -12) - 1 },
        { memberId: 'd', locationConfirmed: true, consentDate: addMonths(now, -12) },
      ],
      now,
      12,
    );
    expect(r.map((x) => [x.memberId, x.kind])).toEqual([
      ['b', 'location'],
      ['b', 'consent-missing'],
      ['c', 'consent-old'],
    ]);
  });

  it('adds calendar months, clamped to the month end', () => {
    expect(new Date(addMonths(Date.UTC(2025, 0, 31), 1)).toISOString().slice(0, 10)).toBe('2025-02-28');
    expect(new Date(addMonths(Date.UTC(2024, 1, 29), 12)).toISOString().slice(0, 10)).toBe('2025-02-28');
  });
});
