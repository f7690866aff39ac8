// Issue 8: a clinic's retentionDays, from a real Chromium policy file. At
// start-up the background deletes sessions that started longer ago, with
// their markers, from the real IndexedDB; newer sessions stay whole; the
// panel says what was deleted. Runs as root, like policy.test.ts.
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { makeTempDir } from '../support/paths';
import { addGroup } from '../support/journey';
import { createVault, openView, unlock } from '../support/panel';
import {
  chromiumPolicyUnavailable,
  rekeyedChromeBuild,
  removeChromiumPolicy,
  writeChromiumPolicy,
  type RekeyedBuild,
} from './support/policy';

const unavailable = chromiumPolicyUnavailable();
if (unavailable) console.warn(`test/e2e/policy-retention.test.ts is skipped: ${unavailable}`);

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Retention circle ${tag}`;
const DAY = 86_400_000;

/** Session ids by start time, and marker counts per session, read straight from IndexedDB (clear columns only). */
async function rows(
  page: Page,
): Promise<{ sessions: { id: string; startedAt: number }[]; markers: Record<string, number> }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('squircle');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['sessions', 'markers']);
          const s = tx.objectStore('sessions').getAll();
          const m = tx.objectStore('markers').getAll();
          tx.oncomplete = () => {
            const markers: Record<string, number> = {};
            for (const r of m.result as { sessionId: string }[]) markers[r.sessionId] = (markers[r.sessionId] ?? 0) + 1;
            const sessions = (s.result as { id: string; startedAt: number }[])
              .map((r) => ({ id: r.id, startedAt: r.startedAt }))
              .sort((a, b) => a.startedAt - b.startedAt);
            open.result.close();
            resolve({ sessions, markers });
          };
        };
      }),
  );
}

/** Moves a session's clear start time into the past, as if it had been recorded then. */
async function backdate(page: Page, id: string, startedAt: number): Promise<void> {
  await page.evaluate(
    ([sid, at]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('squircle');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('sessions', 'readwrite');
          const store = tx.objectStore('sessions');
          const get = store.get(sid);
          get.onsuccess = () => store.put({ ...get.result, startedAt: at });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [id, startedAt] as const,
  );
}

async function sessionWithMarkers(panel: Page, marks: number): Promise<void> {
  await openView(panel, 'Session');
  await panel.selectOption('#start-owner', { label: GROUP });
  await panel.click('button:has-text("Start session")');
  await panel.waitForSelector('[role="timer"]');
  for (let i = 0; i < marks; i++) await panel.click('section[aria-label="Mark a moment"] button:has-text("Mark")');
  await expect.poll(() => panel.locator('ul.markers > li').count()).toBe(marks);
  await panel.click('button:has-text("End…")');
  await panel.click('button:has-text("End session")');
  await panel.waitForSelector('#start-owner');
}

describe.skipIf(!!unavailable)('retention from a clinic policy', () => {
  let build: RekeyedBuild;
  let s: ChromiumSession | undefined;
  const profileDir = makeTempDir('squircle-retention-');
  beforeAll(() => {
    build = rekeyedChromeBuild();
  });
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });
  afterAll(() => {
    removeChromiumPolicy();
    build?.remove();
    rmSync(profileDir, { recursive: true, force: true });
  });

  test('at start-up, sessions past retentionDays go, markers and all; newer ones stay; the panel says so', async () => {
    writeChromiumPolicy(build.extensionId, { clinicName: `Retention Clinic ${tag}`, retentionDays: 30 });

    s = await launchChromium({ profileDir, args: build.args });
    let panel = await s.context.newPage();
    await panel.goto(s.extUrl('sidepanel.html'));
    await createVault(panel);
    await addGroup(panel, GROUP, ['Sam Ilex']);
    await sessionWithMarkers(panel, 2);
    await sessionWithMarkers(panel, 1);
    await panel.close();

    const page = await s.context.newPage();
    await page.goto(s.extUrl('options.html'));
    const before = await rows(page);
    expect(before.sessions).toHaveLength(2);
    const [old, recent] = before.sessions as [{ id: string; startedAt: number }, { id: string; startedAt: number }];
    expect(before.markers).toEqual({ [old.id]: 2, [recent.id]: 1 });
    await backdate(page, old.id, Date.now() - 400 * DAY);
    await s.close();
    s = undefined;

    // The background applies retention at start-up.
    s = await launchChromium({ profileDir, args: build.args });
    const check = await s.context.newPage();
    await check.goto(s.extUrl('options.html'));
    await expect
      .poll(async () => (await rows(check)).sessions.map((r) => r.id), { timeout: 30_000 })
      .toEqual([recent.id]);
    expect((await rows(check)).markers).toEqual({ [recent.id]: 1 });

    panel = await s.context.newPage();
    await panel.goto(s.extUrl('sidepanel.html'));
    await unlock(panel);
    expect(await panel.textContent('[data-retention-notice]')).toMatch(
      /^1 session older than 30 days was deleted on .+, as your clinic requires\.$/,
    );
    await openView(panel, 'History');
    await expect.poll(() => panel.locator(`ul.sessions button:has-text("${GROUP}")`).count()).toBe(1);
    await panel.click(`ul.sessions button:has-text("${GROUP}")`);
    await panel.waitForSelector('details.preview');
  });
});
