import { describe, expect, it } from 'vitest';
import { fieldCipher, newVaultKey } from '../../../crypto';
import { JURISDICTION_RULES, withClinicRules } from '../../../domain/jurisdictions';
import { emptySafety } from '../../../domain/safety';
import type { Session } from '../../../domain/types';
import { safetyApi } from '../../../ext/panel/safety-api';
import { SquircleDb } from '../../../storage/db';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 15);

function setup() {
  const db = new SquircleDb(`t-${crypto.randomUUID()}`);
  const api = safetyApi(db, fieldCipher(newVaultKey()), { now: () => NOW, consentMaxAgeMonths: 12 });
  const session: Session = {
    id: 's1',
    ownerKind: 'group',
    ownerId: 'g',
    platform: 'zoom',
    meetingHash: '',
    startedAt: NOW - 60_000,
    endedAt: null,
    pauses: [],
    attendance: {},
    updatedAt: 1,
  } as unknown as Session;
  return { db, api, session };
}

/** The first value a live view delivers. */
const first = <T>(live: { subscribe(o: { next(v: T): void; error?(e: unknown): void }): { unsubscribe(): void } }) =>
  new Promise<T>((resolve, reject) => {
    const sub = live.subscribe({ next: (v) => (resolve(v), setTimeout(() => sub.unsubscribe())), error: reject });
  });

describe('safetyApi', () => {
  it('prepares a checklist from the records, keeps ticks on a second prepare, reminds of what is open', async () => {
    const { api, session } = setup();
    await api.saveLeaderProfile({
      licensedIn: ['CA'],
      psypact: false,
      platforms: { zoom: { approved: true, baa: true } },
    });
    await api.saveSafety({
      ...emptySafety('m1', 'g'),
      location: 'Back bedroom',
      region: 'CA',
      consentDate: NOW - 400 * DAY,
    });
    await api.saveSafety({ ...emptySafety('m2', 'g'), region: 'NY', consentDate: NOW - DAY });
    const c = await api.prepareChecklist(session, ['m1', 'm2']);
    expect(c.session.platformApproved).toBe(true);
    expect(c.members.map((m) => [m.lastKnownLocation, m.jurisdiction.ok])).toEqual([
      ['Back bedroom', true],
      ['', false],
    ]);

    await api.confirmLocation('s1', 'm1', true);
    expect((await api.prepareChecklist(session, ['m1', 'm2'])).members[0]!.locationConfirmed).toBe(true);
    expect((await first(api.live.memberSafety('m1')))?.locationConfirmedAt).toBe(NOW);

    const reminders = await api.reminders((await first(api.live.checklist('s1')))!);
    expect(reminders.map((r) => [r.memberId, r.kind])).toEqual([
      ['m2', 'location'],
      ['m1', 'consent-old'],
    ]);
  });

  it('unticking a location leaves the record date alone; an unknown session throws', async () => {
    const { api, session } = setup();
    await api.saveSafety({ ...emptySafety('m1', 'g'), locationConfirmedAt: 5 });
    await api.prepareChecklist(session, ['m1']);
    await api.confirmLocation('s1', 'm1', false);
    expect((await first(api.live.memberSafety('m1')))?.locationConfirmedAt).toBe(5);
    await expect(api.confirmLocation('nope', 'm1', true)).rejects.toThrow(/no record/);
  });

  it('screenings start unanswered; measures are filed under the session and group', async () => {
    const { api, session } = setup();
    const f = api.newScreening('m1');
    expect(f.derived.recommendation).toBe('incomplete');
    await api.saveScreening(f);
    expect((await first(api.live.screenings('m1'))).map((x) => x.id)).toEqual([f.id]);
    const m = await api.saveMeasure(session, {
      memberId: null,
      gcq: Array.from({ length: 12 }, () => 4),
      alliance: { goal: 6, task: 5, bond: 7 },
    });
    expect(m).toMatchObject({ groupId: 'g', sessionId: 's1', at: session.startedAt });
    expect((await first(api.live.measures('g'))).map((x) => x.id)).toEqual([m.id]);
    expect(api.gcqConfig.itemLabels[0]).toBe('Item 1');
  });

  it("builds the checklist with the clinic's jurisdiction entries, and hands the table to the screens", async () => {
    const db = new SquircleDb(`t-${crypto.randomUUID()}`);
    const nz = { ...JURISDICTION_RULES.find((r) => r.id === 'AU')!, id: 'NZ', name: 'New Zealand', countries: ['NZ'] };
    const rules = withClinicRules([nz]);
    const api = safetyApi(db, fieldCipher(newVaultKey()), { now: () => NOW, jurisdictions: rules });
    const { session } = setup();
    await api.saveLeaderProfile({ licensedIn: ['New Zealand'], psypact: false, platforms: {} });
    await api.saveSafety({ ...emptySafety('m1', 'g'), region: 'NZ-WGN' });
    const c = await api.prepareChecklist(session, ['m1']);
    expect(c.members[0]!.jurisdiction).toEqual({ ok: true, basis: 'licence', ruleId: 'NZ' });
    expect(api.jurisdictions).toBe(rules);
    expect(setup().api.jurisdictions).toBe(JURISDICTION_RULES);
  });
});
