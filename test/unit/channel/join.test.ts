// The joiner's handshake against the real embedded broker, when the
// inviter's panel subscribes to the join topic only after the joiner's
// first request went by (the invite is shown before the new channel has
// connected): the broker keeps nothing for a topic nobody subscribed to,
// so the joiner must ask again.
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { joinWithInvite } from '../../../channel/join';
import {
  createInvite,
  encodeInvite,
  fieldCipher,
  joinAccept,
  joinMessageKind,
  joinTopic,
  newChannelId,
  newChannelKey,
  newDeviceIdentity,
  newVaultKey,
  openJoinRequest,
  publicIdentity,
} from '../../../crypto';
import { ChannelRepo } from '../../../storage/channel-repo';
import { SquircleDb } from '../../../storage/db';
import { startAedes, type AedesTestBroker } from '../../support/brokers';

let broker: AedesTestBroker;
beforeAll(async () => {
  broker = await startAedes();
});
afterAll(async () => {
  await broker?.stop();
});

it('joins when the inviter starts listening only after the first request went by', async () => {
  const inviter = newDeviceIdentity();
  const channelKey = newChannelKey();
  const invite = createInvite({ inviter, brokerUrl: broker.url, channelId: newChannelId(), now: Date.now() });
  const topic = `sq/v1/j/${joinTopic(invite)}`;

  // Someone already on the topic sees the first request; the inviter is not subscribed yet.
  const watcher = await mqtt.connectAsync(broker.tcpUrl, { clientId: `watcher-${process.pid}`, protocolVersion: 4 });
  await watcher.subscribeAsync(topic, { qos: 1 });
  const firstRequest = new Promise<void>((res) =>
    watcher.on('message', (_t, p) => joinMessageKind(new Uint8Array(p)) === 'request' && res()),
  );

  const repo = new ChannelRepo(new SquircleDb(`join-${crypto.randomUUID()}`), fieldCipher(newVaultKey()));
  const joining = joinWithInvite(repo, encodeInvite(invite), mqtt);
  await firstRequest;

  // Only now does the inviter's channel connect and subscribe; it answers the first request it gets.
  const host = await mqtt.connectAsync(broker.tcpUrl, {
    clientId: `inviter-${process.pid}`,
    protocolVersion: 4,
    clean: false,
  });
  let answered = 0;
  host.on('message', (_t, payload) => {
    const bytes = new Uint8Array(payload);
    if (joinMessageKind(bytes) !== 'request' || answered++) return;
    const joiner = openJoinRequest(invite, inviter, bytes, Date.now());
    void host.publishAsync(
      topic,
      Buffer.from(joinAccept({ invite, inviter, joiner, channelKey, members: [publicIdentity(inviter)] })),
      {
        qos: 1,
      },
    );
  });
  await host.subscribeAsync(topic, { qos: 1 });

  const record = await joining;
  expect(record.channelId).toBe(invite.channelId);
  expect(record.members.map((m) => m.deviceId)).toContain(inviter.deviceId);
  expect(await repo.channel(invite.channelId)).toEqual(record);
  expect(answered).toBeGreaterThanOrEqual(1);
  await watcher.endAsync();
  await host.endAsync();
}, 20_000);
