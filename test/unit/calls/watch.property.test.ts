// The watcher's cheap path (calls/watch.ts) reads only what the mutation records touched: after any
// sequence of joins, leaves, presenting, reordered tiles, a People panel opened and closed and
// notifications going away, in bursts or one by one, its last report must be the one a whole read of
// the page gives, and name who the fixture says is there.
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADAPTERS, type Adapter } from '../../../calls/adapters';
import type { CallReport } from '../../../calls/report';
import { SETTLE_MS, watchCall } from '../../../calls/watch';
import { tablesFor, useWords } from '../../../calls/adapters/words';
import { FIXTURES } from '../../support/fixtures-server';
import { loadPage, readFixture, type LoadedPage } from './support';

const RUNS = 40;

type Step =
  | { k: 'join' }
  | { k: 'leave'; who: number }
  | { k: 'present'; on: boolean }
  | { k: 'reorder'; who: number }
  | { k: 'panel'; open: boolean }
  | { k: 'toastGone' }
  | { k: 'settle' }
  | { k: 'compare' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.constant({ k: 'join' as const }), weight: 4 },
  { arbitrary: fc.nat(20).map((who) => ({ k: 'leave' as const, who })), weight: 3 },
  { arbitrary: fc.boolean().map((on) => ({ k: 'present' as const, on })), weight: 1 },
  { arbitrary: fc.nat(20).map((who) => ({ k: 'reorder' as const, who })), weight: 1 },
  { arbitrary: fc.boolean().map((open) => ({ k: 'panel' as const, open })), weight: 1 },
  { arbitrary: fc.constant({ k: 'toastGone' as const }), weight: 1 },
  { arbitrary: fc.constant({ k: 'settle' as const }), weight: 4 },
  { arbitrary: fc.constant({ k: 'compare' as const }), weight: 2 },
);

interface Generation {
  fixture: keyof typeof FIXTURES;
  /** The tile grid, whose children the page reorders by speaker. */
  grid: string;
  /** The local user's name, which the fixture counts and the report leaves out. */
  self: string;
  lang?: string;
  /**
   * Whether the words follow every notification, so that the report names who
   * is there with the People panel closed too (German has no word for "left").
   */
  notices: boolean;
}

const GENERATIONS: Generation[] = [
  { fixture: 'meet', grid: '[jsname="E2KThb"]', self: 'Dr. Rivera', notices: true },
  { fixture: 'meet-2025', grid: '[jsname="grid"]', self: 'Dr. Rivera', notices: true },
  { fixture: 'meet-2025-de', grid: '[jsname="grid"]', self: 'Dr. Rivera', lang: 'de', notices: false },
];

let cheapTotal = 0;
let sent: CallReport[];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  useWords([]);
});
afterAll(() => {
  // The property is about the cheap path: it must have been taken, not only whole reads.
  expect(cheapTotal).toBeGreaterThan(RUNS);
});

async function play(g: Generation, steps: Step[]): Promise<void> {
  const page: LoadedPage = loadPage(readFixture(FIXTURES[g.fixture].file), FIXTURES[g.fixture].url);
  vi.stubGlobal(
    'MutationObserver',
    (page.document.defaultView as unknown as { MutationObserver: typeof MutationObserver }).MutationObserver,
  );
  if (g.lang) useWords(tablesFor(g.lang));
  const api = page.fixture as typeof page.fixture & { openPanel?(): void; closePanel?(): void };
  const { page: whole, people } = ADAPTERS.meet;
  const counted: Adapter = { ...ADAPTERS.meet, people: (p, d, i) => (cheapTotal++, people!(p, d, i)) };
  expect(whole && people).toBeTruthy();
  sent = [];
  const watch = watchCall(counted, 'meet', (r) => (sent.push(r), true), page.document);
  let joined = 0;
  /** A notification was added since the last settle: it must not go before the script saw it. */
  let fresh = false;
  const settle = async () => {
    await Promise.resolve();
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    fresh = false;
  };
  /** The last report names who the fixture says is there, and says whether the local user presents. */
  const truthful = () => {
    expect(sent.at(-1)!.presenting).toBe(page.fixture.presenting);
    if (!g.notices) return;
    const expected = [...new Set(page.fixture.participants().filter((n) => n !== g.self))].sort();
    expect(sent.at(-1)!.participants).toEqual(expected);
  };
  /** A whole read, nothing remembered, gives the report last sent: nothing new goes out. */
  const same = () => {
    const before = sent.length;
    watch.reread();
    expect(sent.slice(before)).toEqual([]);
  };
  try {
    for (const s of steps) {
      const present = page.fixture.participants().filter((n) => n !== g.self);
      switch (s.k) {
        case 'join':
          page.fixture.join(`Person ${++joined}`);
          fresh = true;
          break;
        case 'leave':
          if (present.length) page.fixture.leave(present[s.who % present.length]);
          fresh = true;
          break;
        case 'present':
          if (s.on) page.fixture.startPresenting();
          else page.fixture.stopPresenting();
          break;
        case 'reorder': {
          const grid = page.document.querySelector(g.grid)!;
          const tiles = grid.children;
          if (tiles.length) grid.prepend(tiles[s.who % tiles.length]!);
          break;
        }
        case 'panel':
          if (s.open) api.openPanel?.();
          else api.closePanel?.();
          break;
        case 'toastGone':
          if (!fresh) page.document.querySelector('[aria-live] > *')?.remove();
          break;
        case 'settle':
          await settle();
          truthful();
          break;
        case 'compare':
          await settle();
          truthful();
          same();
          break;
      }
    }
    await settle();
    truthful();
    same();
  } finally {
    watch.stop();
  }
}

describe('watchCall cheap path, against a whole read', () => {
  for (const g of GENERATIONS)
    it(`gives the whole read's report after any scripted changes (${g.fixture})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => play(g, steps)),
        { numRuns: RUNS },
      );
    });

  // Found by the property above: a People panel closed and opened again comes back into a slot the
  // watcher no longer watched, so on a page whose words miss leaves (German) a member who left while
  // the panel was closed stayed in the report. The slot is watched as structure now.
  it('German page: a leave while presenting with the panel closed is read once the panel opens', () =>
    play(
      GENERATIONS.find((x) => x.lang === 'de')!,
      [
        { k: 'panel', open: false },
        { k: 'present', on: true },
        { k: 'leave', who: 12 },
        { k: 'compare' },
        { k: 'panel', open: true },
        { k: 'settle' },
      ],
    ));
});
