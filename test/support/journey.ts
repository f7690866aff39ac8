// Steps of a live-session journey on a fixture call page.
import type { BrowserContext, Page } from 'playwright-core';
import type { ChromiumSession } from './chromium';
import { FIXTURES, routeFixtures, type FixtureName } from './fixtures-server';
import { createVault, openView } from './panel';

/** The tab id Chromium gave a page, read from the extension's side. */
export async function tabIdOf(s: ChromiumSession, url: string): Promise<number> {
  const pattern = url.replace(/[?#].*$/, '') + '*';
  for (let i = 0; i < 50; i++) {
    const id = await s.serviceWorker.evaluate(async (p) => (await chrome.tabs.query({ url: p }))[0]?.id, pattern);
    if (typeof id === 'number') return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No tab found for ${url}`);
}

/** Opens the panel in its own tab, following the call tab. */
export async function openPanelFor(s: ChromiumSession, context: BrowserContext, callUrl: string): Promise<Page> {
  const tab = await tabIdOf(s, callUrl);
  const panel = await context.newPage();
  await panel.goto(s.extUrl(`sidepanel.html?tab=${tab}`));
  return panel;
}

/**
 * A fixture call page in `s` (every platform host answered from test/fixtures),
 * then the panel in its own tab following the call's tab, with a new vault.
 */
export async function callWithPanel(
  s: ChromiumSession,
  fixture: FixtureName = 'meet',
): Promise<{ call: Page; panel: Page }> {
  await routeFixtures(s.context);
  const call = await s.context.newPage();
  await call.goto(FIXTURES[fixture].url);
  await call.waitForFunction(() => window.fixture?.ready);
  const panel = await openPanelFor(s, s.context, FIXTURES[fixture].url);
  await createVault(panel);
  return { call, panel };
}

export async function addGroup(panel: Page, name: string, members: string[]): Promise<void> {
  await panel.click('nav[aria-label="Panel"] button:has-text("Groups and clients")');
  await panel.click('button:has-text("Add group")');
  await panel.fill('#g-name', name);
  await panel.click('button:has-text("Save group")');
  const group = panel.locator(`article.group[aria-label="${name}"]`);
  // The member form stays open after each save, the focus back in the name, until Done.
  const input = group.locator('input[id$="-name"]');
  for (const m of members) {
    if ((await input.count()) === 0) await group.locator('button:has-text("Add member")').click();
    await input.fill(m);
    await input.press('Enter');
    await group.locator(`li:has-text("${m}")`).waitFor();
  }
  if (members.length > 0) await group.locator('button:has-text("Done")').click();
}

/** Starts a session of the group from the Session view; returns once its timer runs. */
export async function startSession(panel: Page, group: string): Promise<void> {
  await openView(panel, 'Session');
  await panel.selectOption('#start-owner', { label: group });
  await panel.click('button:has-text("Start session")');
  await panel.waitForSelector('[role="timer"]');
}

export async function settings(page: Page, values: Record<string, unknown>): Promise<void> {
  await page.evaluate((v) => chrome.storage.local.set({ userSettings: v }), values);
}
