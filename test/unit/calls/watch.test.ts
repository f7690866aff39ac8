import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADAPTERS, type Adapter } from '../../../calls/adapters';
import type { CallReport } from '../../../calls/report';
import { SETTLE_MS, watchCall } from '../../../calls/watch';
import { FIXTURES } from '../../e2e/harness/fixtures-server';
import { loadPage, readFixture, type LoadedPage } from './support';

/** The content script's loop on the Meet fixture in linkedom, with its MutationObserver and fake timers. */
let page: LoadedPage;
let reads: number;
let sent: CallReport[];
let stop: () => void;

function start(adapter: Adapter = ADAPTERS.meet, send = (r: CallReport) => (sent.push(r), true)) {
  const counted: Adapter = { ...adapter, read: (d, u) => (reads++, adapter.read(d, u)) };
  stop = watchCall(counted, 'meet', send, page.document);
}
/** Lets the observer deliver (a microtask in linkedom), then lets the settle time pass. */
async function settle() {
  await Promise.resolve();
  await vi.advanceTimersByTimeAsync(SETTLE_MS);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  page = loadPage(readFixture('meet.html'), FIXTURES.meet.url);
  vi.stubGlobal('MutationObserver', (page.document.defaultView as unknown as { MutationObserver: typeof MutationObserver }).MutationObserver);
  reads = 0;
  sent = [];
});
afterEach(() => {
  stop?.();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('watchCall', () => {
  it('reports at once, then once per burst of changes after they settle', async () => {
    start();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.participants).toEqual(['Co-leader Sam', 'Member A', 'Member B']);
    for (const n of ['P1', 'P2', 'P3', 'P4', 'P5']) page.fixture.join(n);
    await Promise.resolve();
    await vi.advanceTimersByTimeAsync(SETTLE_MS - 1);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(reads).toBe(2);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.participants).toHaveLength(8);
  });

  it('does no work for changes that cannot change the report (clock text, classes, styles)', async () => {
    start();
    const clock = page.document.querySelector('[jsname="clock"]')!;
    for (let i = 0; i < 10; i++) {
      clock.textContent = `10:0${i} AM`;
      page.document.querySelector('.oZRSLe')!.setAttribute('class', `oZRSLe speaking-${i}`);
      page.document.querySelector('video')!.setAttribute('style', `opacity: ${i / 10}`);
      await settle();
    }
    expect(reads).toBe(1);
  });

  it('reads again but sends nothing when a change leaves the report as it was', async () => {
    start();
    // Meet moves the speaker's tile first: same people, same report.
    const grid = page.document.querySelector('[jsname="E2KThb"]')!;
    grid.prepend(grid.lastElementChild!);
    await settle();
    expect(reads).toBe(2);
    expect(sent).toHaveLength(1);
  });

  it('notices an icon ligature change (text inside an aria-hidden icon)', async () => {
    start();
    page.document.querySelector('[jsname="present"] i')!.textContent = 'cancel_presentation';
    await settle();
    expect(sent.at(-1)!.presenting).toBe(true);
  });

  it('follows the page when its observed root is replaced (the call ends)', async () => {
    start();
    page.fixture.endCall();
    await settle();
    expect(sent.at(-1)).toMatchObject({ inCall: false, participants: [] });
  });

  it('stays silent where a frame holds the call', async () => {
    start({ ...ADAPTERS.meet, frame: '[data-unresolved-meeting-id]' });
    page.fixture.join('P1');
    await settle();
    expect(sent).toEqual([]);
  });

  it('stops once the extension is gone (send returns false)', async () => {
    start(ADAPTERS.meet, (r) => (sent.push(r), false));
    page.fixture.join('P1');
    await settle();
    expect(sent).toHaveLength(1);
    expect(reads).toBe(1);
  });

  it('an adapter that throws gives an unhealthy report, not an exception', () => {
    start({ read: () => { throw new Error('markup changed'); } });
    expect(sent).toEqual([{ platform: 'meet', healthy: false, inCall: false, presenting: false, participants: [], meetingId: '' }]);
  });
});
