// A keyboard user on an older marker's row while markers keep coming: the
// Session view lists the latest 100, and a row pushed past them would be
// taken out of the page with the focus on it. In real Chromium, with the
// new markers made in a second window of the same profile, so nothing but
// the store moves the first page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { addGroup } from '../support/journey';
import { createVault, openView } from '../support/panel';

const LATEST = 100;
const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Focus circle ${tag}`;

describe('the marker row that has the focus', () => {
  let s: ChromiumSession;
  let panel: Page;
  let other: Page;

  const rows = (p: Page) => p.$$eval('ul.markers > li', (lis) => lis.map((li) => (li as HTMLElement).dataset.markerId));
  const focusedRow = (p: Page) =>
    p.evaluate(
      () =>
        document.activeElement?.closest<HTMLElement>('li[data-marker-id]')?.dataset.markerId ??
        document.activeElement?.tagName,
    );
  const heading = (p: Page) => p.textContent('#markers-title');

  beforeAll(async () => {
    s = await launchChromium();
    panel = await s.context.newPage();
    await panel.goto(s.extUrl('sidepanel.html'));
    await createVault(panel);
    await addGroup(panel, GROUP, [`Member ${tag}`]);
    await openView(panel, 'Session');
    await panel.selectOption('#start-owner', { label: GROUP });
    await panel.click('button:has-text("Start session")');
    await panel.waitForSelector('[role="timer"]');
    // 100 markers from the keyboard: Enter on the focused Mark button.
    await panel.focus('button.big:has-text("Mark")');
    for (let i = 0; i < LATEST; i++) await panel.keyboard.press('Enter');
    await panel.waitForFunction(
      (n) => document.querySelector('#markers-title')?.textContent === `Markers (${n})`,
      LATEST,
      {
        timeout: 30_000,
      },
    );
    other = await s.context.newPage();
    await other.goto(s.extUrl('sidepanel.html'));
    await openView(other, 'Session');
    await other.waitForSelector('[role="timer"]');
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  test('stays listed, and keeps the focus, while new markers push it past the latest 100', async () => {
    const all = await rows(panel);
    expect(all).toHaveLength(LATEST);
    const oldest = all.at(-1)!;
    await panel.focus(`li[data-marker-id="${oldest}"] button.link`);
    expect(await focusedRow(panel)).toBe(oldest);
    // The leader goes to the call window to mark from there: the panel's
    // window loses the focus, which sends focusout with no relatedTarget
    // while the row stays the page's active element. (Playwright keeps every
    // page focused, so the event is sent as the browser would.)
    await panel.evaluate(() =>
      document.activeElement!.dispatchEvent(new FocusEvent('focusout', { bubbles: true, relatedTarget: null })),
    );
    for (let i = 1; i <= 3; i++) {
      await other.click('button.big:has-text("Mark")');
      await expect.poll(() => heading(panel), { timeout: 10_000 }).toBe(`Markers (${LATEST + i})`);
    }
    // The latest 100, and below them the older row the leader is on.
    const now = await rows(panel);
    expect(now).toHaveLength(LATEST + 1);
    expect(now.slice(0, 3)).not.toContain(oldest);
    expect(now.at(-1)).toBe(oldest);
    expect(await panel.textContent('ul.markers + p')).toContain(
      `The latest ${LATEST} of ${LATEST + 3} are listed, and the older one you are on.`,
    );
    expect(await focusedRow(panel)).toBe(oldest);
    // Enter on it still opens its editor: the focus is where the leader left it.
    await panel.keyboard.press('Enter');
    await panel.waitForSelector(`li[data-marker-id="${oldest}"] form.editor`);
  });

  test('once its editor is closed and the focus leaves the list, the latest 100 are listed again', async () => {
    const oldest = (await rows(panel)).at(-1)!;
    await panel.click(`li[data-marker-id="${oldest}"] button.link`);
    await panel.waitForSelector('form.editor', { state: 'detached' });
    await panel.focus('button.big:has-text("Mark")');
    await expect.poll(() => rows(panel).then((r) => r.length)).toBe(LATEST);
    expect(await panel.textContent('ul.markers + p')).toContain(`The latest ${LATEST} of ${LATEST + 3} are listed.`);
  });
});
