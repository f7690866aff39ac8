import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { CallReport } from '../../../calls/report';
import { acceptCallState, forgetCallState, startCallState } from '../../../ext/background/call-state';
import { callStateKey, onCallStateChanged, readCallState, type CallState } from '../../../ext/common/call-state';

const own = 'pjkdbfajfdaaffhfldjodmidmhoelggk';
const report: CallReport = {
  platform: 'meet',
  healthy: true,
  inCall: true,
  presenting: false,
  participants: ['Co-leader Sam'],
  meetingId: 'abc-defg-hij',
};
const meetSender = (tabId: number, extra: object = {}) => ({
  id: own,
  url: 'https://meet.google.com/abc-defg-hij',
  tab: { id: tabId, url: 'https://meet.google.com/abc-defg-hij' },
  frameId: 0,
  ...extra,
});

describe('call state in the background', () => {
  it('stores an accepted report in storage.session under call:<tabId>, and nowhere else', async () => {
    const stored = await acceptCallState(report, meetSender(7), own, 1234);
    expect(stored).toEqual({ ...report, tabId: 7, updatedAt: 1234 });
    expect(callStateKey(7)).toBe('call:7');
    expect(await fakeBrowser.storage.session.get(null)).toEqual({ 'call:7': stored });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await readCallState(7)).toEqual(stored);
    expect(await readCallState(8)).toBeUndefined();
  });

  it.each<[string, unknown, object]>([
    ['a malformed report', { ...report, participants: 'all' }, meetSender(7)],
    ['a platform the page is not', { ...report, platform: 'zoom' }, meetSender(7)],
    ['another extension', report, meetSender(7, { id: 'someone-else' })],
    ['a sender without a tab', report, { id: own, url: 'https://meet.google.com/abc-defg-hij', frameId: 0 }],
    ['a page that is no platform', report, meetSender(7, { url: 'https://meet.google.com.evil.example/x' })],
    ['a subframe on a top-frame platform', report, meetSender(7, { frameId: 3 })],
  ])('refuses %s and stores nothing', async (_what, data, sender) => {
    expect(await acceptCallState(data, sender, own)).toBeUndefined();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it("accepts Zoom's call frame, which is not the top frame", async () => {
    const sender = {
      id: own,
      url: 'https://app.zoom.us/wc/81234567890/join?fromPWA=1',
      tab: { id: 3, url: 'https://app.zoom.us/wc/join/81234567890' },
      frameId: 5,
    };
    const zoom = { ...report, platform: 'zoom', participants: [], meetingId: '81234567890' };
    expect(await acceptCallState(zoom, sender, own)).toMatchObject({ tabId: 3, platform: 'zoom' });
  });

  it('tells listeners about changes and removals, with the tab id', async () => {
    const seen: [number, CallState | undefined][] = [];
    const off = onCallStateChanged((tabId, state) => seen.push([tabId, state]));
    await fakeBrowser.storage.session.set({ vaultKey: 'not a call' });
    await acceptCallState(report, meetSender(7), own, 1);
    await forgetCallState(7);
    off();
    await acceptCallState(report, meetSender(7), own, 2);
    expect(seen).toEqual([
      [7, { ...report, tabId: 7, updatedAt: 1 }],
      [7, undefined],
    ]);
  });

  it('forgets a tab when it closes or leaves its platform, keeps it while it stays', async () => {
    const stop = startCallState(own);
    const a = await fakeBrowser.tabs.create({ url: 'https://meet.google.com/abc-defg-hij' });
    const b = await fakeBrowser.tabs.create({ url: 'https://meet.google.com/abc-defg-hij' });
    await acceptCallState(report, meetSender(a.id!), own);
    await acceptCallState(report, meetSender(b.id!), own);

    await fakeBrowser.tabs.update(a.id!, { url: 'https://meet.google.com/abc-defg-hij?authuser=1' });
    expect(await readCallState(a.id!)).toBeDefined();
    // Without host permission for the new page the browser shows no URL: that is leaving too.
    await fakeBrowser.tabs.onUpdated.trigger(a.id!, { status: 'loading' }, { ...a, url: undefined });
    expect(await readCallState(a.id!)).toBeUndefined();

    // (fakeBrowser.tabs.remove looks the window up by tab id, so the event is fired directly.)
    await fakeBrowser.tabs.onRemoved.trigger(b.id!, { isWindowClosing: false, windowId: 0 });
    expect(await readCallState(b.id!)).toBeUndefined();
    stop();
  });

  it('sweeps states of tabs that closed while the worker was not running', async () => {
    const open = await fakeBrowser.tabs.create({ url: 'https://meet.google.com/abc-defg-hij' });
    await fakeBrowser.storage.session.set({ 'call:999': { ...report, tabId: 999, updatedAt: 1 }, vaultKey: 'k' });
    await acceptCallState(report, meetSender(open.id!), own);
    const stop = startCallState(own);
    await new Promise((r) => setTimeout(r, 0));
    stop();
    expect(Object.keys(await fakeBrowser.storage.session.get(null)).sort()).toEqual([
      callStateKey(open.id!),
      'vaultKey',
    ]);
  });
});
