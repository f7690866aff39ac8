// Issue 3: on a call page whose markup changed, the panel says quietly that
// detection is unavailable, and a session can still be started and marked.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { FIXTURES, routeFixtures } from '../support/fixtures-server';
import { addGroup, openPanelFor } from '../support/journey';
import { createVault, openView } from '../support/panel';
import { expectNoPlaintext } from './support/no-plaintext';

let s: ChromiumSession;
let panel: Page;
beforeAll(async () => {
  s = await launchChromium();
  await routeFixtures(s.context);
  const call = await s.context.newPage();
  await call.goto(FIXTURES['changed-markup'].url);
  panel = await openPanelFor(s, s.context, FIXTURES['changed-markup'].url);
  await createVault(panel);
});
afterAll(async () => {
  await s?.close();
});

test('changed markup gives the degraded line, and marking still works', async () => {
  await addGroup(panel, 'Degraded group', ['Casey Example']);
  await openView(panel, 'Session');
  await panel.waitForSelector('[data-call-state="degraded"]', { timeout: 15_000 });
  expect(await panel.textContent('.callstatus')).toContain('call detection is unavailable');
  // Which readings failed, as codes the diagnostics list shows: never a name.
  expect(await panel.locator('.call-diagnostics li').allTextContents()).toEqual([
    'meet: call controls not found',
    'meet: people list not found',
  ]);
  await panel.selectOption('#start-owner', { label: 'Degraded group' });
  await panel.click('button:has-text("Start session")');
  await panel.click('button.big:has-text("Mark")');
  await expect.poll(() => panel.locator('ul.markers > li').count()).toBe(1);
  await panel.waitForSelector('.degraded:has-text("Marking and notes work as usual")');
});

test('no name is readable in the profile', async () => {
  await expectNoPlaintext({ chromium: [s], secrets: ['Degraded group', 'Casey Example'] });
});
