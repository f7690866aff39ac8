// The one quiet line about the call in this tab: what the page tells, and on
// platforms whose page does not tell who is there, that attendance is by hand.
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { CallStatus } from '../../../components/home/CallStatus';
import type { CallInfo } from '../../../components/session/api';
import { useTestDom } from './dom';

const call = (over: Partial<CallInfo>): CallInfo => ({
  platform: 'meet',
  platformLabel: 'Google Meet',
  state: 'in-call',
  presenting: false,
  healthy: true,
  participants: ['Avery Quillon', 'Blake Mortimer'],
  readsPeople: true,
  meetingId: 'abc-defg-hij',
  ...over,
});

describe('CallStatus', () => {
  const dom = useTestDom();
  const line = (c: CallInfo | null) => {
    render(h(CallStatus, { call: c }), dom.root);
    return dom.root.querySelector('.callstatus')!.textContent;
  };

  it('counts the people where the platform tells them', () => {
    expect(line(call({}))).toBe('Google Meet: in a call with 2 people.');
  });

  it('says attendance is by hand where the platform does not tell who is there', () => {
    const text = line(
      call({
        platform: 'simplepractice',
        platformLabel: 'SimplePractice telehealth',
        participants: [],
        readsPeople: false,
      }),
    );
    expect(text).toBe('SimplePractice telehealth: in a call. Attendance by hand on this platform.');
  });

  it('keeps the degraded line first when detection fails', () => {
    expect(line(call({ healthy: false, readsPeople: false }))).toContain('call detection is unavailable');
  });
});
