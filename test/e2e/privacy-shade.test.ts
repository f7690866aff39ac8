// Issue 19: the privacy shade. A screen share the call page cannot see (a
// desktop app, another tab) must not show the panel: one button and one key
// (the privacy-shade command) cover it at once with a neutral screen, until
// Reveal. Commands fire only on real key events: headed Chromium under a
// display, the key from xdotool; the key is assigned on chrome://extensions/shortcuts
// as staff would (browsers give at most four suggested keys, all taken).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { addGroup, callWithPanel, startSession } from '../support/journey';
import { REPO_ROOT } from '../support/paths';

const hasXdotool = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v xdotool']);
    return !!process.env.DISPLAY;
  } catch {
    return false;
  }
})();
const ARTIFACTS = join(REPO_ROOT, 'test/e2e/artifacts');

describe('the privacy shade', () => {
  let s: ChromiumSession;
  let call: Page;
  let panel: Page;
  const covered = () => panel.locator('section.privacy-shade').isVisible();

  beforeAll(async () => {
    s = await launchChromium({ headless: !hasXdotool });
    ({ call, panel } = await callWithPanel(s));
    await addGroup(panel, 'Shade group', ['Sam Example']);
    await startSession(panel, 'Shade group');
  });
  afterAll(async () => {
    await s?.close();
  });

  test('the Cover button covers the whole panel at once; only Reveal uncovers it', async () => {
    await panel.click('header.top button:has-text("Cover")');
    await panel.waitForSelector('section.privacy-shade');
    // Nothing of the panel shows or can be reached under the shade.
    expect(await panel.locator('.panel-body').getAttribute('inert')).not.toBeNull();
    const box = await panel.locator('section.privacy-shade').boundingBox();
    // The whole visible area (the viewport less any scrollbar).
    const view = await panel.evaluate(() => ({
      width: document.documentElement.clientWidth,
      height: document.documentElement.clientHeight,
    }));
    expect(box).toMatchObject({ x: 0, y: 0, width: view.width, height: view.height });
    expect(await panel.evaluate(() => document.activeElement?.textContent)).toBe('Reveal');
    mkdirSync(ARTIFACTS, { recursive: true });
    await panel.screenshot({ path: join(ARTIFACTS, 'privacy-shade.png') });
    // Pressing Mark's key in the panel does nothing under the shade: the session view is inert.
    await panel.keyboard.press('m');
    await panel.click('section.privacy-shade button:has-text("Reveal")');
    await expect.poll(covered).toBe(false);
    expect(await panel.locator('.panel-body').getAttribute('inert')).toBeNull();
    expect(await panel.locator('ul.markers > li').count()).toBe(0);
  });

  test.runIf(hasXdotool)('the privacy-shade command covers the panel while the call page has focus', async () => {
    // Assign Alt+Shift+H to the command, as staff would on the browser's shortcuts page.
    const shortcuts = await s.context.newPage();
    await shortcuts.goto('chrome://extensions/shortcuts');
    // The innermost block holding both the command's description and a shortcut field is its row.
    const row = shortcuts
      .locator('div', { has: shortcuts.locator('cr-shortcut-input'), hasText: /privacy shade/i })
      .last()
      .locator('cr-shortcut-input');
    await row.locator('#edit').click();
    await shortcuts.keyboard.press('Alt+Shift+H');
    await expect.poll(() => row.locator('input').first().inputValue()).toMatch(/Alt\s*\+\s*Shift\s*\+\s*H/i);
    await shortcuts.close();

    await call.bringToFront();
    await call.click('body');
    execFileSync('xdotool', ['key', '--clearmodifiers', 'alt+shift+h']);
    await expect.poll(covered, { timeout: 10_000 }).toBe(true);
    await panel.click('section.privacy-shade button:has-text("Reveal")');
    await expect.poll(covered).toBe(false);
  });
});
