import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADAPTERS, type Adapter } from '../../../calls/adapters';
import type { CallReport } from '../../../calls/report';
import { type CallWatch, SETTLE_MS, watchCall } from '../../../calls/watch';
import { tablesFor, useWords } from '../../../calls/adapters/words';
import { FIXTURES } from '../../support/fixtures-server';
import { loadPage, readFixture, type LoadedPage } from './support';

/** The content script's loop on the Meet fixture in linkedom, with its MutationObserver and fake timers. */
let page: LoadedPage;
/** Whole-page reads (`read`, or `page` for an adapter with the cheap path) and cheap reads (`people` alone). */
let reads: number;
let cheap: number;
let sent: CallReport[];
let stop: () => void;
let watch: CallWatch;
/** Times the content script's observers called back (each is a call into the script on the real page). */
let wakes: number;

function start(adapter: Adapter = ADAPTERS.meet, send = (r: CallReport) => (sent.push(r), true)) {
  const { page: whole, people } = adapter;
  const counted: Adapter = {
    ...adapter,
    read: (d, u) => (reads++, adapter.read(d, u)),
    ...(whole && people
      ? { page: (d, u) => (reads++, cheap--, whole(d, u)), people: (p, d, i) => (cheap++, people(p, d, i)) }
      : {}),
  };
  watch = watchCall(counted, 'meet', send, page.document);
  stop = watch.stop;
}
/** Lets the observer deliver (a microtask in linkedom), then lets the settle time pass. */
async function settle() {
  await Promise.resolve();
  await vi.advanceTimersByTimeAsync(SETTLE_MS);
}

/** Loads a fixture as the page, its MutationObserver counting wakes. */
function usePage(file: string, url: string) {
  page = loadPage(readFixture(file), url);
  const Native = (page.document.defaultView as unknown as { MutationObserver: typeof MutationObserver })
    .MutationObserver;
  vi.stubGlobal(
    'MutationObserver',
    class extends Native {
      constructor(cb: MutationCallback) {
        super((records, observer) => {
          wakes++;
          cb(records, observer);
        });
      }
    },
  );
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  usePage('meet.html', FIXTURES.meet.url);
  wakes = 0;
  reads = 0;
  cheap = 0;
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
    expect(sent).toHaveLength(2);
    expect(sent[1]!.participants).toHaveLength(8);
    // Joins only add tiles and rows (and the count badge's text): read from the records, not the page.
    expect([reads, cheap]).toEqual([1, 1]);
    // Once the last report is SETTLE_MS old, a change of people is reported in the observer's own callback.
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    page.fixture.leave('P3');
    await Promise.resolve();
    expect(sent).toHaveLength(3);
    expect(sent.at(-1)!.participants).not.toContain('P3');
    expect([reads, cheap]).toEqual([1, 2]);
  });

  it('reads the whole page when something besides people changed, and only the person when a person did', async () => {
    start();
    page.fixture.join('P1');
    page.document.querySelector('[jsname="CQylAd"]')!.setAttribute('aria-label', 'Leave call now');
    await settle();
    expect([reads, cheap]).toEqual([2, 0]);
    expect(sent.at(-1)!.participants).toContain('P1');
    // A person's own attribute changed: the cheap path reads that person again.
    page.document
      .querySelector('[role="listitem"][data-participant-id$="/102"]')!
      .setAttribute('aria-label', 'Participant: Sam R.');
    await settle();
    expect([reads, cheap]).toEqual([2, 1]);
    expect(sent.at(-1)!.participants).toContain('Sam R.');
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
    expect([reads, cheap]).toEqual([1, 1]);
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
    start({
      read: () => {
        throw new Error('markup changed');
      },
    });
    expect(sent).toEqual([
      {
        platform: 'meet',
        healthy: false,
        inCall: false,
        presenting: false,
        participants: [],
        meetingId: '',
        missing: ['call-controls', 'people-list'],
      },
    ]);
  });

  it('is not woken at all by the clock, captions or chat beside the watched regions (Meet)', async () => {
    start();
    const clock = page.document.querySelector('[jsname="clock"]')!;
    const captions = page.document.querySelector('[aria-label="Captions"]')!;
    for (let i = 0; i < 10; i++) {
      clock.textContent = `10:0${i} AM`;
      captions.append(page.document.createElement('div'));
      captions.lastElementChild!.textContent = `caption line ${i}`;
      await settle();
    }
    expect(wakes).toBe(0);
    expect(reads).toBe(1);
    page.fixture.join('P1');
    await settle();
    expect(wakes).toBeGreaterThan(0);
    expect(sent.at(-1)!.participants).toContain('P1');
  });

  it('is not woken by text inside a control named by aria-label (a count badge), but by its name', async () => {
    start();
    const button = page.document.querySelector('[jsname="peopleBtn"]')!;
    for (let i = 0; i < 5; i++) {
      button.querySelector('[jsname="count"]')!.textContent = String(10 + i);
      await settle();
    }
    expect(wakes).toBe(0);
    button.setAttribute('aria-label', 'Leave call');
    await settle();
    expect(wakes).toBeGreaterThan(0);
    expect(reads).toBe(2);
  });

  it('follows a join notification with the People panel closed on the cheap path (Meet 2025)', async () => {
    usePage('meet-2025.html', FIXTURES['meet-2025'].url);
    const api = page.fixture as unknown as { closePanel(): void };
    start();
    api.closePanel();
    await settle();
    const whole = reads;
    const toasts = page.document.querySelector('[aria-live]')!;
    const toast = toasts.firstElementChild!.cloneNode(true) as Element;
    toast.querySelector('span')!.textContent = 'Zoë joined';
    toasts.append(toast);
    await settle();
    expect(reads).toBe(whole);
    expect(sent.at(-1)!.participants).toEqual(['Co-leader Sam', 'Member A', 'Member B', 'Zoë']);
  });

  /** A tile of its own (no people-list row) for `name`, cloned from the page's last tile. */
  function tileFor(grid: Element, id: string, name: string): Element {
    const tile = grid.lastElementChild!.cloneNode(true) as Element;
    tile.setAttribute('data-participant-id', `spaces/Xk2mQ9/devices/${id}`);
    tile.querySelector('.zWGUib')!.textContent = name;
    return tile;
  }

  it('notices a tile container that is replaced, and follows joins into the new one', async () => {
    start();
    const old = page.document.querySelector('[jsname="E2KThb"]')!;
    const grid = old.cloneNode(true) as Element;
    grid.append(tileFor(grid, '800', 'Came with the new grid'));
    old.replaceWith(grid);
    await settle();
    expect(sent.at(-1)!.participants).toEqual(['Came with the new grid', 'Co-leader Sam', 'Member A', 'Member B']);
    grid.append(tileFor(grid, '900', 'Joined the new grid'));
    await settle();
    expect(sent.at(-1)!.participants).toEqual([
      'Came with the new grid',
      'Co-leader Sam',
      'Joined the new grid',
      'Member A',
      'Member B',
    ]);
  });

  it('notices a name changed inside a tile it has already read', async () => {
    start();
    const grid = page.document.querySelector('[jsname="E2KThb"]')!;
    grid.append(tileFor(grid, '800', 'Sasha'));
    await settle();
    expect(sent.at(-1)!.participants).toContain('Sasha');
    grid.querySelector('[data-participant-id$="/800"] .zWGUib')!.textContent = 'Sasha K.';
    await settle();
    expect(sent.at(-1)!.participants).toEqual(['Co-leader Sam', 'Member A', 'Member B', 'Sasha K.']);
  });

  it('finds a replaced root again and keeps following it', async () => {
    start();
    const old = page.document.querySelector('[data-unresolved-meeting-id]')!;
    const copy = old.cloneNode(true) as Element;
    old.replaceWith(copy);
    copy.setAttribute('data-unresolved-meeting-id', 'xyz-abcd-efg');
    await settle();
    expect(sent.at(-1)).toMatchObject({
      inCall: true,
      meetingId: 'xyz-abcd-efg',
      participants: ['Co-leader Sam', 'Member A', 'Member B'],
    });
    for (const el of copy.querySelectorAll('[data-participant-id$="/103"]')) el.remove();
    await settle();
    expect(sent.at(-1)!.participants).toEqual(['Co-leader Sam', 'Member B']);
    copy.querySelector('[jsname="present"] i')!.textContent = 'cancel_presentation';
    await settle();
    expect(sent.at(-1)!.presenting).toBe(true);
  });

  it('while nobody listens, is not even woken by joins and leaves; listening again reports at once', async () => {
    start();
    watch.listen(false);
    page.fixture.join('P1');
    page.fixture.join('P2');
    page.fixture.leave('Member A');
    page.document.querySelector('[jsname="present"] i')!.textContent = 'cancel_presentation';
    await settle();
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(sent).toHaveLength(1);
    expect([reads, cheap]).toEqual([1, 0]);
    expect(wakes).toBe(0);

    watch.listen(true);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ presenting: true, participants: ['Co-leader Sam', 'Member B', 'P1', 'P2'] });
    expect([reads, cheap]).toEqual([2, 0]);
    // The set of people was read again with the page: a join is back on the cheap path.
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    page.fixture.join('P3');
    await Promise.resolve();
    expect(sent.at(-1)!.participants).toContain('P3');
    expect([reads, cheap]).toEqual([2, 1]);
  });

  it('listening again sends nothing when nothing changed meanwhile', async () => {
    start();
    watch.listen(false);
    page.fixture.join('P1');
    page.fixture.leave('P1');
    await settle();
    watch.listen(true);
    watch.listen(true);
    expect(sent).toHaveLength(1);
  });

  it('while nobody listens, still reads what the page shows only for a moment (Meet join notifications)', async () => {
    usePage('meet-2025.html', FIXTURES['meet-2025'].url);
    const api = page.fixture as unknown as { closePanel(): void };
    start();
    expect(sent[0]!.participants).toEqual(['Co-leader Sam', 'Member A', 'Member B']);
    watch.listen(false);
    api.closePanel();
    await settle();
    const readsBefore = reads;
    page.fixture.join('Zoë');
    await settle();
    expect(reads).toBe(readsBefore + 1);
    // The notification is gone by the time anybody asks; its going is not read.
    page.document.querySelector('[aria-live]')!.replaceChildren();
    await settle();
    expect(reads).toBe(readsBefore + 1);
    expect(sent).toHaveLength(1);
    watch.listen(true);
    expect(sent.at(-1)!.participants).toEqual(['Co-leader Sam', 'Member A', 'Member B', 'Zoë']);
  });

  it('reads the whole page again, nothing remembered, when the words change (tables after a report)', async () => {
    usePage('meet-2025-de.html', FIXTURES['meet-2025-de'].url);
    start();
    // Read with English alone: the list "Teilnehmer" is not found.
    expect(sent[0]).toMatchObject({ participants: [], missing: ['people-list'] });
    try {
      useWords(tablesFor('de'));
      watch.reread();
      expect(sent.at(-1)).toMatchObject({ participants: ['Co-leader Sam', 'Member A', 'Member B'], missing: [] });
      await vi.advanceTimersByTimeAsync(SETTLE_MS);
      page.fixture.join('Zoë');
      await settle();
      expect(sent.at(-1)!.participants).toEqual(['Co-leader Sam', 'Member A', 'Member B', 'Zoë']);
    } finally {
      useWords([]);
    }
  });
});
