// The joiner's handshake against the real embedded broker, when the
// inviter's panel subscribes to the join topic only after the joiner's
// first request went by (the invite is shown before the new channel has
// connected): the broker keeps nothing for a topic nobody subscribed to,
// so the joiner must ask again. And with the invite but another code, the
// join stops at the inviter's challenge and stores nothing.
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JoinError, joinWithInvite } from '../../../channel/join';
import {
  answerPairing,
  checkJoinConfirm,
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
  type DeviceIdentity,
  type Invite,
  type InviterPairing,
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

const CODE = '562 018';

/** The inviter's side on a raw connection: challenges each new request (code 562018), accepts a proven one. */
async function inviterOn(topic: string, invite: Invite, inviter: DeviceIdentity, channelKey: Uint8Array) {
  const host = await mqtt.connectAsync(broker.tcpUrl, {
    clientId: `inviter-${crypto.randomUUID()}`,
    protocolVersion: 4,
    clean: false,
  });
  const counts = { requests: 0, accepts: 0 };
  let pairing: InviterPairing | undefined;
  const send = (bytes: Uint8Array) => void host.publishAsync(topic, Buffer.from(bytes), { qos: 1 });
  host.on('message', (_t, payload) => {
    const bytes = new Uint8Array(payload);
    const kind = joinMessageKind(bytes);
    if (kind === 'request' && !pairing) {
      counts.requests++;
      pairing = answerPairing(invite, inviter, openJoinRequest(invite, inviter, bytes, Date.now()), CODE);
      send(pairing.challenge);
    } else if (kind === 'request') send(pairing!.challenge);
    else if (kind === 'confirm' && pairing) {
      checkJoinConfirm(invite, pairing, bytes);
      counts.accepts++;
      send(
        joinAccept({
          invite,
          inviter,
          joiner: pairing.joiner,
          channelKey: channelKey as never,
          members: [publicIdentity(inviter)],
          pairingKey: pairing.pairingKey,
        }),
      );
    }
  });
  return { host, counts };
}

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
  const joining = joinWithInvite(repo, encodeInvite(invite), CODE, mqtt);
  await firstRequest;

  // Only now does the inviter's channel connect and subscribe; it answers the first request it gets.
  const { host, counts } = await inviterOn(topic, invite, inviter, channelKey);
  await host.subscribeAsync(topic, { qos: 1 });

  const record = await joining;
  expect(record.channelId).toBe(invite.channelId);
  expect(record.members.map((m) => m.deviceId)).toContain(inviter.deviceId);
  expect(await repo.channel(invite.channelId)).toEqual(record);
  expect(record.verified).toEqual({ [inviter.deviceId]: publicIdentity(inviter).signPk });
  expect(counts).toEqual({ requests: 1, accepts: 1 });
  await watcher.endAsync();
  await host.endAsync();
}, 20_000);

it('with the invite but another code: stops at the challenge, says the code differs, stores nothing', async () => {
  const inviter = newDeviceIdentity();
  const invite = createInvite({ inviter, brokerUrl: broker.url, channelId: newChannelId(), now: Date.now() });
  const topic = `sq/v1/j/${joinTopic(invite)}`;
  const { host, counts } = await inviterOn(topic, invite, inviter, newChannelKey());
  await host.subscribeAsync(topic, { qos: 1 });
  const repo = new ChannelRepo(new SquircleDb(`join-${crypto.randomUUID()}`), fieldCipher(newVaultKey()));
  const error = await joinWithInvite(repo, encodeInvite(invite), '562019', mqtt).catch((e: Error) => e);
  expect(error).toBeInstanceOf(JoinError);
  expect((error as Error).message).toMatch(/code does not match/);
  expect(await repo.channels()).toEqual([]);
  expect(counts).toEqual({ requests: 1, accepts: 0 });
  await expect(joinWithInvite(repo, encodeInvite(invite), '56201', mqtt)).rejects.toThrow(/six-digit code/);
  await host.endAsync();
}, 20_000);
