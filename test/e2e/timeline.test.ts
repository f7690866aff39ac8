// The session timeline in a 360 px side panel, in real Chromium: text at a
// readable size, no pin over another, the panel not scrolled sideways, lanes
// named by first name, and a keyboard user moving between pins with the
// arrow keys, reading one, and opening it with Enter. The session's clock is
// set with Playwright's clock so markers fall across an hour.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { seriousViolations } from './support/axe';
import { addGroup } from '../support/journey';
import { createVault, openView } from '../support/panel';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Timeline circle ${tag}`;
const NAMES = [`Bartholomew Okonkwo-Smith${tag}`, `Chen Wei${tag}`, `Dolores${tag}`];
const MIN = 60_000;

describe('the timeline in a narrow side panel', () => {
  let s: ChromiumSession;
  let panel: Page;
  let start = 0;

  /** A marker at `min` minutes into the session, for a member (by index) or the group. */
  const mark = async (min: number, who: number | null, family: string | null, code: string | null) => {
    // The page's clock stands at that time (its timers still run), so the marker's time is exactly
    // the minutes asked for however long the clicks take on a loaded machine.
    await panel.clock.setFixedTime(start + min * MIN);
    if (who !== null) await panel.click(`.chips button.member:has-text("${NAMES[who]}")`);
    if (!code) return panel.click('button.big:has-text("Mark")');
    if (!(await panel.locator(`button[data-code="${code}"]`).isVisible()))
      await panel.click(`.chips button:has-text("${family}")`);
    await panel.click(`button[data-code="${code}"]`);
  };

  beforeAll(async () => {
    s = await launchChromium();
    panel = await s.context.newPage();
    await panel.setViewportSize({ width: 360, height: 900 });
    // Time flows as usual until the first marker; then each marker sets the time it is made at.
    await panel.clock.install();
    await panel.goto(s.extUrl('sidepanel.html'));
    await createVault(panel);
    await addGroup(panel, GROUP, NAMES);
    await openView(panel, 'Session');
    await panel.selectOption('#start-owner', { label: GROUP });
    await panel.click('button:has-text("Start session")');
    await panel.waitForSelector('[role="timer"]');
    // Half a second after the session's start, so each marker's clock time reads as the whole minutes asked for.
    start = (await panel.evaluate(() => Date.now())) + 500;
    await mark(1, null, null, null);
    await mark(10, 0, 'Body and face', 'body.face');
    // Seconds apart in one lane: one pin, with their count.
    await mark(10.1, 0, 'Risk', 'risk.crisis');
    await mark(20, 1, 'Presence', 'presence.repair');
    await mark(35, 2, 'Alliance and cohesion', 'alliance.bond');
    await mark(50, null, 'Frame and setting', 'frame.connection');
    await panel.waitForFunction(
      () => document.querySelector('figure.timeline figcaption')?.textContent === 'Timeline, 6 markers',
    );
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  test('keeps its text at 12 px or more, its pins apart, and fits the panel', async () => {
    const look = await panel.$eval('figure.timeline', (fig) => {
      const texts = [...fig.querySelectorAll('*')].filter((e) =>
        [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()),
      );
      const pins = [...fig.querySelectorAll('button.pin')].map((p) => p.getBoundingClientRect());
      const overlaps = pins.flatMap((a, i) =>
        pins.slice(i + 1).filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom),
      ).length;
      return {
        small: texts.filter((e) => parseFloat(getComputedStyle(e).fontSize) < 12).map((e) => e.outerHTML),
        pins: pins.length,
        overlaps,
        sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
        lanes: [...fig.querySelectorAll('.timeline-lane-label')].map((l) => [l.textContent, l.getAttribute('title')]),
        ticks: [...fig.querySelectorAll('.timeline-tick')].map((t) => t.textContent),
      };
    });
    expect(look.small).toEqual([]);
    expect(look.pins).toBe(5);
    expect(look.overlaps).toBe(0);
    expect(look.sideways).toBe(false);
    expect(look.lanes).toEqual([
      ['Group', 'Whole group'],
      ['Bartholomew', NAMES[0]],
      ['Chen', NAMES[1]],
      [`Dolores${tag}`, NAMES[2]],
    ]);
    expect(look.ticks[0]).toBe('0:00');
    expect(look.ticks).toContain('20:00');
  });

  test('moves between pins with the arrow keys, shows the one focused, and opens it with Enter', async () => {
    const stop = panel.locator('figure.timeline button.pin[tabindex="0"]');
    await expect.poll(() => stop.getAttribute('aria-label')).toBe('1:00, Moment to come back to, Whole group');
    await stop.focus();
    await panel.keyboard.press('ArrowRight');
    const focused = () => panel.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(await focused()).toBe('50:00, Connection trouble, Whole group');
    await panel.keyboard.press('ArrowDown');
    expect(await focused()).toBe(`2 markers, including risk, 10:00 to 10:06, ${NAMES[0]}`);
    await panel.keyboard.press('ArrowDown');
    expect(await focused()).toBe(`20:00, Repair, ${NAMES[1]}`);
    expect(await panel.textContent('.timeline-readout')).toBe(`P 20:00 Repair · ${NAMES[1]}`);
    await panel.keyboard.press('Enter');
    const row = panel.locator(`ul.markers > li:has-text("Repair")`);
    await row.locator('form.editor').waitFor();
  });

  test('lists the markers of a shared pin, each one to open, with no serious accessibility fault', async () => {
    const shared = panel.locator('figure.timeline button.pin.many');
    await shared.focus();
    // The previous test left an editor open; wait until the focus has settled on the pin
    // (the marker list reacts to the focus leaving it) before pressing Enter there.
    const focused = () => panel.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await expect.poll(focused).toBe(`2 markers, including risk, 10:00 to 10:06, ${NAMES[0]}`);
    await panel.keyboard.press('Enter');
    await expect.poll(() => shared.getAttribute('aria-expanded')).toBe('true');
    const listed = panel.locator('.timeline-readout button');
    expect(await listed.allTextContents()).toEqual([
      `B 10:00 Reaction in the face · ${NAMES[0]}`,
      `! 10:06 Crisis · ${NAMES[0]}`,
    ]);
    expect(await seriousViolations(panel)).toEqual([]);
    await panel.keyboard.press('Tab');
    await panel.keyboard.press('Tab');
    await panel.keyboard.press('Enter');
    await panel.locator('ul.markers > li:has-text("Crisis") form.editor').waitFor();
  });
});
