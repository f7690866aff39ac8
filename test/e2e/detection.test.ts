// The built extension detects the call on every platform fixture, served at
// its real URL in Chromium: the content script reads the page, the
// background validates and keeps the state in storage.session, and the
// fixture's own API (join, leave, present, end) moves that state.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { CallState } from '../../ext/common/call-state';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { launchFirefox, type FirefoxSession } from './support/firefox';
import {
  FIXTURES,
  routeFixtures,
  startDemoServer,
  type DemoServer,
  type FixtureName,
} from '../support/fixtures-server';
import { expectNoPlaintext } from './support/no-plaintext';
import { CALL_LISTEN_PORT } from '../../calls/report';

type Api = 'join' | 'leave' | 'startPresenting' | 'stopPresenting' | 'endCall';

/** Calls the page's window.fixture (Zoom's outer page forwards to its frame). */
const fixture = (page: Page, fn: Api, arg?: string) =>
  page.evaluate(
    ([f, a]) => (window as unknown as { fixture: Record<string, (x?: string) => unknown> }).fixture[f]!(a),
    [fn, arg] as const,
  );

const POLL = { timeout: 10_000, interval: 100 };
const THREE = ['Co-leader Sam', 'Member A', 'Member B'];

/** Who each fixture shows besides the local user; [] where the adapter reports no names (see its file). */
const EXPECTED: Record<Exclude<FixtureName, 'changed-markup'>, { participants: string[]; meetingId: string }> = {
  meet: { participants: THREE, meetingId: 'abc-defg-hij' },
  'meet-2025': { participants: THREE, meetingId: 'kln-opqr-stu' },
  // Read only with the German table the background sends for the page's lang (calls/adapters/words.ts).
  'meet-2025-de': { participants: THREE, meetingId: 'dlx-mnop-qrs' },
  // The local user is listed: no evidence names Teams' German avatar label (teams-de.html).
  'teams-de': { participants: ['Co-leader Sam', 'Dr. Rivera', 'Member A', 'Member B'], meetingId: '9381234' },
  zoom: { participants: [], meetingId: '81234567890' },
  zoomgov: { participants: [], meetingId: '1612345678' },
  bigbluebutton: { participants: THREE, meetingId: '' },
  simplepractice: { participants: [], meetingId: 'appt-4821' },
  therapynotes: { participants: [], meetingId: 'app/telehealth/4821' },
  teams: { participants: THREE, meetingId: '19:meeting_squircle@thread.v2' },
  jitsi: { participants: THREE, meetingId: 'SquirclePracticeCircle' },
  doxy: { participants: [], meetingId: 'drrivera' },
  vsee: { participants: [], meetingId: 'visits/room-4821' },
  whereby: { participants: [], meetingId: 'squircle-group' },
  webex: { participants: [], meetingId: 'meet/drrivera' },
};

describe('call detection in Chromium', () => {
  let s: ChromiumSession;
  let demo: DemoServer;

  /** An extension page listening on CALL_LISTEN_PORT, as a panel showing the call does: call pages report. */
  let listening: Page | undefined;
  async function listen(): Promise<void> {
    listening = await s.context.newPage();
    await listening.goto(s.extUrl('options.html'));
    await listening.evaluate(
      (name) => void ((window as unknown as { port: unknown }).port = chrome.runtime.connect({ name })),
      CALL_LISTEN_PORT,
    );
  }

  beforeAll(async () => {
    s = await launchChromium();
    await routeFixtures(s.context);
    demo = await startDemoServer();
    await listen();
  });
  afterAll(async () => {
    await s?.close();
    await demo?.close();
  });

  /** Everything the background keeps in storage.session under call:<tabId>. */
  const allStates = () =>
    s.serviceWorker.evaluate(async () => {
      const all = await chrome.storage.session.get(null);
      return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('call:')));
    }) as Promise<Record<string, CallState>>;

  /** The tab id of a page, found by its URL (we hold host permission for platform pages). */
  const tabIdOf = (page: Page) =>
    s.serviceWorker.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, page.url());

  async function open(
    url: string,
  ): Promise<{ page: Page; tabId: number; state: () => Promise<CallState | undefined> }> {
    const page = await s.context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { fixture?: { ready: boolean } }).fixture?.ready === true);
    const tabId = (await tabIdOf(page))!;
    expect(tabId).toBeTypeOf('number');
    return { page, tabId, state: async () => (await allStates())[`call:${tabId}`] };
  }

  for (const [name, want] of Object.entries(EXPECTED) as [keyof typeof EXPECTED, (typeof EXPECTED)['meet']][]) {
    test(`${name}: detected as a call; joining, leaving, presenting and ending move the state`, async () => {
      const { page, tabId, state } = await open(FIXTURES[name].url);
      await expect.poll(state, POLL).toMatchObject({
        platform: FIXTURES[name].platform,
        tabId,
        healthy: true,
        inCall: true,
        presenting: false,
        participants: want.participants,
        meetingId: want.meetingId,
      });
      expect((await state())!.updatedAt).toBeGreaterThan(Date.now() - 60_000);

      await fixture(page, 'join', 'Zoë Østergaard');
      if (want.participants.length) {
        await expect
          .poll(async () => (await state())?.participants, POLL)
          .toEqual([...want.participants, 'Zoë Østergaard'].sort());
        await fixture(page, 'leave', 'Member A');
        await expect
          .poll(async () => (await state())?.participants, POLL)
          .toEqual([...want.participants.filter((n) => n !== 'Member A'), 'Zoë Østergaard'].sort());
      }

      await fixture(page, 'startPresenting');
      await expect.poll(async () => (await state())?.presenting, POLL).toBe(true);
      await fixture(page, 'stopPresenting');
      await expect.poll(async () => (await state())?.presenting, POLL).toBe(false);

      await fixture(page, 'endCall');
      await expect.poll(state, POLL).toMatchObject({ healthy: true, inCall: false, participants: [] });

      await page.close();
      await expect.poll(state, POLL).toBeUndefined();
    });
  }

  test('Meet 2025 with its People panel closed: the last list stays, notifications move it', async () => {
    const { page, state } = await open(FIXTURES['meet-2025'].url);
    await expect.poll(async () => (await state())?.participants, POLL).toEqual(THREE);
    const call = (fn: string, arg?: string) =>
      page.evaluate(
        ([f, a]) => (window as unknown as { fixture: Record<string, (x?: string) => unknown> }).fixture[f]!(a),
        [fn, arg] as const,
      );
    await call('closePanel');
    await call('join', 'Zoë Østergaard');
    await expect.poll(async () => (await state())?.participants, POLL).toEqual([...THREE, 'Zoë Østergaard'].sort());
    await call('leave', 'Member A');
    await expect
      .poll(async () => (await state())?.participants, POLL)
      .toEqual(['Co-leader Sam', 'Member B', 'Zoë Østergaard']);
    await page.close();
  });

  test('a Meet page whose markup changed is reported unhealthy (degraded mode)', async () => {
    const { page, state } = await open(FIXTURES['changed-markup'].url);
    await expect
      .poll(state, POLL)
      .toMatchObject({ platform: 'meet', healthy: false, participants: [], meetingId: 'qrs-tuvw-xyz' });
    await page.close();
  });

  test('the practice call is detected like a call', async () => {
    const { page, state } = await open(demo.url);
    await expect.poll(state, POLL).toMatchObject({
      platform: 'demo',
      healthy: true,
      inCall: true,
      presenting: false,
      participants: ['Co-leader', 'Member A', 'Member B'],
      meetingId: 'squircle-practice',
    });
    await page.getByRole('button', { name: 'A member joins' }).click();
    await expect
      .poll(async () => (await state())?.participants, POLL)
      .toEqual(['Co-leader', 'Member A', 'Member B', 'Member C']);
    await page.getByRole('button', { name: 'Present now' }).click();
    await expect.poll(async () => (await state())?.presenting, POLL).toBe(true);
    await page.getByRole('button', { name: 'Leave call' }).click();
    await expect.poll(state, POLL).toMatchObject({ inCall: false, presenting: false, participants: [] });
    await page.close();
  });

  test('leaving the platform forgets the state; the page keeps no trace of the content script', async () => {
    const { page, state } = await open(FIXTURES.meet.url);
    await expect.poll(async () => (await state())?.inCall, POLL).toBe(true);
    expect(
      await page.evaluate(() => ({
        local: localStorage.length,
        session: sessionStorage.length,
        // Nothing injected: no element, script or style carries the extension's origin.
        ext: document.documentElement.outerHTML.includes('chrome-extension://'),
      })),
    ).toEqual({ local: 0, session: 0, ext: false });
    await page.goto(`${demo.origin}/not-the-demo/`);
    await expect.poll(state, POLL).toBeUndefined();
    await page.close();
  });

  test('each tab has its own state', async () => {
    const a = await open(FIXTURES.meet.url);
    const b = await open(FIXTURES.jitsi.url);
    await expect
      .poll(async () => [(await a.state())?.platform, (await b.state())?.platform], POLL)
      .toEqual(['meet', 'jitsi']);
    await fixture(a.page, 'join', 'Only in Meet');
    await expect.poll(async () => (await a.state())?.participants, POLL).toContain('Only in Meet');
    expect((await b.state())?.participants).not.toContain('Only in Meet');
    await a.page.close();
    await b.page.close();
  });

  test('while nobody listens the page sends nothing; a listener starting gets the call as it is now', async () => {
    await listening!.close();
    const { page, state } = await open(FIXTURES.meet.url);
    await expect.poll(async () => (await state())?.participants, POLL).toEqual(THREE);
    const first = (await state())!.updatedAt;
    await fixture(page, 'join', 'Quiet Joiner');
    await fixture(page, 'leave', 'Member A');
    await fixture(page, 'startPresenting');
    await page.waitForTimeout(1500);
    expect((await state())!.updatedAt).toBe(first);
    await listen();
    await expect
      .poll(state, { timeout: 3000, interval: 50 })
      .toMatchObject({ presenting: true, participants: ['Co-leader Sam', 'Member B', 'Quiet Joiner'] });
    await fixture(page, 'leave', 'Quiet Joiner');
    await expect.poll(async () => (await state())?.participants, POLL).toEqual(['Co-leader Sam', 'Member B']);
    await page.close();
  });

  // Names that only ever came from the pages at run time (the fixtures' own HTML may sit in the HTTP cache).
  test('no participant name is readable in the profile', async () => {
    await expectNoPlaintext({ chromium: [s], secrets: ['Zoë Østergaard', 'Only in Meet'] });
  });
});

describe('call detection in Firefox', () => {
  let ff: FirefoxSession;
  beforeAll(async () => {
    ff = await launchFirefox();
  });
  afterAll(async () => {
    await ff?.close();
  });

  test('Meet and Zoom (in its frame) are detected; people and presenting follow', async () => {
    const ext = await ff.openExtensionPage('options.html');
    // Listening as a panel showing the call does: call pages report.
    await ext.evaluate(
      (name) => void ((window as unknown as { port: unknown }).port = chrome.runtime.connect({ name })),
      CALL_LISTEN_PORT,
    );
    const states = () =>
      ext.evaluate(async () => {
        const all = await chrome.storage.session.get(null);
        return Object.values(all).filter((v): v is CallState => typeof v === 'object' && v !== null && 'platform' in v);
      });
    const page = await ff.newFixturePage();
    await page.goto(FIXTURES.meet.url);
    await expect
      .poll(states, POLL)
      .toMatchObject([
        { platform: 'meet', healthy: true, inCall: true, participants: THREE, meetingId: 'abc-defg-hij' },
      ]);
    await page.evaluate(() =>
      (window as unknown as { fixture: { join(n: string): void; startPresenting(): void } }).fixture.join(
        'Zoë Østergaard',
      ),
    );
    await page.evaluate(() =>
      (window as unknown as { fixture: { startPresenting(): void } }).fixture.startPresenting(),
    );
    await expect
      .poll(async () => (await states())[0], POLL)
      .toMatchObject({
        presenting: true,
        participants: [...THREE, 'Zoë Østergaard'].sort(),
      });
    await page.goto(FIXTURES.zoom.url);
    await expect
      .poll(states, POLL)
      .toMatchObject([{ platform: 'zoom', healthy: true, inCall: true, meetingId: '81234567890' }]);
    await page.close();
    await expect.poll(states, POLL).toEqual([]);
    expect(await ff.extensionErrors()).toEqual([]);
  });

  test('no participant name is readable in the profile, its session store included', async () => {
    await expectNoPlaintext({ firefox: [ff], secrets: ['Zoë Østergaard'] });
  });
});
