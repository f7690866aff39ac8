import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { CallReport } from '../../../calls/report';
import {
  acceptCallState,
  forgetCallState,
  serveCallPort,
  startCallAudience,
  startCallState,
  type CallPortLike,
} from '../../../ext/background/call-state';
import { CALL_LISTEN_PORT, CALL_PORT } from '../../../calls/report';
import { DE, ES, HE } from '../../../calls/adapters/words';
import { clearSessionKey, writeSessionKey } from '../../../ext/common/session-key';
import { callStateKey, onCallStateChanged, readCallState, type CallState } from '../../../ext/common/call-state';

const own = 'pjkdbfajfdaaffhfldjodmidmhoelggk';
const report: CallReport = {
  platform: 'meet',
  healthy: true,
  inCall: true,
  presenting: false,
  participants: ['Co-leader Sam'],
  meetingId: 'abc-defg-hij',
  missing: [],
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
    const stop = startCallState();
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
    const stop = startCallState();
    await new Promise((r) => setTimeout(r, 0));
    stop();
    expect(Object.keys(await fakeBrowser.storage.session.get(null)).sort()).toEqual([
      callStateKey(open.id!),
      'vaultKey',
    ]);
  });

  /** A port as the background receives it: its name, its sender, and the messages the content script posts. */
  function port(sender: object, name = CALL_PORT) {
    const listeners: ((m: unknown) => void)[] = [];
    const p: CallPortLike = { name, sender, onMessage: { addListener: (cb) => void listeners.push(cb) } };
    return { p, post: (m: unknown) => listeners.forEach((l) => l(m)) };
  }
  const flush = () => new Promise((r) => setTimeout(r, 0));

  it('serves a call port: the hello marks the tab, reports are stored in the order they were posted', async () => {
    const marked: number[] = [];
    const { p, post } = port(meetSender(4));
    serveCallPort(p, own, async (tabId) => void marked.push(tabId));
    post({ type: 'callPage', data: { platform: 'meet' } });
    post({ type: 'callState', data: report });
    post({ type: 'callState', data: { ...report, participants: ['Co-leader Sam', 'Member A'] } });
    await flush();
    await flush();
    expect(marked).toEqual([4]);
    expect((await readCallState(4))?.participants).toEqual(['Co-leader Sam', 'Member A']);
  });

  it("answers a hello with the word tables of the page's language; none for English, or a page not ours", async () => {
    const answered = async (sender: object, data: object) => {
      const got: unknown[] = [];
      const { p, post } = port(sender);
      p.postMessage = (m) => void got.push(m);
      serveCallPort(p, own, async () => undefined);
      post({ type: 'callPage', data });
      await flush();
      await flush();
      return got;
    };
    expect(await answered(meetSender(4), { platform: 'meet', lang: 'de-DE' })).toEqual([{ words: [DE] }]);
    expect(await answered(meetSender(4), { platform: 'meet', lang: 'he' })).toEqual([{ words: [HE] }]);
    // No language we know: every table, the page may be in any of them.
    expect(await answered(meetSender(4), { platform: 'meet' })).toEqual([{ words: [DE, ES, HE] }]);
    expect(await answered(meetSender(4), { platform: 'meet', lang: 'en-US' })).toEqual([]);
    expect(await answered(meetSender(4, { id: 'x' }), { platform: 'meet', lang: 'de' })).toEqual([]);
    expect(await answered(meetSender(4), { platform: 'zoom', lang: 'de' })).toEqual([]);
  });

  it("serves a self-hosted server's page only while its host is listed, kept while the tab stays", async () => {
    const url = 'https://meet.clinic.example/html5client/join?sessionToken=x';
    const bbb = { ...report, platform: 'bigbluebutton' as const, meetingId: '' };
    const sender = { id: own, url, tab: { id: 6, url }, frameId: 0 };
    const marked: number[] = [];
    const first = port(sender);
    serveCallPort(first.p, own, async (tabId) => void marked.push(tabId));
    first.post({ type: 'callPage', data: { platform: 'bigbluebutton' } });
    first.post({ type: 'callState', data: bbb });
    await flush();
    await flush();
    expect(marked).toEqual([]);
    expect(await readCallState(6)).toBeUndefined();

    await fakeBrowser.storage.local.set({ userSettings: { ownCallHosts: ['meet.clinic.example'] } });
    const second = port(sender);
    serveCallPort(second.p, own, async (tabId) => void marked.push(tabId));
    // Claiming Jitsi Meet on BigBlueButton's path is refused.
    second.post({ type: 'callState', data: { ...bbb, platform: 'jitsi' } });
    second.post({ type: 'callPage', data: { platform: 'bigbluebutton' } });
    second.post({ type: 'callState', data: bbb });
    await flush();
    await flush();
    await expect.poll(async () => (await readCallState(6))?.platform).toBe('bigbluebutton');
    expect(marked).toEqual([6]);

    const stop = startCallState();
    const tab = await fakeBrowser.tabs.create({ url });
    await fakeBrowser.storage.session.set({ [callStateKey(tab.id!)]: { ...bbb, tabId: tab.id!, updatedAt: 1 } });
    await fakeBrowser.tabs.onUpdated.trigger(
      tab.id!,
      { url: 'https://meet.clinic.example/Other' },
      {
        ...tab,
        url: 'https://meet.clinic.example/Other',
      },
    );
    expect(await readCallState(tab.id!)).toBeDefined();
    await fakeBrowser.tabs.onUpdated.trigger(
      tab.id!,
      { url: 'https://example.com/' },
      { ...tab, url: 'https://example.com/' },
    );
    expect(await readCallState(tab.id!)).toBeUndefined();
    stop();
  });

  it.each<[string, object, unknown, string?]>([
    ['a hello claiming another platform', meetSender(5), { type: 'callPage', data: { platform: 'zoom' } }],
    ['a hello from another extension', meetSender(5, { id: 'x' }), { type: 'callPage', data: { platform: 'meet' } }],
    [
      'a report from a page that is no platform',
      meetSender(5, { url: 'https://evil.example/' }),
      { type: 'callState', data: report },
    ],
    ['a message of no known kind', meetSender(5), { type: 'vaultKey', data: { platform: 'meet' } }],
    ['something that is no message', meetSender(5), 'callState'],
    ['a port of another name', meetSender(5), { type: 'callState', data: report }, 'other'],
  ])('ignores %s', async (_what, sender, message, name) => {
    const marked: number[] = [];
    const { p, post } = port(sender, name);
    serveCallPort(p, own, async (tabId) => void marked.push(tabId));
    post(message);
    await flush();
    await flush();
    expect(marked).toEqual([]);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});

describe('who listens to call pages', () => {
  const ownOrigin = `chrome-extension://${own}/`;
  const flush = () => new Promise((r) => setTimeout(r, 0));
  const none = async () => {};

  /** A port in both directions: what the background posts on it, and its end. */
  function duplex(sender: object, name: string) {
    const got: unknown[] = [];
    const ends: (() => void)[] = [];
    const p: CallPortLike = {
      name,
      sender,
      onMessage: { addListener: () => undefined },
      onDisconnect: { addListener: (cb) => void ends.push(cb) },
      postMessage: (m) => void got.push(m),
    };
    return { p, got, end: () => ends.forEach((cb) => cb()) };
  }

  it('tells each call page whether anybody listens: an extension page on its port, or the unlocked vault', async () => {
    const audience = startCallAudience();
    const page = duplex(meetSender(4), CALL_PORT);
    serveCallPort(page.p, own, none, ownOrigin, audience);
    await flush();
    expect(page.got).toEqual([{ listen: false }]);

    const panel = duplex({ id: own, url: `${ownOrigin}sidepanel.html` }, CALL_LISTEN_PORT);
    serveCallPort(panel.p, own, none, ownOrigin, audience);
    expect(page.got).toEqual([{ listen: false }, { listen: true }]);
    panel.end();
    expect(page.got.at(-1)).toEqual({ listen: false });

    await writeSessionKey('a2V5');
    await expect.poll(() => page.got.at(-1)).toEqual({ listen: true });
    await clearSessionKey();
    await expect.poll(() => page.got.at(-1)).toEqual({ listen: false });
    expect(page.got).toHaveLength(5);

    // A page that went away is told nothing more.
    page.end();
    await writeSessionKey('a2V5');
    await flush();
    expect(page.got).toHaveLength(5);
  });

  it('a page connecting while the vault is unlocked hears so, even when its port woke the worker', async () => {
    await writeSessionKey('a2V5');
    const audience = startCallAudience();
    const page = duplex(meetSender(4), CALL_PORT);
    serveCallPort(page.p, own, none, ownOrigin, audience);
    await flush();
    expect(page.got).toEqual([{ listen: true }]);
  });

  it.each([
    ['our own content script', meetSender(5)],
    ['another extension', { id: 'x', url: `chrome-extension://x/sidepanel.html` }],
    ['a web page claiming our origin', { id: own, url: `https://evil.example/${ownOrigin}` }],
  ])('does not count a listener from %s', async (_what, sender) => {
    const audience = startCallAudience();
    const page = duplex(meetSender(4), CALL_PORT);
    serveCallPort(page.p, own, none, ownOrigin, audience);
    serveCallPort(duplex(sender, CALL_LISTEN_PORT).p, own, none, ownOrigin, audience);
    await flush();
    expect(page.got).toEqual([{ listen: false }]);
    expect(audience.listening).toBe(false);
  });
});
