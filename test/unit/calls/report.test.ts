import { describe, expect, it } from 'vitest';
import { validateCallReport, type CallReport } from '../../../calls/report';

const good: CallReport = {
  platform: 'meet',
  healthy: true,
  inCall: true,
  presenting: false,
  participants: ['Co-leader Sam', 'Zoë Østergaard'],
  meetingId: 'abc-defg-hij',
  missing: [],
};

describe('validateCallReport', () => {
  it('accepts a well-formed report and returns a copy with only the known fields', () => {
    const out = validateCallReport({ ...good, extra: '<script>', __proto__: { polluted: true } });
    expect(out).toEqual(good);
    expect(out).not.toHaveProperty('extra');
    expect(out!.participants).not.toBe(good.participants);
  });

  it('accepts the limits exactly', () => {
    const names = Array.from({ length: 100 }, (_, i) => `${'n'.repeat(77)}${String(i).padStart(3, '0')}`);
    expect(validateCallReport({ ...good, participants: names, meetingId: 'm'.repeat(200) })).toBeDefined();
    expect(validateCallReport({ ...good, participants: [], meetingId: '' })).toBeDefined();
    expect(validateCallReport({ ...good, missing: ['people-list', 'call-controls'] })?.missing).toEqual([
      'people-list',
      'call-controls',
    ]);
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', JSON.stringify(good)],
    ['an array', [good]],
    ['an unknown platform', { ...good, platform: 'skype' }],
    ['a platform of another type', { ...good, platform: 1 }],
    ['an inherited platform name', { ...good, platform: 'toString' }],
    ['a missing flag', { ...good, healthy: undefined }],
    ['a flag as a string', { ...good, inCall: 'true' }],
    ['a flag as a number', { ...good, presenting: 1 }],
    ['participants not an array', { ...good, participants: 'Ana' }],
    ['a participant not a string', { ...good, participants: ['Ana', 7] }],
    ['an empty name', { ...good, participants: ['  '] }],
    ['a name over 80 characters', { ...good, participants: ['x'.repeat(81)] }],
    ['a name with a control character', { ...good, participants: ['Ana\nBob'] }],
    ['101 participants', { ...good, participants: Array.from({ length: 101 }, (_, i) => `P${i}`) }],
    ['a meeting id over 200 characters', { ...good, meetingId: 'm'.repeat(201) }],
    ['a meeting id not a string', { ...good, meetingId: 42 }],
    ['a missing meeting id', { ...good, meetingId: undefined }],
    ['no list of what is missing', { ...good, missing: undefined }],
    ['an unknown missing reading', { ...good, missing: ['people-list', 'Ana'] }],
    ['a missing reading not a string', { ...good, missing: [1] }],
    ['more missing readings than there are', { ...good, missing: ['people-list', 'people-list', 'call-controls'] }],
  ])('rejects %s', (_what, x) => {
    expect(validateCallReport(x)).toBeUndefined();
  });
});
