// Attacks on the co-leader channel from the broker's side, and a changed key.
// Someone on the broker (here a raw MQTT client subscribed to sq/#) sees
// only same-size envelopes with nothing readable in them; replays the
// channel's recent envelopes, flips one bit of one, and sends an envelope
// sealed by an identity that was never paired under a key it made up. B
// refuses each, counts it under its reason in the Co-leaders view, and keeps working.
// Then B makes new keys: A's channel stops with a warning until A, having
// compared the new safety number aloud, trusts them; markers flow again.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeEvents } from '../../channel/events';
import { ENVELOPE_BYTES, newDeviceIdentity, sealEnvelope } from '../../crypto';
import type { EpochKey } from '../../crypto/types';
import { collectPageErrors } from '../support/chromium';
import { startAedes, type AedesTestBroker } from '../support/brokers';
import { leader, markWithText, markers, pair, refused, startTogether, type Leader } from '../support/coleaders';
import { openView } from '../support/panel';
import { expectNoPlaintext } from './support/no-plaintext';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Monday circle ${tag}`;
const MEMBER = `Alex Moreno${tag}`;

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const card = (l: Leader) => l.panel.locator(`section[aria-label="Co-leaders of ${GROUP}"]`);

/** Waits until a marker with this text is listed on the Session view. */
async function sees(l: Leader, text: string, timeout = 30_000): Promise<void> {
  await openView(l.panel, 'Session');
  await l.panel.locator('ul.markers > li button.link').filter({ hasText: text }).first().waitFor({ timeout });
}

async function marks(l: Leader, text: string): Promise<string> {
  await openView(l.panel, 'Session');
  return markWithText(l.panel, text);
}

/** The refused counts once they are at least `want` (the list refreshes every 2 s). */
async function refusedAtLeast(
  l: Leader,
  want: Record<string, number>,
  timeoutMs = 30_000,
): Promise<Record<string, number>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const now = await refused(l.panel, GROUP);
    if (Object.entries(want).every(([k, n]) => (now[k] ?? 0) >= n)) return now;
    if (Date.now() > end)
      throw new Error(`Refused counts stayed at ${JSON.stringify(now)}, wanted at least ${JSON.stringify(want)}`);
    await l.panel.waitForTimeout(300);
  }
}

describe('attacks on the channel', () => {
  let broker: AedesTestBroker;
  let a: Leader;
  let b: Leader;
  let spy: mqtt.MqttClient;
  const captured: { topic: string; payload: Buffer }[] = [];
  // One live list per page (collectPageErrors keeps filling the array it returned).
  const errors: string[][] = [];
  let aDevice = '';

  beforeAll(async () => {
    broker = await startAedes();
    spy = await mqtt.connectAsync(broker.tcpUrl, { clientId: `attacker-${tag}`, protocolVersion: 4 });
    spy.on('message', (topic, payload) => captured.push({ topic, payload: Buffer.from(payload) }));
    await spy.subscribeAsync('sq/#', { qos: 1 });
    a = await leader(broker.url);
    b = await leader(broker.url);
    for (const l of [a, b]) errors.push(collectPageErrors(l.panel));
    await pair(a, b, GROUP, [MEMBER]);
    // B's card names A's device (and A's card B's): ids that must never show on the broker.
    aDevice = (await card(b).locator('[data-coleader]').first().getAttribute('data-coleader'))!;
    expect(aDevice).toMatch(/^[0-9a-f]{32}$/);
    await startTogether(a, b, GROUP);
  });
  afterAll(async () => {
    await spy?.endAsync();
    await a?.s.close();
    await b?.s.close();
    await broker?.stop();
  });

  test('replayed, tampered and stranger’s envelopes are refused and counted; the channel keeps working', async () => {
    const text = `real marker ${tag}`;
    await marks(a, text);
    await sees(b, text);
    // The channel's envelopes so far (the spy cannot tell whose they are).
    const channelEnvelopes = captured.filter((m) => m.topic.startsWith('sq/v1/c/'));
    expect(channelEnvelopes.length).toBeGreaterThan(0);
    // Those of the current epoch (the latest envelope's topic): during the session most are decoys, which B
    // drops before any replay check. Earlier epochs' envelopes no longer open on B once it erased their keys.
    const real = channelEnvelopes.at(-1)!;
    const recent = channelEnvelopes.filter((m) => m.topic === real.topic);
    const before = await refused(b.panel, GROUP);
    const count = (r: Record<string, number>, k: string) => r[k] ?? 0;

    // 1. The same bytes again: B refuses A's as replays (its own and decoys it drops).
    for (const m of recent) await spy.publishAsync(m.topic, m.payload, { qos: 1 });
    // 2. One bit flipped inside the box.
    const tampered = Buffer.from(real.payload);
    const at = 24 + 20;
    tampered[at] = tampered[at]! ^ 0x04;
    await spy.publishAsync(real.topic, tampered, { qos: 1 });
    // 3. A well-formed envelope from a device that was never paired, under a key it made up.
    const stranger = newDeviceIdentity();
    const [forged] = sealEnvelope({
      channelId: hex(crypto.getRandomValues(new Uint8Array(16))),
      sender: stranger,
      epoch: 1,
      counter: 1,
      epochKey: crypto.getRandomValues(new Uint8Array(32)) as EpochKey,
      payload: encodeEvents([{ t: 'presence', state: 'here', at: 1 }]),
      messageKeys: [crypto.getRandomValues(new Uint8Array(32))],
    });
    await spy.publishAsync(real.topic, Buffer.from(forged!), { qos: 1 });

    const after = await refusedAtLeast(b, {
      replay: count(before, 'replay') + 1,
      tampered: count(before, 'tampered') + 2,
    });
    // The tampered and the forged one counted as what does not open; nothing else was refused.
    expect(count(after, 'tampered') - count(before, 'tampered')).toBe(2);
    expect(count(after, 'replay') - count(before, 'replay')).toBeGreaterThanOrEqual(1);
    expect(count(after, 'replay') - count(before, 'replay')).toBeLessThanOrEqual(recent.length);
    // Envelopes A sent before B joined are new to B's window: a roster among them is refused as older
    // than the one B has ('stale-roster'); their other events are idempotent. Nothing else was refused.
    const reasons = ['replay', 'tampered', 'stale-roster'];
    expect(Object.keys(after).filter((k) => !reasons.includes(k) && after[k] !== before[k])).toEqual([]);
    // The user sees the reasons in the Co-leaders view.
    await card(b).locator('summary:has-text("Refused messages")').click();
    for (const reason of ['replay', 'tampered'])
      await expect(card(b).locator(`ul.diagnostics > li[data-reason="${reason}"]`).isVisible()).resolves.toBe(true);

    // The real marker is there once; the channel still carries new markers both ways.
    await sees(b, text);
    expect((await markers(b.panel)).filter((m) => m.text.includes(text))).toHaveLength(1);
    const next = `after the attack ${tag}`;
    await marks(a, next);
    await sees(b, next);
    const back = `answer after the attack ${tag}`;
    await marks(b, back);
    await sees(a, back);
    for (const l of [a, b]) await expect(l.panel.locator('nav[aria-label="Panel"]').isVisible()).resolves.toBe(true);
  });

  test('new keys on B stop A’s channel until A trusts them after comparing the new safety number', async () => {
    await openView(a.panel, 'Co-leaders');
    const oldNumber = (await card(a).locator('[data-coleader] [data-safety-number]').first().textContent())!;
    await openView(b.panel, 'Co-leaders');
    await b.panel.click('button:has-text("Make new keys")');

    // A is warned, with the new number to compare.
    await openView(a.panel, 'Co-leaders');
    const alert = card(a).locator('[role="alert"]');
    await alert.waitFor({ timeout: 30_000 });
    await expect(alert.textContent()).resolves.toMatch(/security keys changed/i);
    const shownOnA = (await alert.locator('[data-safety-number]').textContent())!;
    expect(shownOnA).toMatch(/^(\d{5} ){11}\d{5}$/);
    expect(shownOnA).not.toBe(oldNumber);
    // B's screen shows the same new number for A.
    await openView(b.panel, 'Co-leaders');
    await expect
      .poll(() => card(b).locator('[data-coleader] [data-safety-number]').first().textContent(), { timeout: 10_000 })
      .toBe(shownOnA);

    // While A has not trusted the new keys, B's markers are refused, not applied.
    const blockedBefore = (await refused(a.panel, GROUP)).blocked ?? 0;
    const during = `B while blocked ${tag}`;
    await marks(b, during);
    const duringOnA = `A while blocked ${tag}`;
    await marks(a, duringOnA);
    await refusedAtLeast(a, { blocked: blockedBefore + 1 });
    await sees(a, duringOnA); // A's list is up, and B's marker is not in it
    expect((await markers(a.panel)).filter((m) => m.text.includes(during))).toEqual([]);

    // A compares the number aloud with B and trusts the new keys.
    await openView(a.panel, 'Co-leaders');
    await card(a).locator('button:has-text("It matches: trust the new keys")').click();
    await alert.waitFor({ state: 'detached', timeout: 10_000 });
    await expect(card(a).locator('[data-coleader] [data-safety-number]').first().textContent()).resolves.toBe(shownOnA);
    await card(a).locator('[data-coleader] [data-verified]').waitFor();

    // Markers flow again, both ways.
    const after = `after trusting ${tag}`;
    await marks(b, after);
    await sees(a, after);
    const answer = `answer after trusting ${tag}`;
    await marks(a, answer);
    await sees(b, answer);
    // What either marked while A's channel was stopped was not lost: it crosses once A trusts the keys.
    await sees(a, during);
    const onA = await markers(a.panel);
    await sees(b, duringOnA);
    const onB = await markers(b.panel);
    expect(onA.filter((m) => m.text.includes(during))).toHaveLength(1);
    expect(onB.filter((m) => m.text.includes(duringOnA))).toHaveLength(1);
    // Both sides list the same markers, once each.
    expect(onB.map((m) => m.id)).toEqual(onA.map((m) => m.id));
    expect(new Set(onA.map((m) => m.id)).size).toBe(onA.length);
    // The key change was refused as 'blocked' only, never reported as a forgery.
    expect(await refused(a.panel, GROUP)).not.toHaveProperty('bad-signature');
    // B's old key endorsed the new one: the change was not taken for a forgery.
    expect(await refused(a.panel, GROUP)).not.toHaveProperty('unendorsed-key-change');
  });

  test('on the channel topics the broker sees one envelope size, one prefix, and no device id', async () => {
    const bDevice = (await card(a).locator('[data-coleader]').first().getAttribute('data-coleader'))!;
    const channel = captured.filter((m) => m.topic.startsWith('sq/v1/c/'));
    expect(channel.length).toBeGreaterThan(10);
    // Hellos, markers, presence, digests and resync answers alike.
    expect(new Set(channel.map((m) => m.payload.length))).toEqual(new Set([ENVELOPE_BYTES]));
    const prefixes = new Set(channel.map((m) => m.topic.split('/').slice(0, 4).join('/')));
    expect(prefixes.size).toBe(1);
    // A topic per epoch: the first (commits and prekeys), the one opened for the pair, the session's, and the
    // one opened when B's new keys were trusted.
    expect(new Set(channel.map((m) => m.topic)).size).toBeGreaterThanOrEqual(4);
    for (const m of channel) expect(m.topic).toMatch(/^sq\/v1\/c\/[0-9a-f]{32}\/[0-9a-f]{32}$/);
    for (const id of [aDevice, bDevice]) {
      const raw = Buffer.from(id, 'hex');
      for (const m of channel) {
        expect(m.payload.includes(raw)).toBe(false);
        expect(m.payload.includes(Buffer.from(id))).toBe(false);
        expect(m.topic.includes(id)).toBe(false);
      }
    }
  });

  test('no error page and no page error on either side', async () => {
    for (const l of [a, b]) await expect(l.panel.locator('nav[aria-label="Panel"]').isVisible()).resolves.toBe(true);
    expect(errors.flat()).toEqual([]);
  });

  test('no name or marker text is readable in either profile or on the broker', async () => {
    const texts = [
      `real marker ${tag}`,
      `after the attack ${tag}`,
      `answer after the attack ${tag}`,
      `B while blocked ${tag}`,
      `A while blocked ${tag}`,
      `after trusting ${tag}`,
      `answer after trusting ${tag}`,
    ];
    await expectNoPlaintext({
      chromium: [a.s, b.s],
      brokerCapture: { messages: captured },
      secrets: [GROUP, MEMBER, ...texts],
    });
  });
});
