// The co-leader channel on both brokers it is meant to run on: the embedded
// Aedes and Debian's Mosquitto 2.0 (what a clinic runs), reached over
// Mosquitto's own websockets listener where a network namespace is allowed
// (see support/brokers.ts). Two leaders pair, a session started by A runs
// on B, a marker travels each way, the group note converges, markers still
// travel after the broker restarts (persistent sessions), and a raw
// subscriber on the broker sees no plaintext.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findMosquitto, startAedes, startMosquitto, type TestBroker } from './support/brokers';
import { leader, markWithText, markers, pair, startSession, type Leader } from './support/coleaders';
import { openView } from './support/panel';
import { captureBroker, expectNoPlaintext, type RawSubscriber } from './support/no-plaintext';

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
    let broker: TestBroker;
    let a: Leader;
    let b: Leader;
    let spy: mqtt.MqttClient;
    const seen: Buffer[] = [];
    let capture: RawSubscriber;

    beforeAll(async () => {
      broker = await start();
      capture = await captureBroker(broker.tcpUrl);
      if ('websocket' in broker) {
        const why = 'fallbackReason' in broker && broker.fallbackReason ? ` (${String(broker.fallbackReason)})` : '';
        console.info(`Mosquitto websockets: ${String(broker.websocket)}${why}`);
      }
      spy = await mqtt.connectAsync(broker.tcpUrl, { clientId: `spy-${tag}`, protocolVersion: 4 });
      // Everything the channel publishes is under sq/ (the embedded broker relays nothing else).
      await spy.subscribeAsync('sq/#', { qos: 1 });
      spy.on('message', (topic, payload) => seen.push(Buffer.from(topic), Buffer.from(payload)));
      a = await leader(broker.url);
      b = await leader(broker.url);
    });
    afterAll(async () => {
      await capture?.stop();
      await spy?.endAsync();
      await a?.s.close();
      await b?.s.close();
      await broker?.stop();
    });

    test('pair by invite; both show the same safety number', async () => {
      const [onA, onB] = await pair(a, b, GROUP, [MEMBER]);
      expect(onA).toMatch(/^(\d{5} ){11}\d{5}$/);
      expect(onB).toBe(onA);
    });

    test('a session started by A runs on B; a marker travels each way, once', async () => {
      await startSession(a, GROUP);
      await openView(b.panel, 'Session');
      await b.panel.waitForSelector('[role="timer"]', { timeout: 30_000 });
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

    test('the broker carried only opaque topics and ciphertext', () => {
      const all = Buffer.concat(seen);
      expect(seen.length).toBeGreaterThan(10);
      for (let i = 0; i < seen.length; i += 2) expect(seen[i]!.toString()).toMatch(/^sq\/v1\/[cj]\/[0-9a-f]{32}$/);
      for (const secret of [GROUP, MEMBER, A_TEXT, B_TEXT, A_NOTE, B_NOTE]) {
        expect(all.includes(Buffer.from(secret))).toBe(false);
        expect(all.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
      }
    });

    test('no name, marker text or note word is readable in either profile or on the broker', async () => {
      await expectNoPlaintext({
        chromium: [a.s, b.s],
        brokerCapture: capture,
        secrets: [GROUP, MEMBER, A_TEXT, B_TEXT, A_NOTE, B_NOTE, `${A_TEXT} again`, `${B_TEXT} again`],
      });
    });
  });
}
