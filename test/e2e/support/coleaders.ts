// Two leaders, two Chromium profiles, one broker: steps of a paired journey.
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../harness/chromium';
import { addGroup } from './journey';
import { createVault, openView } from './panel';

export interface Leader {
  s: ChromiumSession;
  panel: Page;
}

export async function leader(brokerUrl: string): Promise<Leader> {
  const s = await launchChromium();
  const panel = await s.context.newPage();
  await panel.goto(s.extUrl('sidepanel.html'));
  await panel.evaluate((url) => chrome.storage.local.set({ userSettings: { brokerUrl: url } }), brokerUrl);
  await panel.reload();
  await createVault(panel);
  return { s, panel };
}

/** A invites, B joins with the invite text; both mark each other verified. Returns the safety numbers each side shows. */
export async function pair(a: Leader, b: Leader, group: string, members: string[]): Promise<[string, string]> {
  await addGroup(a.panel, group, members);
  await openView(a.panel, 'Co-leaders');
  const card = a.panel.locator(`section[aria-label="Co-leaders of ${group}"]`);
  await card.locator('button:has-text("Invite a co-leader")').click();
  const invite = await card.locator('#invite-text').inputValue();
  await openView(b.panel, 'Co-leaders');
  await b.panel.fill('#join-text', invite);
  await b.panel.click('button:has-text("Join")');
  await b.panel.waitForSelector('text=Joined. Now compare the safety number aloud.', { timeout: 60_000 });
  const bCard = b.panel.locator(`section[aria-label="Co-leaders of ${group}"]`);
  await bCard.locator('[data-safety-number]').waitFor({ timeout: 30_000 });
  await card.locator('[data-safety-number]').waitFor({ timeout: 30_000 });
  const numbers: [string, string] = [(await card.locator('[data-safety-number]').first().textContent())!, (await bCard.locator('[data-safety-number]').first().textContent())!];
  await card.locator('button:has-text("Mark as verified")').click();
  await bCard.locator('button:has-text("Mark as verified")').click();
  await card.locator('[data-verified]').waitFor();
  await bCard.locator('[data-verified]').waitFor();
  return numbers;
}

export async function startSession(l: Leader, group: string): Promise<void> {
  await openView(l.panel, 'Session');
  await l.panel.selectOption('#start-owner', { label: group });
  await l.panel.click('button:has-text("Start session")');
  await l.panel.waitForSelector('[role="timer"]');
}

export const markerTexts = (p: Page) => p.locator('ul.markers > li').allTextContents();
