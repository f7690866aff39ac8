// Cover traffic as the broker sees it. A raw client subscribed to sq/#
// counts each device's envelopes during a live session over two equal
// windows: one in which the leaders mark nothing and one in which each of
// them marks ten times. The counts are the same: a marker leaves at once and
// takes the place of a decoy, and the channel's upkeep (digests, presence)
// waits for a free point instead of adding envelopes.
//
// The panels run with a cover interval of 500 ms (the test-only localStorage
// setting TEST_COVER_INTERVAL_KEY of channel/cover.ts;
// only ever shorter than the 5 s default) and a window is 24 intervals, so
// each "minute" here takes 12 s. The subscriber cannot tell devices apart
// (the sender is sealed); each captured envelope is matched to the panel
// page whose WebSocket sent its bytes.
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENVELOPE_BYTES } from '../../crypto';
import { TEST_COVER_INTERVAL_KEY } from '../../channel/cover';
import { startAedes, type AedesTestBroker } from '../support/brokers';
import { collectPageErrors } from '../support/chromium';
import { leader, markers, pair, startTogether, type Leader } from '../support/coleaders';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Cover circle ${tag}`;
const INTERVAL_MS = 500;
const POINTS = 24;
const WINDOW_MS = POINTS * INTERVAL_MS;
const MARKERS = 10;
/** Markers one after another, a little more than an interval apart (as a leader marking often would). */
const MARK_EVERY_MS = 600;

interface Seen {
  at: number;
  nonce: Buffer;
}

/** What each panel page's WebSocket sent, to tell whose envelope the broker relayed. */
function framesOf(page: Page): Buffer[] {
  const frames: Buffer[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => frames.push(typeof f.payload === 'string' ? Buffer.from(f.payload) : f.payload)),
  );
  return frames;
}

/** Clicks Mark in the Session view; returns the time just before the click. */
const clickMark = (p: Page): Promise<number> =>
  p.evaluate(() => {
    const mark = [...document.querySelectorAll<HTMLButtonElement>('button.big')].find(
      (b) => b.textContent?.trim() === 'Mark',
    );
    if (!mark) throw new Error('no Mark button on the Session view');
    const at = Date.now();
    mark.click();
    return at;
  });

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

describe('cover traffic during a session', () => {
  let broker: AedesTestBroker;
  let a: Leader;
  let b: Leader;
  let spy: mqtt.MqttClient;
  const seen: Seen[] = [];
  const frames: Record<'a' | 'b', Buffer[]> = { a: [], b: [] };
  const errors: string[][] = [];

  beforeAll(async () => {
    broker = await startAedes();
    spy = await mqtt.connectAsync(broker.tcpUrl, { clientId: `counter-${tag}`, protocolVersion: 4 });
    spy.on('message', (topic, payload) => {
      // Channel envelopes only (the join topic carries the pairing's messages).
      if (!topic.startsWith('sq/v1/j/') && payload.length === ENVELOPE_BYTES)
        seen.push({ at: Date.now(), nonce: Buffer.from(payload.subarray(0, 24)) });
    });
    await spy.subscribeAsync('sq/#', { qos: 0 });
    a = await leader(broker.url);
    b = await leader(broker.url);
    for (const [k, l] of [
      ['a', a],
      ['b', b],
    ] as const) {
      errors.push(collectPageErrors(l.panel));
      await l.panel.evaluate(([key, ms]) => localStorage.setItem(key, ms), [
        TEST_COVER_INTERVAL_KEY,
        String(INTERVAL_MS),
      ] as const);
      frames[k] = framesOf(l.panel);
    }
    await pair(a, b, GROUP, ['Sam Okafor']);
    await startTogether(a, b, GROUP);
  });
  afterAll(async () => {
    await spy?.endAsync();
    await a?.s.close();
    await b?.s.close();
    await broker?.stop();
  });

  test('each device sends as many envelopes in a window with ten markers as in one without', async () => {
    const whose = (s: Seen): 'a' | 'b' | undefined =>
      frames.a.some((f) => f.includes(s.nonce)) ? 'a' : frames.b.some((f) => f.includes(s.nonce)) ? 'b' : undefined;
    // The session's start settles (resync answers, first digests), then each device's points show its phase.
    await sleepUntil(Date.now() + 6_000);
    const since = Date.now() - 3_000;
    const recent = seen.filter((s) => s.at >= since);
    console.log(
      `last 3 s: ${recent.length} envelopes, a ${recent.filter((s) => whose(s) === 'a').length}, ` +
        `b ${recent.filter((s) => whose(s) === 'b').length}; frames sent a ${frames.a.length}, b ${frames.b.length}; ` +
        `sizes ${frames.a.slice(-5).map((f) => f.length)}`,
    );
    const phase = (d: 'a' | 'b'): number => {
      const mods = seen
        .filter((s) => s.at >= since && whose(s) === d)
        .map((s) => s.at % INTERVAL_MS)
        .sort((x, y) => x - y);
      expect(mods.length, `points of ${d} in the last 3 s`).toBeGreaterThanOrEqual(4);
      return mods[Math.floor(mods.length / 2)]!;
    };
    // Each device's windows start half an interval after one of its points, so none falls on an edge.
    const start0 = Date.now() + 1_000;
    const startOf = (d: 'a' | 'b') => {
      const t = start0 - (start0 % INTERVAL_MS) + phase(d) + INTERVAL_MS / 2;
      return t < start0 ? t + INTERVAL_MS : t;
    };
    const start = { a: startOf('a'), b: startOf('b') };
    const marking = Math.max(start.a, start.b) + WINDOW_MS + 2 * INTERVAL_MS;
    const end = Math.max(start.a, start.b) + 2 * WINDOW_MS + 1_000;

    // First window: nothing marked. Second: ten markers on each side, A and B in turn.
    await sleepUntil(marking);
    const clicks: { a: number[]; b: number[] } = { a: [], b: [] };
    for (let i = 0; i < MARKERS; i++) {
      await sleepUntil(marking + i * MARK_EVERY_MS);
      clicks.a.push(await clickMark(a.panel));
      await sleepUntil(marking + i * MARK_EVERY_MS + MARK_EVERY_MS / 2);
      clicks.b.push(await clickMark(b.panel));
    }
    expect(Math.max(...clicks.a, ...clicks.b)).toBeLessThan(
      Math.min(start.a, start.b) + 2 * WINDOW_MS - 4 * INTERVAL_MS,
    );
    await sleepUntil(end);

    const count = (d: 'a' | 'b', from: number) =>
      seen.filter((s) => s.at >= from && s.at < from + WINDOW_MS && whose(s) === d).length;
    const counts = {
      a: [count('a', start.a), count('a', start.a + WINDOW_MS)],
      b: [count('b', start.b), count('b', start.b + WINDOW_MS)],
    };
    console.log(`envelopes per window of ${POINTS} points, quiet then ten markers each: ${JSON.stringify(counts)}`);
    expect(counts.a).toEqual([POINTS, POINTS]);
    expect(counts.b).toEqual([POINTS, POINTS]);
    // Every envelope the counter saw was sent by one of the two pages.
    expect(seen.filter((s) => s.at >= start.a && s.at < end && !whose(s))).toEqual([]);

    // Markers left at once: each click is followed by an envelope of that side sooner than a point would come.
    for (const d of ['a', 'b'] as const) {
      const delays = clicks[d].map((c) =>
        Math.min(...seen.filter((s) => s.at >= c && whose(s) === d).map((s) => s.at - c)),
      );
      console.log(`${d}: click to its next envelope at the broker, ms: ${delays.join(', ')}`);
      delays.sort((x, y) => x - y);
      expect(delays[Math.floor(delays.length / 2)]).toBeLessThan(INTERVAL_MS / 2);
    }
    // And the other side lists them all.
    const listed = async (p: Page) => (await markers(p)).length;
    await expect.poll(() => listed(a.panel), { timeout: 15_000 }).toBe(2 * MARKERS);
    await expect.poll(() => listed(b.panel), { timeout: 15_000 }).toBe(2 * MARKERS);
    expect(errors.flat()).toEqual([]);
  });
});
