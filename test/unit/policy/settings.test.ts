import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../../policy/settings';

describe('resolveSettings', () => {
  it('uses the defaults when nothing is set', () => {
    const r = resolveSettings({});
    expect(r.settings).toEqual({ autoLockMinutes: 15, minPassphraseLength: 12, markBackSeconds: 15, lateGraceSeconds: 120, screenShareGuard: true, brokerUrl: 'ws://127.0.0.1:18830',
      backchannelModeFloor: 'open', defaultBackchannelMode: 'spoken-first', allowSendNow: true, parkForDebrief: true,
      presenceAid: false, presenceAidSeconds: 20, signalSound: false });
    expect(r.locked.size).toBe(0);
    expect(r.ignored).toEqual([]);
  });

  it('lets managed policy win over the user, and marks it locked', () => {
    const r = resolveSettings({ autoLockMinutes: 30 }, { autoLockMinutes: 5 });
    expect(r.settings.autoLockMinutes).toBe(5);
    expect(r.locked.has('autoLockMinutes')).toBe(true);
  });

  it('ignores invalid values with a reason', () => {
    const r = resolveSettings({ autoLockMinutes: 'soon' }, { minPassphraseLength: 3 });
    expect(r.settings).toMatchObject({ autoLockMinutes: 15, minPassphraseLength: 12 });
    expect(r.ignored).toEqual([
      { key: 'autoLockMinutes', source: 'user', reason: 'not a number' },
      { key: 'minPassphraseLength', source: 'managed', reason: 'outside 8–128' },
    ]);
  });
});
