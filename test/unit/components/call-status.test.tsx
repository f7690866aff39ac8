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

  it('says which reading failed and what still works, with a diagnostics list of codes, never names', () => {
    const text = line(call({ missing: ['people-list'] }));
    expect(text).toBe(
      'Google Meet: in a call; people list not found, so attendance is by hand. ' +
        'Marking, notes and the presenting guard work as usual.',
    );
    const items = [...dom.root.querySelectorAll('.call-diagnostics li')].map((li) => li.textContent);
    expect(items).toEqual(['meet: people list not found']);
    expect(dom.root.textContent).not.toContain('Avery');
  });

  it('lists both failed readings when the page cannot be read at all', () => {
    line(call({ healthy: false, participants: [], missing: ['call-controls', 'people-list'] }));
    const items = [...dom.root.querySelectorAll('.call-diagnostics li')].map((li) => li.textContent);
    expect(items).toEqual(['meet: call controls not found', 'meet: people list not found']);
  });

  it('shows no diagnostics while every reading works', () => {
    line(call({ missing: [] }));
    expect(dom.root.querySelector('.call-diagnostics')).toBeNull();
  });
});
