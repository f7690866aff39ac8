// Issue 21, item 4: two co-leaders in two Chromium profiles, paired on one real
// broker, rehearse a scenario together. A starts it at double speed and B
// joins at A's scenario time; A pauses and resumes and B's clock and practice
// call follow; each marks a different scripted moment; A stops it for both,
// and both panels show the same joint debrief, kept sealed in the vault as
// practice while no clinical table holds anything of it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startAedes, type AedesTestBroker } from '../support/brokers';
import { pair, twoLeaders, type Leader, type TwoLeaders } from '../support/coleaders';
import { openView } from '../support/panel';
import type { Rehearsal } from '../../ext/common/rehearsal-state';

const GROUP = `Rehearsal pair ${Math.random().toString(36).slice(2, 7)}`;
const LONG = { timeout: 30_000, interval: 100 };

/** The practice call in the leader's own browser. */
async function practiceCall(l: Leader): Promise<Page> {
  const p = await l.s.context.newPage();
  await p.goto(l.s.extUrl('practice.html'));
  await p.waitForFunction(() => window.fixture?.ready === true);
  return p;
}

const rehearsal = (p: Page) =>
  p.evaluate(
    async () => (await chrome.storage.session.get('practice:rehearsal'))['practice:rehearsal'] as Rehearsal | undefined,
  );
/** The scenario ms a side's clock reads at `now` (one machine: the same Date.now for both browsers and the test). */
const scenarioAt = (r: Rehearsal, now: number) =>
  r.clock.playing ? r.clock.atMs + (now - r.clock.wall) * r.clock.speed : r.clock.atMs;

async function debriefOf(p: Page): Promise<string[][]> {
  const d = p.locator('[data-debrief][data-pair]');
  await d.waitFor({ timeout: 30_000 });
  return d
    .locator('[data-moment]')
    .evaluateAll((li) => li.map((l) => [l.getAttribute('data-moment')!, l.getAttribute('data-noticed-by')!]));
}

/** Rows in a clinical table of the leader's vault. */
const clinicalRows = (p: Page, table: string) =>
  p.evaluate(async (name) => {
    const open = indexedDB.open('squircle');
    const db = await new Promise<IDBDatabase>((r) => (open.onsuccess = () => r(open.result)));
    const n = await new Promise<number>((r) => {
      const q = db.transaction(name).objectStore(name).count();
      q.onsuccess = () => r(q.result);
    });
    db.close();
    return n;
  }, table);

describe('two co-leaders rehearse a scenario together (Chromium, real broker)', () => {
  let two: TwoLeaders<AedesTestBroker>;
  let a: Leader;
  let b: Leader;

  beforeAll(async () => {
    two = await twoLeaders(startAedes);
    ({ a, b } = two);
    await pair(a, b, GROUP, ['Ana']);
  });
  afterAll(async () => {
    await two?.close();
  });

  test('start at double speed, join, pause and resume followed, marks both ways, one joint debrief', async () => {
    const [callA, callB] = [await practiceCall(a), await practiceCall(b)];
    await openView(a.panel, 'Practice');
    const cardA = a.panel.locator('[data-rehearse]');
    const cardB = b.panel.locator('[data-rehearse]');

    await cardA.locator('#rehearse-scenario').selectOption('first-minutes');
    await cardA.locator('#rehearse-speed').selectOption('2');
    await cardA.locator('button[type="submit"]').click();
    await cardA.locator('[data-rehearsal-state="playing"]').waitFor();
    // B is on another view (Co-leaders): the ask shows above it, and leads to Practice.
    const ask = b.panel.locator('[data-rehearsal-asked]');
    await ask.waitFor({ timeout: 30_000 });
    expect(await ask.locator('span').textContent()).toBe(
      'Your co-leader asks you to rehearse “The first three minutes” together.',
    );
    await ask.locator('button:text-is("Open Practice")').click();
    await cardB.locator('[data-rehearsal-ask]').waitFor();
    expect(await ask.count()).toBe(0);
    expect(await cardB.locator('[data-rehearsal-ask] [role="status"]').textContent()).toBe(
      `Your co-leader asks you to rehearse “The first three minutes” (${GROUP}) at double speed. ` +
        'Open the practice call to watch it.',
    );
    await cardB.locator('button:text-is("Join")').click();
    await cardB.locator('[data-rehearsal-state="playing"]').waitFor();
    // B's clock follows A's once A answered the join.
    await expect
      .poll(async () => {
        const [ra, rb] = [await rehearsal(a.panel), await rehearsal(b.panel)];
        const now = Date.now();
        return ra && rb && rb.me === 'b' ? Math.abs(scenarioAt(ra, now) - scenarioAt(rb, now)) : Infinity;
      }, LONG)
      .toBeLessThan(800);
    expect(await callB.locator('#scenario-status').textContent()).toMatch(
      /^Rehearsing “The first three minutes” with your co-leader: 0:\d\d of 3:00, double speed\.$/,
    );

    // first-minutes.json: the co-leader's signal at 20 s (10 s at double speed). A names it aloud.
    const signal = (p: Page) => p.locator('#tiles .tile .signal:not([hidden])');
    await signal(callB).waitFor({ timeout: 20_000 });
    await signal(callA).waitFor({ timeout: 5_000 });
    await cardA.locator('button[data-family="aloud"]').click();

    await cardA.locator('button:text-is("Pause")').click();
    await cardB.locator('[data-rehearsal-state="paused"]').waitFor({ timeout: 10_000 });
    const [pausedA, pausedB] = [(await rehearsal(a.panel))!, (await rehearsal(b.panel))!];
    expect(pausedB.clock.playing).toBe(false);
    expect(pausedB.clock.atMs).toBe(pausedA.clock.atMs);
    await expect.poll(() => callB.locator('#scenario-status').textContent(), LONG).toContain('paused at 0:');
    await expect.poll(() => cardA.locator('[data-partner]').textContent(), LONG).toContain('Your marks: 1.');
    expect(await cardB.locator('[data-partner]').textContent()).toBe(
      'Your co-leader is rehearsing with you. Your marks: 0. Your co-leader’s: 1.',
    );
    for (const width of [420, 360]) {
      await a.panel.setViewportSize({ width, height: 900 });
      await a.panel.screenshot({ path: `test/e2e/artifacts/rehearse-paused-${width}.png`, fullPage: true });
    }
    await callB.setViewportSize({ width: 1000, height: 700 });
    await callB.screenshot({ path: 'test/e2e/artifacts/rehearse-practice-call-paused.png' });
    // Paused on both sides: no scenario time passes.
    await b.panel.waitForTimeout(1_000);
    expect((await rehearsal(b.panel))!.clock).toEqual(pausedB.clock);

    await cardA.locator('button:text-is("Resume")').click();
    await cardB.locator('[data-rehearsal-state="playing"]').waitFor({ timeout: 10_000 });
    const [ra, rb] = [(await rehearsal(a.panel))!, (await rehearsal(b.panel))!];
    const now = Date.now();
    expect(Math.abs(scenarioAt(ra, now) - scenarioAt(rb, now))).toBeLessThan(800);

    // Ben leaves at 60 s (30 s at double speed from the start, less the time paused). B marks it.
    await expect
      .poll(() => callB.evaluate(() => window.fixture!.participants()), { timeout: 40_000, interval: 200 })
      .not.toContain('Ben');
    await cardB.locator('button[data-family="frame"]').click();
    await expect.poll(() => cardA.locator('[data-partner]').textContent(), LONG).toContain('Your co-leader’s: 1.');
    await cardA.locator('button:text-is("Stop for both")').click();

    const expected = [
      ['signal-come-in', 'a'],
      ['leave-ben', 'b'],
    ];
    expect(await debriefOf(a.panel)).toEqual(expected);
    expect(await debriefOf(b.panel)).toEqual(expected);
    const line = (p: Page, id: string) => p.locator(`[data-pair] [data-moment="${id}"]`).textContent();
    const signalLine = await line(a.panel, 'signal-come-in');
    expect(signalLine).toMatch(/^Your co-leader signalled: I'd like to come in\. You noticed it after [\d.]+ s;/);
    expect(signalLine).toContain('your co-leader did not. Named aloud.');
    expect(await line(b.panel, 'signal-come-in')).toMatch(/Your co-leader noticed it after [\d.]+ s; you did not\./);
    expect(await b.panel.locator('[data-pair] [data-debrief-summary]').textContent()).toBe(
      'Together you noticed 2 of 2 (you 1, your co-leader 1); named aloud in 1.',
    );
    await expect.poll(() => callA.locator('#scenario-status').textContent(), LONG).toMatch(/^Rehearsal over at/);
    for (const [who, l] of [
      ['a', a],
      ['b', b],
    ] as const)
      for (const width of [420, 360]) {
        await l.panel.setViewportSize({ width, height: 900 });
        await l.panel
          .locator('[data-pair]')
          .screenshot({ path: `test/e2e/artifacts/rehearse-debrief-${who}-${width}.png` });
      }

    // Practice only: nothing in the clinical tables of either vault.
    for (const l of [a, b]) {
      expect(await clinicalRows(l.panel, 'sessions')).toBe(0);
      expect(await clinicalRows(l.panel, 'markers')).toBe(0);
    }
  });
});
