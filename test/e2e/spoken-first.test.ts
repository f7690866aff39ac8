// Issue 5: the spoken-first back-channel between two paired co-leaders.
// Signals mode has no composer, and a message the receiver's mode forbids
// is dropped and counted; in spoken-first mode typing offers a spoken
// phrasing, "say it aloud" sends nothing, a parked thought arrives only
// after the session ends, "send now" arrives and is counted; both debriefs
// show the same counts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startAedes, type AedesTestBroker } from '../support/brokers';
import { pair, startTogether, twoLeaders, type Leader, type TwoLeaders } from '../support/coleaders';
import { openView } from '../support/panel';
import { expectNoPlaintext } from './support/no-plaintext';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Friday circle ${tag}`;
const MEMBER = `Jordan Vale${tag}`;
const SENT = `please slow down ${tag}`;
const PARKED = `ask about the dream ${tag}`;
const FORBIDDEN = `should not arrive ${tag}`;

async function setMode(l: Leader, mode: string): Promise<void> {
  await openView(l.panel, 'Co-leaders');
  await l.panel.locator(`section[aria-label="Co-leaders of ${GROUP}"] select[data-mode-picker]`).selectOption(mode);
}
const coTab = (p: Page) => p.click('[role="tab"]:has-text("Co-leader")');
const counts = (p: Page) =>
  p.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-count]')].map((e) => [(e as HTMLElement).dataset.count, e.textContent]),
    ),
  );

describe('spoken-first back-channel', () => {
  let two: TwoLeaders<AedesTestBroker>;
  let a: Leader;
  let b: Leader;
  beforeAll(async () => {
    two = await twoLeaders(startAedes);
    ({ a, b } = two);
    await pair(a, b, GROUP, [MEMBER]);
  });
  afterAll(async () => {
    await two?.close();
  });

  test('signals mode: no composer; a signal reaches the co-leader as a fading cue', async () => {
    await setMode(a, 'signals');
    await setMode(b, 'signals');
    await startTogether(a, b, GROUP);
    await coTab(a.panel);
    await a.panel.waitForSelector('[data-mode="signals"]');
    expect(await a.panel.locator('#composer-text').count()).toBe(0);
    await a.panel.click('button[data-signal="come-in"]');
    await b.panel.waitForSelector('.cue[data-cue="signal.come-in"]', { timeout: 30_000 });
  });

  test('a message the receiver’s mode forbids is dropped and counted there', async () => {
    // A's own device allows open mode; B's does not: B's rule decides on B.
    await setMode(a, 'open');
    await openView(a.panel, 'Session');
    await coTab(a.panel);
    await a.panel.fill('#composer-text', FORBIDDEN);
    await a.panel.click('button:has-text("Send now")');
    await a.panel.waitForSelector(`[data-message="out"]:has-text("${FORBIDDEN}")`);
    await openView(b.panel, 'Co-leaders');
    const card = b.panel.locator(`section[aria-label="Co-leaders of ${GROUP}"]`);
    await expect.poll(() => card.locator('[data-reason="mode-forbids-message"]').count(), { timeout: 30_000 }).toBe(1);
    await openView(b.panel, 'Session');
    await coTab(b.panel);
    expect(await b.panel.locator(`text=${FORBIDDEN}`).count()).toBe(0);
    await a.panel.click('button:has-text("End…")');
    await a.panel.click('button:has-text("End session")');
    await b.panel.waitForSelector('#start-owner', { timeout: 30_000 });
  });

  test('spoken-first: suggestion, say aloud, park, send now; the debriefs agree', async () => {
    await setMode(a, 'spoken-first');
    await setMode(b, 'spoken-first');
    await startTogether(a, b, GROUP);
    await coTab(a.panel);
    await a.panel.fill('#composer-text', `${MEMBER.split(' ')[0]} looks upset`);
    const spoken = await a.panel.locator('[data-spoken]').textContent();
    // Said aloud in the room, a member is named by first name only.
    expect(spoken).toContain(MEMBER.split(' ')[0]);
    expect(spoken).not.toContain(MEMBER);
    const bMarkers = () => b.panel.locator('ul.markers > li').count();
    await openView(b.panel, 'Session');
    const before = await bMarkers();
    await a.panel.click('button:has-text("Say it aloud")');
    await expect.poll(bMarkers, { timeout: 30_000 }).toBe(before + 1);
    await a.panel.fill('#composer-text', PARKED);
    await a.panel.click('button:has-text("Keep for the debrief")');
    await a.panel.fill('#composer-text', SENT);
    await a.panel.click('button:has-text("Send now")');
    await coTab(b.panel);
    await b.panel.waitForSelector(`[data-message="in"]:has-text("${SENT}")`, { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await b.panel.locator(`text=${PARKED}`).count()).toBe(0);

    await a.panel.click('button:has-text("End…")');
    await a.panel.click('button:has-text("End session")');
    await a.panel.waitForSelector('[data-reflection]');
    await b.panel.waitForSelector('[data-reflection]', { timeout: 30_000 });
    await b.panel.waitForSelector(`[data-parked]:has-text("${PARKED}")`, { timeout: 30_000 });
    const ca = await counts(a.panel);
    expect(ca).toEqual({ aloud: '1', parked: '1', sent: '1', signals: '0' });
    await expect.poll(() => counts(b.panel), { timeout: 10_000 }).toEqual(ca);
  });

  test('no name or message is readable in either profile or on the broker', async () => {
    await expectNoPlaintext({
      chromium: [a.s, b.s],
      brokerCapture: two.capture,
      secrets: [GROUP, MEMBER, SENT, PARKED, FORBIDDEN, `${MEMBER.split(' ')[0]} looks upset`],
    });
  });
});
