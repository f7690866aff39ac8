// The co-leader channel through a broker outage: both leaders keep marking
// while the broker is down, each panel says it is offline and how much
// waits to be sent, and once the broker is back every marker is on both
// sides exactly once, each leader's in the order they were made. The outbox
// is in IndexedDB, so a panel reloaded during the outage still sends all of
// it afterwards.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collectPageErrors } from '../support/chromium';
import { startAedes, type AedesTestBroker } from '../support/brokers';
import {
  listsAtLeast,
  markWithText,
  markers,
  outage,
  pair,
  startTogether,
  twoLeaders,
  waitForChannelLine,
  type Leader,
  type TwoLeaders,
} from '../support/coleaders';
import { openView, unlock } from '../support/panel';
import { expectNoPlaintext } from './support/no-plaintext';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Outage circle ${tag}`;
const MEMBER = `Sam Rivers${tag}`;
const N = 50;
const label = (who: string, i: number) => `${who}-${String(i).padStart(2, '0')}`;

/** A list line without what differs by design between the two sides (the co-leader's markers say so). */
const line = (m: { id: string; text: string }) => ({ id: m.id, text: m.text.replace(' · co-leader', '').trim() });
// 'unreachable': a channel started (panel reloaded) while the broker was down has never reached it.
const notConnected = (state: string) => ['offline', 'reconnecting', 'connecting', 'unreachable'].includes(state);

/** Marks `n` moments with texts `${who}-01`…; returns their ids in the order made. */
async function markMany(l: Leader, who: string, from: number, n: number): Promise<string[]> {
  await openView(l.panel, 'Session');
  await l.panel.waitForSelector('[role="timer"]');
  const ids: string[] = [];
  for (let i = from; i < from + n; i++) ids.push(await markWithText(l.panel, label(who, i)));
  return ids;
}

/** A panel's markers in list order, and their distinct ids. */
async function listed(l: Leader) {
  await openView(l.panel, 'Session');
  const all = await markers(l.panel);
  return { all, ids: all.map((m) => m.id), unique: new Set(all.map((m) => m.id)) };
}

describe('the channel through a broker outage', () => {
  let two: TwoLeaders<AedesTestBroker>;
  let a: Leader;
  let b: Leader;
  let net: ReturnType<typeof outage>;
  // One live list per page (collectPageErrors keeps filling the array it returned).
  const errors: string[][] = [];

  beforeAll(async () => {
    two = await twoLeaders(startAedes);
    ({ a, b } = two);
    net = outage(two.broker);
    for (const l of [a, b]) errors.push(collectPageErrors(l.panel));
    await pair(a, b, GROUP, [MEMBER]);
    await startTogether(a, b, GROUP);
    for (const l of [a, b]) await waitForChannelLine(l.panel, GROUP, (s) => s.state === 'connected' && s.waiting === 0);
  });
  afterAll(async () => {
    await two?.close();
  });

  test(`${N} markers on each side while the broker is down arrive once each, in order`, async () => {
    await net.down();
    for (const l of [a, b]) {
      const line = await waitForChannelLine(l.panel, GROUP, (s) => notConnected(s.state));
      expect(line.text).toMatch(/Channel (offline|reconnecting|connecting)/);
    }

    // Both leaders keep working: N markers each, with a short note each, at the same time.
    const [onA, onB] = await Promise.all([markMany(a, 'A', 1, N), markMany(b, 'B', 1, N)]);

    // Each panel says it is not connected and how many messages wait: at least a mark and an edit per marker.
    for (const l of [a, b]) {
      const line = await waitForChannelLine(l.panel, GROUP, (s) => notConnected(s.state) && s.waiting >= 2 * N);
      expect(line.text).toMatch(new RegExp(`, ${line.waiting} waiting to send`));
    }
    // Nothing crossed while the broker was down.
    expect((await listed(a)).ids.filter((id) => onB.includes(id))).toEqual([]);
    expect((await listed(b)).ids.filter((id) => onA.includes(id))).toEqual([]);

    await net.up();
    // Connected again, nothing left to send, and each sees the other here.
    for (const l of [a, b])
      await waitForChannelLine(
        l.panel,
        GROUP,
        (s) => s.state === 'connected' && s.waiting === 0 && s.text.includes('Co-leader: here'),
        90_000,
      );
    for (const l of [a, b]) {
      await openView(l.panel, 'Session');
      await listsAtLeast(l.panel, 2 * N, 60_000);
    }
    // Give any late redelivery a chance to show up as a duplicate.
    await a.panel.waitForTimeout(1500);

    const [onASide, onBSide] = [await listed(a), await listed(b)];
    for (const side of [onASide, onBSide]) {
      expect(side.all).toHaveLength(2 * N);
      expect(side.unique.size).toBe(2 * N);
      expect([...side.unique].sort()).toEqual([...onA, ...onB].sort());
    }
    // The same list on both sides, line for line (same session clock, same texts).
    expect(onBSide.all.map(line)).toEqual(onASide.all.map(line));
    // Each leader's markers keep the order they were made in: newest first, on both sides.
    for (const side of [onASide, onBSide]) {
      expect(side.ids.filter((id) => onA.includes(id))).toEqual([...onA].reverse());
      expect(side.ids.filter((id) => onB.includes(id))).toEqual([...onB].reverse());
      const texts = (who: string) =>
        side.all.map((m) => /· ([AB]-\d\d)$/.exec(m.text.trim())?.[1]).filter((t) => t?.startsWith(who));
      expect(texts('A')).toEqual(Array.from({ length: N }, (_, i) => label('A', N - i)));
      expect(texts('B')).toEqual(Array.from({ length: N }, (_, i) => label('B', N - i)));
    }
  }, 240_000); // 2 × 50 markers typed on a 2-core machine, and up to 30 s of reconnect backoff

  test('markers made before a panel reload during an outage are sent once the broker is back', async () => {
    const R = 10;
    await net.down();
    await waitForChannelLine(a.panel, GROUP, (s) => notConnected(s.state));
    const made = await markMany(a, 'R', 1, R);
    await waitForChannelLine(a.panel, GROUP, (s) => s.waiting >= 2 * R);

    // The panel is reloaded: what waited was in IndexedDB, not in the page.
    await a.panel.reload();
    if (
      await a.panel
        .locator('#unlock-pass')
        .isVisible({ timeout: 5_000 })
        .catch(() => false)
    )
      await unlock(a.panel);
    await a.panel.waitForSelector('nav[aria-label="Panel"]');
    const waiting = await waitForChannelLine(a.panel, GROUP, (s) => notConnected(s.state) && s.waiting >= 2 * R);
    expect(waiting.text).toContain('waiting to send');

    await net.up();
    await waitForChannelLine(a.panel, GROUP, (s) => s.state === 'connected' && s.waiting === 0, 90_000);
    for (const l of [a, b]) {
      await openView(l.panel, 'Session');
      await listsAtLeast(l.panel, 2 * N + R, 60_000);
    }
    await b.panel.waitForTimeout(1500);

    const [onASide, onBSide] = [await listed(a), await listed(b)];
    for (const side of [onASide, onBSide]) {
      expect(side.all).toHaveLength(2 * N + R);
      expect(side.unique.size).toBe(2 * N + R);
      expect(side.ids.filter((id) => made.includes(id))).toEqual([...made].reverse());
    }
    expect(onBSide.all.map(line)).toEqual(onASide.all.map(line));
    expect(onBSide.all.filter((m) => made.includes(m.id)).map((m) => /· (R-\d\d)$/.exec(m.text.trim())?.[1])).toEqual(
      Array.from({ length: R }, (_, i) => label('R', R - i)),
    );
  }, 180_000);

  test('no page error on either side', () => {
    expect(errors.flat().filter((e) => !/WebSocket connection to .* failed/.test(e))).toEqual([]);
  });

  // The marker texts (A-01 …) are too short to search for without chance matches; the names are not.
  test('no name is readable in either profile or on the broker', async () => {
    await expectNoPlaintext({ chromium: [a.s, b.s], brokerCapture: two.capture, secrets: [GROUP, MEMBER] });
  });
});
