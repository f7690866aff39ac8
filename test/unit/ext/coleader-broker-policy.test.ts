// brokerHostsAllowed holds for every way a broker gets into the panel: an
// invite naming another broker is refused before anything is stored, and a
// channel paired before the clinic listed its brokers stays stopped, says
// why, and makes no invite. A device removed from its channel makes none either.
import { expect, it } from 'vitest';
import mqtt from 'mqtt';
import { JoinError, joinWithInvite } from '../../../channel/join';
import { myIdentity, type ChannelRecord } from '../../../channel/state';
import {
  createInvite,
  encodeInvite,
  fieldCipher,
  newChannelId,
  newChannelKey,
  newDeviceIdentity,
  newVaultKey,
  publicIdentity,
  toBase64,
} from '../../../crypto';
import { CoLeaderService } from '../../../ext/panel/coleader-service';
import { ChannelRepo } from '../../../storage/channel-repo';
import { SquircleDb } from '../../../storage/db';

const HOSTS = ['mqtt.clinic.example'];
const REASON = 'Your clinic allows only these brokers: mqtt.clinic.example.';

it('refuses to join by an invite that names a broker the clinic does not list, and stores nothing', async () => {
  const repo = new ChannelRepo(new SquircleDb(`policy-join-${crypto.randomUUID()}`), fieldCipher(newVaultKey()));
  const invite = createInvite({
    inviter: newDeviceIdentity(),
    brokerUrl: 'wss://broker.elsewhere.example/mqtt',
    channelId: newChannelId(),
    now: Date.now(),
  });
  const error = await joinWithInvite(repo, encodeInvite(invite), '123456', mqtt, { hostsAllowed: HOSTS }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JoinError);
  expect((error as Error).message).toBe(REASON);
  expect(await repo.channels()).toEqual([]);
});

it('keeps a channel on a broker the clinic no longer lists stopped, says why, and makes no invite for it', async () => {
  const db = new SquircleDb(`policy-channel-${crypto.randomUUID()}`);
  const cipher = fieldCipher(newVaultKey());
  const service = new CoLeaderService(db, cipher, {
    brokerUrl: () => 'wss://mqtt.clinic.example/mqtt',
    mqtt: async () => mqtt,
    brokerPolicy: () => ({ hostsAllowed: HOSTS }),
  });
  const me = await myIdentity(service.repo);
  const groupId = 'group-1';
  const channel: ChannelRecord = {
    v: 1,
    channelId: newChannelId(),
    channelKey: toBase64(newChannelKey()),
    brokerUrl: 'wss://broker.elsewhere.example/mqtt',
    groupId,
    role: 'inviter',
    members: [publicIdentity(me)],
    verified: {},
    clientId: `sq-${crypto.randomUUID()}`,
  };
  await service.repo.putChannel(channel.channelId, groupId, channel);

  await service.startAll();
  const info = await service.forGroup(groupId);
  expect(info?.notAllowed).toBe(REASON);
  expect(info?.status.state).toBe('stopped');
  await expect(service.invite(groupId)).rejects.toThrow(REASON);
  expect(await service.repo.invitesFor(channel.channelId)).toEqual([]);
  await service.stopAll();
});

it('makes no invite on a device the inviter removed from the channel, and says why', async () => {
  const db = new SquircleDb(`removed-channel-${crypto.randomUUID()}`);
  const service = new CoLeaderService(db, fieldCipher(newVaultKey()), {
    brokerUrl: () => 'wss://mqtt.clinic.example/mqtt',
    mqtt: async () => mqtt,
    brokerPolicy: () => ({ hostsAllowed: HOSTS }),
  });
  const me = await myIdentity(service.repo);
  const inviter = newDeviceIdentity();
  const groupId = 'group-2';
  const channel: ChannelRecord = {
    v: 1,
    channelId: newChannelId(),
    channelKey: toBase64(newChannelKey()),
    brokerUrl: 'wss://mqtt.clinic.example/mqtt',
    groupId,
    role: 'joiner',
    inviterId: inviter.deviceId,
    members: [publicIdentity(me), publicIdentity(inviter)],
    verified: {},
    clientId: `sq-${crypto.randomUUID()}`,
    removedAt: Date.now(),
  };
  await service.repo.putChannel(channel.channelId, groupId, channel);
  const info = await service.forGroup(groupId);
  expect(info?.removedHere).toBe(true);
  expect(info?.canRemove).toBe(false);
  await expect(service.invite(groupId)).rejects.toThrow('This device was removed from the channel of this group');
  expect(await service.repo.invitesFor(channel.channelId)).toEqual([]);
});
