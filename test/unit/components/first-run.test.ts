import { describe, expect, it } from 'vitest';
import { stepOf } from '../../../components/firstrun/FirstRun';
import type { CallInfo } from '../../../components/session/api';
import type { Session } from '../../../domain/types';

const practice: CallInfo = {
  platform: 'demo',
  platformLabel: 'Practice call',
  state: 'in-call',
  presenting: false,
  healthy: true,
  participants: ['Co-leader'],
  meetingId: 'squircle-practice',
};
const running = { id: 's' } as Session;

describe('the first-run step, read from what exists', () => {
  it('goes sample group → practice call → session → first marker → done', () => {
    const none = { state: { show: true }, call: null, active: null, markers: 0 };
    expect(stepOf(none)).toBe('sample');
    const sample = { ...none, state: { show: true, sampleGroupId: 'g' } };
    expect(stepOf(sample)).toBe('call');
    expect(stepOf({ ...sample, call: { ...practice, platform: 'meet' } })).toBe('call');
    expect(stepOf({ ...sample, call: practice })).toBe('session');
    expect(stepOf({ ...sample, call: practice, active: running })).toBe('mark');
    expect(stepOf({ ...sample, call: practice, active: running, markers: 1 })).toBe('done');
  });

  it('a session started another way still leads to the first marker', () => {
    expect(stepOf({ state: { show: true, sampleGroupId: 'g' }, call: null, active: running, markers: 0 })).toBe('mark');
  });
});
