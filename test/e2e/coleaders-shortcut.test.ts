// Issue 18: a marker made with the keyboard shortcut (recorded by the
// background, which only queues it in the outbox) reaches the co-leader as
// fast as a clicked one: the panel's running channel sends it at once. The
// commands API fires only on real key events, so A is a headed Chromium and
// the key comes from xdotool; B is headless, so A's window is the only one
// on the display and takes the key.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { FIXTURES, routeFixtures } from '../support/fixtures-server';
import { startAedes, type AedesTestBroker } from '../support/brokers';
import { leader, markers, pair, startTogether, type Leader } from '../support/coleaders';

const hasXdotool = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v xdotool']);
    return !!process.env.DISPLAY;
  } catch {
    return false;
  }
})();

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Thursday circle ${tag}`;
const MEMBER = `Robin Ashdown${tag}`;
/** The bound: B lists the marker this soon after A pressed the key. */
const ARRIVES_WITHIN_MS = 1_000;

/** Longer than a channel takes to send the digests after a burst of changes (anti-entropy's quiet spell). */
const QUIET_SPELL_MS = 5_000;

/** The title of the focused X window (xdotool sends keys to it). */
const focusedWindow = () => execFileSync('xdotool', ['getwindowfocus', 'getwindowname']).toString().trim();

describe.runIf(hasXdotool)('a shortcut marker reaches the co-leader at once', () => {
  let broker: AedesTestBroker;
  let a: Leader;
  let b: Leader;
  let meet: Page;

  beforeAll(async () => {
    broker = await startAedes();
    a = await leader(broker.url, { headless: false });
    b = await leader(broker.url, { headless: true });
    await pair(a, b, GROUP, [MEMBER]);
    await startTogether(a, b, GROUP);
    await routeFixtures(a.s.context);
    meet = await a.s.context.newPage();
    await meet.goto(FIXTURES.meet.url);
    await meet.waitForFunction(() => window.fixture?.ready);
  });
  afterAll(async () => {
    await a?.s.close();
    await b?.s.close();
    await broker?.stop();
  });

  test(`Alt+Shift+M on A's call page: B lists the marker within ${ARRIVES_WITHIN_MS} ms`, async () => {
    expect(await markers(b.panel)).toEqual([]);
    await meet.bringToFront();
    await meet.click('body');
    await expect.poll(focusedWindow, { timeout: 10_000 }).toContain('Meet - abc-defg-hij');
    // Mid-session, as a leader presses it: the digests that follow the setup's changes have gone out.
    await meet.waitForTimeout(QUIET_SPELL_MS);
    const pressed = Date.now();
    execFileSync('xdotool', ['key', '--clearmodifiers', 'alt+shift+m']);
    // Waited for well past the bound, so a late arrival shows how late it was.
    await b.panel.waitForSelector('ul.markers > li[data-marker-id]', { timeout: 30_000 });
    const took = Date.now() - pressed;
    const [onB] = await markers(b.panel);
    const onA = await markers(a.panel);
    expect(onA.map((m) => m.id)).toEqual([onB!.id]);
    expect(took, `B listed the shortcut's marker ${took} ms after the key press`).toBeLessThan(ARRIVES_WITHIN_MS);
  });
});
