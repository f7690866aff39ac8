// The co-leader channel on both brokers it is meant to run on: the embedded
// Aedes and Debian's Mosquitto 2.0 (what a clinic runs), reached over
// Mosquitto's own websockets listener where a network namespace is allowed
// (see test/support/brokers.ts). Two leaders pair, a session started by A runs
// on B, a marker travels each way, the group note converges, markers still
// travel after the broker restarts (persistent sessions), and a raw
// subscriber on the broker sees no plaintext.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findMosquitto, startAedes, startMosquitto, type TestBroker } from '../support/brokers';
import {
  markWithText,
  markers,
  pair,
  startTogether,
  twoLeaders,
  type Leader,
  type TwoLeaders,
} from '../support/coleaders';
import { expectNoPlaintext } from './support/no-plaintext';

const missing = !findMosquitto();
// CI installs Mosquitto (.ci/run): there, a missing one is a failure, not a skip.
if (missing && process.env.CI) {
  throw new Error(
    'Mosquitto is not installed, and CI must test the channel on it: ' +
      'apt-get install mosquitto (or set SQUIRCLE_MOSQUITTO=/path/to/mosquitto).',
  );
}
if (missing)
  console.warn(
    'Mosquitto is not installed: the channel journey on Mosquitto is skipped here ' +
      '(apt-get install mosquitto). CI runs it.',
  );

const BROKERS: { name: string; start: () => Promise<TestBroker>; skip: boolean }[] = [
  { name: 'the embedded Aedes', start: () => startAedes(), skip: false },
  { name: "Debian's Mosquitto", start: () => startMosquitto(), skip: missing },
];

for (const { name, start, skip } of BROKERS) {
  describe.skipIf(skip)(`the channel on ${name}`, () => {
    const tag = Math.random().toString(36).slice(2, 7);
    const GROUP = `Tuesday circle ${tag}`;
    const MEMBER = `Riley Quinn${tag}`;
    const A_TEXT = `looked away ${tag}`;
    const B_TEXT = `laughed nervously ${tag}`;
    const A_NOTE = `trust building ${tag}`;
    const B_NOTE = `follow up with Riley ${tag}`;
    let two: TwoLeaders<TestBroker>;
    let broker: TestBroker;
    let a: Leader;
    let b: Leader;

    beforeAll(async () => {
      two = await twoLeaders(start);
      ({ broker, a, b } = two);
      if ('websocket' in broker) {
        const why = 'fallbackReason' in broker && broker.fallbackReason ? ` (${String(broker.fallbackReason)})` : '';
        console.info(`Mosquitto websockets: ${String(broker.websocket)}${why}`);
      }
    });
    afterAll(async () => {
      await two?.close();
    });

    test('pair by invite; both show the same safety number', async () => {
      const [onA, onB] = await pair(a, b, GROUP, [MEMBER]);
      expect(onA).toMatch(/^(\d{5} ){11}\d{5}$/);
      expect(onB).toBe(onA);
    });

    test('a session started by A runs on B; a marker travels each way, once', async () => {
      await startTogether(a, b, GROUP);
      const fromA = await markWithText(a.panel, A_TEXT);
      await b.panel
        .locator(`ul.markers > li[data-marker-id="${fromA}"]`)
        .filter({ hasText: A_TEXT })
        .waitFor({ timeout: 30_000 });
      const fromB = await markWithText(b.panel, B_TEXT);
      await a.panel
        .locator(`ul.markers > li[data-marker-id="${fromB}"]`)
        .filter({ hasText: B_TEXT })
        .waitFor({ timeout: 30_000 });
      for (const p of [a.panel, b.panel])
        expect((await markers(p)).map((m) => m.id).sort()).toEqual([fromA, fromB].sort());
    });

    test('both leaders write the group note; it converges on both sides', async () => {
      await a.panel.click('[role="tab"]:has-text("Note")');
      await b.panel.click('[role="tab"]:has-text("Note")');
      await a.panel.fill('textarea[data-field="themes"]', A_NOTE);
      await b.panel.fill('textarea[data-field="plan"]', B_NOTE);
      for (const p of [a.panel, b.panel]) {
        await expect.poll(() => p.inputValue('textarea[data-field="themes"]'), { timeout: 30_000 }).toBe(A_NOTE);
        await expect.poll(() => p.inputValue('textarea[data-field="plan"]'), { timeout: 30_000 }).toBe(B_NOTE);
      }
    });

    test('after the broker restarts, markers still travel each way, once', async () => {
      await broker.restart();
      for (const p of [a.panel, b.panel]) await p.click('[role="tab"]:has-text("Markers")');
      // Made while the channel may still be reconnecting: they wait in the outbox.
      const fromA = await markWithText(a.panel, `${A_TEXT} again`);
      const fromB = await markWithText(b.panel, `${B_TEXT} again`);
      await b.panel
        .locator(`ul.markers > li[data-marker-id="${fromA}"]`)
        .filter({ hasText: `${A_TEXT} again` })
        .waitFor({ timeout: 60_000 });
      await a.panel
        .locator(`ul.markers > li[data-marker-id="${fromB}"]`)
        .filter({ hasText: `${B_TEXT} again` })
        .waitFor({ timeout: 60_000 });
      for (const p of [a.panel, b.panel]) {
        const ids = (await markers(p)).map((m) => m.id);
        expect(ids).toHaveLength(4);
        expect(new Set(ids).size).toBe(4);
      }
    });

    test('the broker carried only opaque topics', () => {
      // Everything the channel publishes is under sq/, so the capture is all of it.
      expect(two.capture.messages.length).toBeGreaterThan(5);
      // Join topics, and channel topics of an opaque prefix and an epoch part.
      for (const m of two.capture.messages)
        expect(m.topic).toMatch(/^sq\/v1\/(j\/[0-9a-f]{32}|c\/[0-9a-f]{32}\/[0-9a-f]{32})$/);
    });

    test('no name, marker text or note word is readable in either profile or on the broker', async () => {
      await expectNoPlaintext({
        chromium: [a.s, b.s],
        brokerCapture: two.capture,
        secrets: [GROUP, MEMBER, A_TEXT, B_TEXT, A_NOTE, B_NOTE, `${A_TEXT} again`, `${B_TEXT} again`],
      });
    });
  });
}
