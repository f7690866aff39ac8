// Two leaders, two Chromium profiles, one broker: steps of a paired journey.
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession, type LaunchChromiumOptions } from './chromium';
import { captureBroker, type AedesTestBroker, type RawSubscriber, type TestBroker } from './brokers';
import { addGroup, startSession } from './journey';
import { createVault, openView } from './panel';

export interface Leader {
  s: ChromiumSession;
  panel: Page;
}

export async function leader(brokerUrl: string, launch: LaunchChromiumOptions = {}): Promise<Leader> {
  const s = await launchChromium(launch);
  const panel = await s.context.newPage();
  await panel.goto(s.extUrl('sidepanel.html'));
  await panel.evaluate((url) => chrome.storage.local.set({ userSettings: { brokerUrl: url } }), brokerUrl);
  await panel.reload();
  await createVault(panel);
  return { s, panel };
}

export interface TwoLeaders<B extends TestBroker> {
  broker: B;
  /** Every message the broker relayed under sq/, from before the leaders started. */
  capture: RawSubscriber;
  a: Leader;
  b: Leader;
  /** Stops the capture, closes both browsers and stops the broker. */
  close(): Promise<void>;
}

/** Starts a broker, a raw capture of its traffic, and two leaders with a vault each on it (not yet paired). */
export async function twoLeaders<B extends TestBroker>(start: () => Promise<B>): Promise<TwoLeaders<B>> {
  const broker = await start();
  let capture: RawSubscriber | undefined;
  const leaders: Leader[] = [];
  const close = async () => {
    await capture?.stop();
    for (const l of leaders) await l.s.close();
    await broker.stop();
  };
  try {
    capture = await captureBroker(broker.tcpUrl);
    leaders.push(await leader(broker.url));
    leaders.push(await leader(broker.url));
  } catch (e) {
    await close().catch(() => {});
    throw e;
  }
  const [a, b] = leaders as [Leader, Leader];
  return { broker, capture, a, b, close };
}

/** What the join form says once the code matched. */
export const JOINED = 'Joined. The code matched, so your co-leader is verified.';

export interface ShownInvite {
  text: string;
  /** As the panel shows it to be said in the call: "123 456". */
  code: string;
}

/** Clicks "Invite a co-leader" on the group's card (the Co-leaders view must be open); returns what it shows. */
export async function makeInvite(p: Page, group: string): Promise<ShownInvite> {
  const card = p.locator(`section[aria-label="Co-leaders of ${group}"]`);
  const before = (await card.locator('#invite-text').count()) ? await card.locator('#invite-text').inputValue() : '';
  await card.locator('button:has-text("Invite a co-leader")').click();
  await card.locator('#invite-text').waitFor();
  for (let i = 0; i < 100 && (await card.locator('#invite-text').inputValue()) === before; i++)
    await p.waitForTimeout(100);
  return {
    text: await card.locator('#invite-text').inputValue(),
    code: (await card.locator('#invite-code').textContent())!,
  };
}

/** Opens the Co-leaders view, types the invite and the code into the join form and clicks Join. */
export async function fillJoin(p: Page, invite: { text: string; code: string }): Promise<void> {
  await openView(p, 'Co-leaders');
  await p.fill('#join-text', invite.text);
  await p.fill('#join-code', invite.code);
  await p.click('button:has-text("Join")');
}

/**
 * A invites, B joins with the invite text and the code A shows; the code
 * verifies both sides. Returns the safety numbers each side shows (kept for
 * later re-checks).
 */
export async function pair(a: Leader, b: Leader, group: string, members: string[]): Promise<[string, string]> {
  await addGroup(a.panel, group, members);
  await openView(a.panel, 'Co-leaders');
  const card = a.panel.locator(`section[aria-label="Co-leaders of ${group}"]`);
  await fillJoin(b.panel, await makeInvite(a.panel, group));
  await b.panel.waitForSelector(`text=${JOINED}`, { timeout: 60_000 });
  const bCard = b.panel.locator(`section[aria-label="Co-leaders of ${group}"]`);
  await bCard.locator('[data-safety-number]').waitFor({ timeout: 30_000 });
  await card.locator('[data-safety-number]').waitFor({ timeout: 30_000 });
  const numbers: [string, string] = [
    (await card.locator('[data-safety-number]').first().textContent())!,
    (await bCard.locator('[data-safety-number]').first().textContent())!,
  ];
  await card.locator('[data-verified]').waitFor({ timeout: 30_000 });
  await bCard.locator('[data-verified]').waitFor({ timeout: 30_000 });
  return numbers;
}

/** A starts a session of the group; returns once B's Session view shows it running. */
export async function startTogether(a: Leader, b: Leader, group: string): Promise<void> {
  await startSession(a.panel, group);
  await openView(b.panel, 'Session');
  await b.panel.waitForSelector('[role="timer"]', { timeout: 30_000 });
}

export const markerTexts = (p: Page) => p.locator('ul.markers > li').allTextContents();

// ---------------------------------------------------------------- markers, channel state, outages

/** The session's markers as the panel lists them (newest first): id and the list line. */
export async function markers(p: Page): Promise<{ id: string; text: string }[]> {
  // Past the latest 100, the list lists all only when asked (MarkerList's LATEST_SHOWN).
  const showAll = p.locator('button.show-all[aria-pressed="false"]');
  if (await showAll.count()) await showAll.click();
  return p.$$eval('ul.markers > li[data-marker-id]', (els) =>
    els.map((e) => ({
      id: (e as HTMLElement).dataset.markerId!,
      text: e.querySelector('button.link')?.textContent ?? '',
    })),
  );
}

/** Waits until the Session view lists at least `n` markers, all of them listed. */
export async function listsAtLeast(p: Page, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await markers(p)).length < n) {
    if (Date.now() > deadline) throw new Error(`the Session view did not list ${n} markers within ${timeoutMs} ms`);
    await p.waitForTimeout(250);
  }
}

/** The listed marker ids once the list has stopped changing (it fills asynchronously after the view opens). */
async function settledIds(p: Page): Promise<Set<string>> {
  let last = '';
  for (let i = 0; i < 40; i++) {
    const now = (await markers(p)).map((m) => m.id).join();
    if (now === last) return new Set(now ? now.split(',') : []);
    last = now;
    await p.waitForTimeout(150);
  }
  throw new Error('The marker list kept changing');
}

/**
 * Clicks Mark, then gives the new marker a short note through its editor,
 * as a leader does. Returns the new marker's id. The Session view must be
 * open. A co-leader's marker arriving meanwhile is told apart by its
 * "co-leader" tag.
 */
export async function markWithText(p: Page, text: string): Promise<string> {
  const before = await settledIds(p);
  await p.click('button.big:has-text("Mark")');
  const handle = await p.waitForFunction(
    (known) =>
      [...document.querySelectorAll<HTMLElement>('ul.markers > li[data-marker-id]')].find(
        (li) => !known.includes(li.dataset.markerId!) && !li.querySelector('.by-coleader'),
      )?.dataset.markerId,
    [...before],
  );
  const id = (await handle.jsonValue()) as string;
  const li = p.locator(`ul.markers > li[data-marker-id="${id}"]`);
  await li.locator('button.link').click();
  await li.locator('input[id$="-text"]').fill(text);
  await li.locator('button:has-text("Save")').click();
  await li.locator('button.link').filter({ hasText: text }).waitFor();
  return id;
}

export interface ChannelLine {
  state: string;
  waiting: number;
  text: string;
}

/** The Co-leaders view's status line for a group (opens that view). */
export async function channelLine(p: Page, group: string): Promise<ChannelLine> {
  await openView(p, 'Co-leaders');
  const line = p.locator(`section[aria-label="Co-leaders of ${group}"] [data-channel-state]`);
  await line.waitFor();
  return {
    state: (await line.getAttribute('data-channel-state'))!,
    waiting: Number(await line.getAttribute('data-waiting')),
    text: (await line.textContent()) ?? '',
  };
}

/** Waits until the status line satisfies `ok` (it refreshes every 2 s); returns the last line seen. */
export async function waitForChannelLine(
  p: Page,
  group: string,
  ok: (l: ChannelLine) => boolean,
  timeoutMs = 60_000,
): Promise<ChannelLine> {
  const end = Date.now() + timeoutMs;
  let last = await channelLine(p, group);
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`The channel line of ${group} stayed at ${JSON.stringify(last)}`);
    await p.waitForTimeout(250);
    last = await channelLine(p, group);
  }
  return last;
}

/** The "Refused messages" list of the group's card: reason → count. */
export async function refused(p: Page, group: string): Promise<Record<string, number>> {
  await openView(p, 'Co-leaders');
  // The card's details render once its channel info has loaded, status line first.
  await p.locator(`section[aria-label="Co-leaders of ${group}"] [data-channel-state]`).waitFor();
  const items = p.locator(`section[aria-label="Co-leaders of ${group}"] ul.diagnostics > li[data-reason]`);
  const out: Record<string, number> = {};
  for (const li of await items.all()) {
    const reason = (await li.getAttribute('data-reason'))!;
    out[reason] = Number(/:\s*(\d+)\s*$/.exec((await li.textContent()) ?? '')?.[1] ?? NaN);
  }
  return out;
}

/**
 * An outage of the embedded broker: down() stops it (every connection
 * closes, nothing listens), up() starts it again on the same ports and data
 * directory, so persistent sessions and queued messages come back.
 */
export function outage(broker: AedesTestBroker): { down(): Promise<void>; up(): Promise<void> } {
  return {
    down: () => broker.broker.close(),
    // restart() closes the (already closed) broker, then starts it on the same ports and data.
    up: () => broker.restart(),
  };
}
