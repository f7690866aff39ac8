// The channel engine tells its status listeners only what changed: every
// envelope works presence out again, and the panel answers each notice with
// store reads, so a co-leader's repeated "here" must not reach them. A real
// engine on the embedded broker, a co-leader's real envelopes.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelEngine, type ChannelStatus } from '../../../channel/engine';
import { topicOf } from '../../../channel/epochs';
import { encodeEvents } from '../../../channel/events';
import { keyOf } from '../../../channel/state';
import { FIRST_EPOCH, controlMessageKey, epochKey, newDeviceIdentity, sealEnvelopeAsync } from '../../../crypto';
import { startAedes, type AedesTestBroker } from '../../support/brokers';
import { deviceWithChannel } from './fake-transport';

describe('the channel engine status', () => {
  let broker: AedesTestBroker;
  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(() => broker?.stop());

  it('is told to listeners when it changes, not for every envelope', async () => {
    const other = newDeviceIdentity();
    const { repo, channel } = await deviceWithChannel({
      others: [other],
      channel: { brokerUrl: broker.url },
    });
    const engine = new ChannelEngine(channel.channelId, {
      repo,
      applier: () => {
        throw new Error('no data events in this test');
      },
      snapshot: async () => [],
      roster: async () => undefined,
      openSessions: async () => [],
      mqtt,
    });
    const heard: ChannelStatus[] = [];
    let wake: () => void = () => undefined;
    engine.onStatus((s) => {
      heard.push(s);
      wake();
    });
    const until = (ok: () => boolean) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not within 10 s: ${JSON.stringify(heard.at(-1))}`)), 10_000);
        const check = () => (ok() ? (clearTimeout(timer), resolve()) : (wake = check));
        check();
      });
    await engine.start();
    const co = await mqtt.connectAsync(broker.url, { clientId: `co-${process.pid}`, protocolVersion: 4 });
    try {
      await until(() => heard.at(-1)?.state === 'connected');
      let counter = 0;
      const presence = async (state: 'here' | 'away') => {
        const [envelope] = await sealEnvelopeAsync({
          channelId: channel.channelId,
          sender: other,
          epoch: FIRST_EPOCH,
          counter: ++counter,
          epochKey: epochKey(keyOf(channel), FIRST_EPOCH),
          payload: encodeEvents([{ t: 'presence', state, at: Date.now() }]),
          messageKeys: [controlMessageKey(epochKey(keyOf(channel), FIRST_EPOCH), other.deviceId, counter)],
        });
        await co.publishAsync(topicOf(keyOf(channel), FIRST_EPOCH), Buffer.from(envelope!), { qos: 1 });
      };
      await presence('here');
      await until(() => heard.at(-1)?.presence[other.deviceId] === 'here');
      // On connecting, the inviter opens the channel's first fresh epoch and asks for a resync: through the outbox.
      await until(() => engine.epoch() > FIRST_EPOCH && heard.at(-1)?.waiting === 0);
      await new Promise((r) => setTimeout(r, 500));
      await until(() => heard.at(-1)?.waiting === 0);
      const before = heard.length;
      for (let i = 0; i < 5; i++) await presence('here');
      // Envelopes are handled in arrival order: once 'away' is heard, the five before it were handled.
      await presence('away');
      await until(() => heard.at(-1)?.presence[other.deviceId] === 'away');
      // Each notice differs from the one before it (the outbox count may change meanwhile: that is news).
      const notices = heard.slice(before - 1);
      for (let i = 1; i < notices.length; i++) expect(notices[i]).not.toEqual(notices[i - 1]);
      expect(notices.length).toBeLessThan(5);
    } finally {
      await co.endAsync();
      await engine.stop();
    }
  });
});
