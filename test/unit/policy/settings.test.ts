import { describe, expect, it } from 'vitest';
import { clinicBrokerAccount, resolveSettings } from '../../../policy/settings';

describe('resolveSettings', () => {
  it('uses the defaults when nothing is set', () => {
    const r = resolveSettings({});
    expect(r.settings).toMatchObject({
      autoLockMinutes: 15,
      minPassphraseLength: 12,
      markBackSeconds: 15,
      lateGraceSeconds: 120,
      screenShareGuard: true,
      brokerUrl: 'ws://127.0.0.1:18830',
      backchannelModeFloor: 'open',
      defaultBackchannelMode: 'spoken-first',
      allowSendNow: true,
      parkForDebrief: true,
      presenceAid: false,
      presenceAidSeconds: 20,
      signalSound: false,
      exportAllowed: true,
      backupAllowed: true,
      retentionDays: 0,
      clinicName: '',
    });
    expect(r.locked.size).toBe(0);
    expect(r.ignored).toEqual([]);
  });

  it('lets managed policy win over the user, and marks it locked', () => {
    const r = resolveSettings({ autoLockMinutes: 30 }, { autoLockMinutes: 5 });
    expect(r.settings.autoLockMinutes).toBe(5);
    expect(r.locked.has('autoLockMinutes')).toBe(true);
  });

  it('ignores invalid values with a reason; a refused managed value still locks the key at its default', () => {
    const r = resolveSettings({ autoLockMinutes: 'soon', minPassphraseLength: 20 }, { minPassphraseLength: 3 });
    expect(r.settings).toMatchObject({ autoLockMinutes: 15, minPassphraseLength: 12 });
    expect(r.locked.has('minPassphraseLength')).toBe(true);
    expect(r.ignored).toEqual([
      { key: 'autoLockMinutes', source: 'user', reason: 'not a number' },
      { key: 'minPassphraseLength', source: 'managed', reason: 'outside 8–128' },
    ]);
  });

  it('lets only the clinic set clinic keys', () => {
    expect(resolveSettings({ exportAllowed: false, clinicName: 'Me' }).settings).toMatchObject({
      exportAllowed: true,
      clinicName: '',
    });
    const r = resolveSettings(
      {},
      { exportAllowed: false, clinicName: 'Northside', retentionDays: 'forever', backchannelModeFloor: 'loud' },
    );
    expect(r.settings).toMatchObject({
      exportAllowed: false,
      clinicName: 'Northside',
      retentionDays: 0,
      backchannelModeFloor: 'open',
    });
    expect(r.ignored.map((i) => i.key)).toEqual(['backchannelModeFloor', 'retentionDays']);
  });

  it('caps auto-lock, requires the screen-share guard, and keeps brokers to the allowlist', () => {
    const r = resolveSettings(
      { autoLockMinutes: 60, screenShareGuard: false, brokerUrl: 'wss://elsewhere.example/mqtt' },
      { autoLockMaxMinutes: 5, screenShareGuardRequired: true, brokerHostsAllowed: ['broker.clinic.example'] },
    );
    expect(r.settings).toMatchObject({
      autoLockMinutes: 5,
      screenShareGuard: true,
      brokerUrl: 'wss://broker.clinic.example/mqtt',
    });
    expect([...r.locked]).toEqual(expect.arrayContaining(['autoLockMinutes', 'screenShareGuard']));
    expect(r.ignored).toEqual([{ key: 'brokerUrl', source: 'user', reason: 'not on the clinic’s list of brokers' }]);
  });

  it('signs in to the clinic’s brokers only with its whole account, and only where brokerHostsAllowed says', () => {
    const account = { brokerUsername: 'leader-a', brokerPassword: 's3cret' };
    const ok = resolveSettings({}, { ...account, brokerHostsAllowed: ['MQTT.clinic.example'] });
    expect(clinicBrokerAccount(ok.settings)).toEqual({
      username: 'leader-a',
      password: 's3cret',
      hosts: ['mqtt.clinic.example'],
    });
    expect(ok.ignored).toEqual([]);

    const nowhere = resolveSettings({}, { ...account, brokerUrl: 'wss://mqtt.clinic.example/mqtt' });
    expect(clinicBrokerAccount(nowhere.settings)).toBeUndefined();
    expect(nowhere.ignored).toEqual([
      {
        key: 'brokerUsername',
        source: 'managed',
        reason: 'not used without brokerHostsAllowed, which says which brokers it is for',
      },
    ]);

    const half = resolveSettings({}, { brokerUsername: 'leader-a', brokerHostsAllowed: ['mqtt.clinic.example'] });
    expect(clinicBrokerAccount(half.settings)).toBeUndefined();
    expect(half.ignored).toEqual([
      { key: 'brokerUsername', source: 'managed', reason: 'not used without brokerPassword' },
    ]);

    // Staff cannot set the clinic's account, and a value that cannot go into CONNECT is refused by name, never shown.
    const user = resolveSettings({ ...account }, { brokerHostsAllowed: ['mqtt.clinic.example'] });
    expect(clinicBrokerAccount(user.settings)).toBeUndefined();
    const bad = resolveSettings(
      {},
      { brokerUsername: 'a\u0000b', brokerPassword: 'x', brokerHostsAllowed: ['mqtt.clinic.example'] },
    );
    expect(bad.ignored.map((i) => `${i.key}: ${i.reason}`)).toEqual([
      'brokerUsername: has control characters',
      'brokerPassword: not used without brokerUsername',
    ]);
  });

  it('takes the clinic’s presence-aid default unless the user chose', () => {
    expect(resolveSettings({}, { presenceAidDefault: true }).settings.presenceAid).toBe(true);
    expect(resolveSettings({ presenceAid: false }, { presenceAidDefault: true }).settings.presenceAid).toBe(false);
  });

  it("takes a clinic's jurisdiction entries whole, and refuses a list with a bad one, naming the problem", () => {
    const nz = {
      id: 'NZ',
      name: 'New Zealand',
      countries: ['NZ'],
      licenceScope: 'country',
      licence: 'Registered with the New Zealand Psychologists Board.',
      consent: 'Informed consent under the Code of Health and Disability Services Consumers’ Rights.',
      retentionYears: 10,
      retentionNote: 'Ten years after the last contact (Health (Retention of Health Information) Regulations 1996).',
      emergencyNumber: '111',
      crisisLine: '1737',
    };
    expect(resolveSettings({}, { jurisdictions: [nz] }).settings.jurisdictions).toEqual([nz]);
    expect(resolveSettings({ jurisdictions: [nz] }).settings.jurisdictions).toEqual([]);
    const bad: [unknown, RegExp][] = [
      [{ ...nz, id: 'nz' }, /id of 2 or 3 capitals/],
      [{ ...nz, countries: ['New Zealand'] }, /country codes/],
      [{ ...nz, countries: [] }, /country codes/],
      [{ ...nz, licenceScope: 'state' }, /licenceScope/],
      [{ ...nz, retentionYears: 7.5 }, /retentionYears/],
      [{ ...nz, emergencyNumber: '' }, /emergency number/],
      [{ ...nz, consent: 'x'.repeat(301) }, /at most 300/],
      ['NZ', /not a jurisdiction/],
    ];
    for (const [entry, reason] of bad) {
      const r = resolveSettings({}, { jurisdictions: [nz, entry] });
      expect(r.settings.jurisdictions).toEqual([]);
      expect(r.ignored[0]?.reason).toMatch(reason);
    }
  });

  it('takes the GCQ-S wording as all 12 items or none, from the user or the clinic', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => `Item wording ${i + 1}`);
    expect(resolveSettings({ gcqItemWording: twelve }).settings.gcqItemWording).toEqual(twelve);
    const r = resolveSettings({ gcqItemWording: twelve.slice(1) }, { gcqItemWording: [...twelve.slice(1), ' '] });
    expect(r.settings.gcqItemWording).toEqual([]);
    expect(r.ignored.map((i) => i.reason)).toEqual([
      'not a list of the 12 items',
      'an item is empty or longer than 200 characters',
    ]);
  });
});
