// One leader with the panel open twice (two windows of one profile): the
// co-leader channel runs in one page only (a Web Lock per channel), the
// other says so, and what it marks still reaches the co-leader. Two engines
// would share one MQTT client id and knock each other off the broker. When
// the first page closes, the second takes the channel over.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAedes, type AedesTestBroker } from '../support/brokers';
import {
  channelLine,
  markers,
  pair,
  startTogether,
  twoLeaders,
  waitForChannelLine,
  type Leader,
  type TwoLeaders,
} from '../support/coleaders';
import { openView } from '../support/panel';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Two windows ${tag}`;
const MEMBER = `Rowan Adair${tag}`;

describe('one leader with two panels, one co-leader', () => {
  let two: TwoLeaders<AedesTestBroker>;
  let a: Leader;
  let b: Leader;
  let a2: Page;

  /** Clicks Mark in `p`'s Session view; returns the new marker's id. */
  const mark = async (p: Page): Promise<string> => {
    await openView(p, 'Session');
    const before = new Set((await markers(p)).map((m) => m.id));
    await p.click('button.big:has-text("Mark")');
    let id: string | undefined;
    await expect
      .poll(async () => (id = (await markers(p)).map((m) => m.id).find((x) => !before.has(x))), { timeout: 10_000 })
      .toBeDefined();
    return id!;
  };
  const listedOnB = (id: string) =>
    expect.poll(async () => (await markers(b.panel)).some((m) => m.id === id), { timeout: 30_000 }).toBe(true);

  beforeAll(async () => {
    two = await twoLeaders(startAedes);
    ({ a, b } = two);
    await pair(a, b, GROUP, [MEMBER]);
    await startTogether(a, b, GROUP);
  });
  afterAll(async () => {
    await two?.close();
  });

  test('a second panel says the channel runs in another window, and the first stays connected', async () => {
    a2 = await a.s.context.newPage();
    await a2.goto(a.s.extUrl('sidepanel.html'));
    const line = await waitForChannelLine(a2, GROUP, (l) => l.state === 'elsewhere', 30_000);
    expect(line.text).toContain('running in another Squircle window');
    // Two engines on one client id would knock each other off within a second or two.
    const states = new Set<string>();
    for (let i = 0; i < 24; i++) {
      states.add((await channelLine(a.panel, GROUP)).state);
      await a.panel.waitForTimeout(250);
    }
    expect([...states]).toEqual(['connected']);
    expect((await channelLine(a2, GROUP)).state).toBe('elsewhere');
  });

  test('a marker made in the second panel reaches the co-leader, sent by the first', async () => {
    await listedOnB(await mark(a2));
  });

  test('when the first panel closes, the second runs the channel and its markers still arrive', async () => {
    await a.panel.close();
    await waitForChannelLine(a2, GROUP, (l) => l.state === 'connected', 30_000);
    await listedOnB(await mark(a2));
  });
});
