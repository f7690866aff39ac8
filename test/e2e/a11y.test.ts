// Issue 3: axe-core finds no serious or critical violation on the panel's
// screens, in light and dark schemes.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { seriousViolations } from './support/axe';
import { addGroup } from '../support/journey';
import { createVault, openView } from '../support/panel';
import { expectNoPlaintext } from './support/no-plaintext';

describe.each(['light', 'dark'] as const)('panel screens in the %s scheme', (scheme) => {
  let s: ChromiumSession;
  let page: Page;
  beforeAll(async () => {
    s = await launchChromium();
    page = await s.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(s.extUrl('sidepanel.html'));
  });
  afterAll(async () => {
    await s?.close();
  });
  const check = async (screen: string) =>
    expect({ screen, violations: await seriousViolations(page) }).toEqual({ screen, violations: [] });

  test('first run, session, roster, history, scratch, backup, options', async () => {
    await page.waitForSelector('#new-pass');
    await check('create vault');
    await createVault(page);
    await addGroup(page, 'Axe group', ['Member One', 'Member Two']);
    await check('roster');
    await openView(page, 'Session');
    await check('start session');
    await page.selectOption('#start-owner', { label: 'Axe group' });
    await page.click('button:has-text("Start session")');
    await page.click('button.big:has-text("Mark")');
    await page.click('.chips button:has-text("Presence")');
    await check('live session with markers and a category menu');
    await page.locator('ul.markers button.link').first().click();
    await check('marker editor');
    await page.click('[role="tab"]:has-text("Attendance")');
    await check('attendance');
    await page.click('[role="tab"]:has-text("Note")');
    await check('note');
    await page.click('[role="tab"]:has-text("Co-leader")');
    await page.waitForSelector('#composer-text');
    await page.fill('#composer-text', 'Member One looks upset');
    await check('co-leader tab with the composer');
    await page.click('[role="tab"]:has-text("Prompts")');
    await check('prompt library');
    await page.click('[role="tab"]:has-text("Safety")');
    await page.waitForSelector('[data-checklist]');
    await check('session safety checklist');
    await page.click('button:has-text("End…")');
    await page.click('button:has-text("End session")');
    await openView(page, 'History');
    await page.waitForSelector('ul.sessions button');
    await check('history');
    await page.click('ul.sessions button');
    await check('session detail');
    await openView(page, 'Scratch');
    await check('scratch');
    await openView(page, 'Co-leaders');
    await check('co-leaders');
    await openView(page, 'Safety and screening');
    await check('safety and screening');
    await openView(page, 'Backup');
    await check('backup');
    await page.click('button[title="Lock now"]');
    await page.waitForSelector('#unlock-pass');
    await check('locked');
    await page.goto(s.extUrl('options.html'));
    await page.waitForSelector('#autolock');
    await check('options');
  });

  test('no name or typed message is readable in the profile', async () => {
    await expectNoPlaintext({
      chromium: [s],
      secrets: ['Axe group', 'Member One', 'Member Two', 'Member One looks upset'],
    });
  });
});

test('the check is live: a planted unlabelled button and field are reported', async () => {
  const s = await launchChromium();
  try {
    const page = await s.context.newPage();
    await page.goto(s.extUrl('sidepanel.html'));
    await page.waitForSelector('#new-pass');
    await page.evaluate(() => {
      document.body.append(
        document.createElement('button'),
        Object.assign(document.createElement('input'), { type: 'text' }),
      );
    });
    expect((await seriousViolations(page)).map((v) => v.id).sort()).toEqual(['button-name', 'label']);
  } finally {
    await s.close();
  }
});
