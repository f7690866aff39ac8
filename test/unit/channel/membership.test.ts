// The engine's membership on a fake transport and real stores: joins
// answered for pending invites, member lists only from the inviter, a
// changed key that stops the channel, and every refusal counted.
import { describe, expect, it } from 'vitest';
import type { ChannelEvent } from '../../../channel/events';
import { Membership } from '../../../channel/membership';
import { keyOf, type ChannelRecord, type InviteRecord } from '../../../channel/state';
import {
  createInvite,
  endorseKeyChange,
  encodeInvite,
  joinRequest,
  newDeviceIdentity,
  openJoinAccept,
  publicIdentity,
} from '../../../crypto';
import type { DeviceIdentity } from '../../../crypto/types';
import { FakeTransport, deviceWithChannel } from './fake-transport';

const roster: ChannelEvent = {
  t: 'roster',
  group: { id: 'group-1', name: 'Wednesday', kind: 'closed', schedule: 'Wed 18:00' },
  members: [],
  hlc: '0000000000001:0000:a',
};

async function setup(o: { me?: DeviceIdentity; others?: DeviceIdentity[]; channel?: Partial<ChannelRecord> } = {}) {
  const d = await deviceWithChannel(o);
  const transport = new FakeTransport();
  const calls: string[] = [];
  const emitted: ChannelEvent[][] = [];
  let changes = 0;
  const state = { channel: d.channel };
  const membership = new Membership({
    repo: d.repo,
    channelId: d.channel.channelId,
    channel: () => state.channel,
    save: async (next) => {
      state.channel = next;
      await d.repo.putChannel(next.channelId, next.groupId, next);
    },
    me: () => d.me,
    publish: (topic, payload) => {
      calls.push('publish');
      return transport.publish(topic, payload);
    },
    emit: (events) => {
      calls.push(`emit:${events.map((e) => e.t).join(',')}`);
      emitted.push(events);
      return Promise.resolve();
    },
    flush: () => {
      calls.push('flush');
      return Promise.resolve();
    },
    roster: () => Promise.resolve(roster),
    changed: () => changes++,
    now: () => Date.now(),
  });
  const rejected = async () =>
    Object.fromEntries(
      (await d.repo.diagnostics(d.channel.channelId)).map((r) => [r.id.split(':')[1], r.count]),
    ) as Record<string, number>;
  return { ...d, state, transport, calls, emitted, membership, rejected, changes: () => changes };
}

async function withInvite(s: Awaited<ReturnType<typeof setup>>) {
  const invite = createInvite({
    inviter: s.me,
    brokerUrl: s.channel.brokerUrl,
    channelId: s.channel.channelId,
    now: Date.now(),
  });
  const rec: InviteRecord = {
    v: 1,
    inviteId: 'invite-1',
    channelId: s.channel.channelId,
    text: encodeInvite(invite),
    expiresAt: invite.expiresAt,
    used: false,
  };
  await s.repo.putInvite(rec.inviteId, rec);
  return { invite, rec, topic: s.membership.joinTopicOf(rec) };
}

describe('Membership', () => {
  it('answers a join request for a pending invite: the joiner opens the channel key, the invite is used', async () => {
    const s = await setup();
    const { invite, rec, topic } = await withInvite(s);
    const joiner = newDeviceIdentity();
    await s.membership.joinMessage(topic, joinRequest(invite, joiner));
    expect(s.transport.published).toHaveLength(1);
    const joined = openJoinAccept(invite, joiner, s.transport.published[0]!.payload);
    expect(joined.channelKey).toEqual(keyOf(s.channel));
    expect(joined.members.map((m) => m.deviceId).sort()).toEqual([s.me.deviceId, joiner.deviceId].sort());
    expect(s.state.channel.members.map((m) => m.deviceId)).toContain(joiner.deviceId);
    expect((await s.repo.channel(s.channel.channelId))!.members).toHaveLength(2);
    expect((await s.repo.invitesFor(s.channel.channelId)).find((i) => i.inviteId === rec.inviteId)!.used).toBe(true);
    expect(await s.membership.pendingInvites()).toEqual([]);
    // The roster follows the accept; two members need no member list.
    expect(s.calls).toEqual(['publish', 'emit:roster']);
  });

  it('tells the members already here about a third before answering the third', async () => {
    const s = await setup({ others: [newDeviceIdentity()] });
    const { invite, topic } = await withInvite(s);
    await s.membership.joinMessage(topic, joinRequest(invite, newDeviceIdentity()));
    expect(s.calls).toEqual(['emit:members', 'flush', 'publish', 'emit:roster']);
    expect((s.emitted[0]![0] as { members: unknown[] }).members).toHaveLength(3);
  });

  it('counts a damaged join request and answers nothing', async () => {
    const s = await setup();
    const { invite, topic } = await withInvite(s);
    const request = joinRequest(invite, newDeviceIdentity());
    request[request.length - 1]! ^= 1;
    await s.membership.joinMessage(topic, request);
    expect(s.transport.published).toHaveLength(0);
    expect((await s.rejected())['bad-join']).toBe(1);
  });

  it('on a joiner, takes new members only from the inviter, never replacing a pinned key', async () => {
    const inviter = newDeviceIdentity();
    const stranger = newDeviceIdentity();
    const s = await setup({ others: [inviter], channel: { role: 'joiner', inviterId: inviter.deviceId } });
    const third = publicIdentity(newDeviceIdentity());
    const list = { t: 'members' as const, members: [...s.channel.members, third] };
    await s.membership.members(stranger.deviceId, list);
    expect((await s.rejected())['members-not-inviter']).toBe(1);
    expect(s.state.channel.members).toHaveLength(2);

    await s.membership.members(inviter.deviceId, list);
    expect(s.state.channel.members.map((m) => m.deviceId)).toContain(third.deviceId);
    expect((await s.repo.channel(s.channel.channelId))!.members).toHaveLength(3);

    const forged = { ...publicIdentity(newDeviceIdentity()), deviceId: third.deviceId };
    await s.membership.members(inviter.deviceId, { t: 'members', members: [forged] });
    expect((await s.rejected())['changed-key-members']).toBe(1);
    expect(s.state.channel.members.find((m) => m.deviceId === third.deviceId)).toEqual(third);
  });

  it('stops the channel on a hello with a member’s new keys endorsed by the pinned ones, and only then', async () => {
    const other = newDeviceIdentity();
    const s = await setup({ others: [other] });
    await s.membership.hello(publicIdentity(other));
    await s.membership.hello(publicIdentity(newDeviceIdentity()));
    await s.membership.hello({ ...publicIdentity(newDeviceIdentity()), deviceId: s.me.deviceId });
    expect(s.state.channel.blocked).toBeUndefined();
    const reset = { ...newDeviceIdentity(), deviceId: other.deviceId };
    await s.membership.hello(publicIdentity(reset), endorseKeyChange(other, reset));
    expect(s.state.channel.blocked?.deviceId).toBe(other.deviceId);
    expect((await s.repo.channel(s.channel.channelId))!.blocked?.announced).toEqual(publicIdentity(reset));
    expect(s.changes()).toBe(1);
    expect(await s.rejected()).toEqual({});
  });

  it('refuses and counts a key change for a member that the pinned key did not endorse', async () => {
    const other = newDeviceIdentity();
    const s = await setup({ others: [other] });
    const forged = { ...newDeviceIdentity(), deviceId: other.deviceId };
    // No endorsement; one by the forger's own key; one by the real key for another identity.
    await s.membership.hello(publicIdentity(forged));
    await s.membership.hello(publicIdentity(forged), endorseKeyChange({ ...forged }, forged));
    const real = { ...newDeviceIdentity(), deviceId: other.deviceId };
    await s.membership.hello(publicIdentity(forged), endorseKeyChange(other, real));
    expect(s.state.channel.blocked).toBeUndefined();
    expect((await s.repo.channel(s.channel.channelId))!.blocked).toBeUndefined();
    expect((await s.rejected())['unendorsed-key-change']).toBe(3);
    expect(s.changes()).toBe(0);
  });

  it('takes a roster only from the inviter, never an older one, and counts each refusal', async () => {
    const inviter = newDeviceIdentity();
    const third = newDeviceIdentity();
    const s = await setup({ others: [inviter, third], channel: { role: 'joiner', inviterId: inviter.deviceId } });
    const at = (hlc: string) => ({ ...roster, hlc }) as Extract<ChannelEvent, { t: 'roster' }>;
    expect(await s.membership.roster(third.deviceId, at('2026-12-07T10:00:00.000Z'))).toBe(false);
    expect((await s.rejected())['roster-not-inviter']).toBe(1);
    expect(await s.membership.roster(inviter.deviceId, at('2026-12-07T10:00:00.000Z'))).toBe(true);
    expect((await s.repo.channel(s.channel.channelId))!.rosterHlc).toBe('2026-12-07T10:00:00.000Z');
    expect(await s.membership.roster(inviter.deviceId, at('2026-12-07T10:00:00.000Z'))).toBe(true);
    expect(await s.membership.roster(inviter.deviceId, at('2026-12-07T09:59:59.999Z'))).toBe(false);
    expect((await s.rejected())['stale-roster']).toBe(1);
    expect(await s.membership.roster(inviter.deviceId, at('2026-12-07T10:00:01.000Z'))).toBe(true);
  });

  it('on the inviter, takes no roster from anyone', async () => {
    const joiner = newDeviceIdentity();
    const s = await setup({ others: [joiner] });
    expect(await s.membership.roster(joiner.deviceId, roster as Extract<ChannelEvent, { t: 'roster' }>)).toBe(false);
    expect((await s.rejected())['roster-not-inviter']).toBe(1);
  });

  it('binds a joiner to the group its inviter’s roster names, once', async () => {
    const s = await setup({ channel: { role: 'joiner', groupId: '' } });
    expect(await s.membership.bindFromRoster([{ t: 'presence', state: 'here', at: 1 }])).toBe(false);
    expect(await s.membership.bindFromRoster([roster])).toBe(true);
    expect(s.state.channel.groupId).toBe('group-1');
    expect((await s.repo.channelForGroup('group-1'))?.channelId).toBe(s.channel.channelId);
    expect(await s.membership.bindFromRoster([roster])).toBe(false);
  });
});
