// The engine's membership on a fake transport and real stores: joins
// answered for pending invites, member lists only from the inviter, a
// changed key that stops the channel, and every refusal counted.
import { describe, expect, it } from 'vitest';
import type { ChannelEvent } from '../../../channel/events';
import { Membership } from '../../../channel/membership';
import { keyOf, type ChannelRecord, type InviteRecord } from '../../../channel/state';
import {
  MAX_PAIRING_TRIES,
  createInvite,
  endorseKeyChange,
  encodeInvite,
  newDeviceIdentity,
  openJoinAccept,
  openJoinChallenge,
  publicIdentity,
  startPairing,
} from '../../../crypto';
import type { DeviceIdentity, Invite } from '../../../crypto/types';
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
    code: CODE,
    tries: 0,
    expiresAt: invite.expiresAt,
    used: false,
  };
  await s.repo.putInvite(rec.inviteId, rec);
  return { invite, rec, topic: s.membership.joinTopicOf(rec) };
}

const CODE = '731402';

/** A joiner asks with `typed` and gets the inviter's challenge (the last message published). */
async function ask(s: Awaited<ReturnType<typeof setup>>, invite: Invite, topic: string, typed = CODE) {
  const joiner = newDeviceIdentity();
  const pairing = startPairing(invite, joiner, typed);
  await s.membership.joinMessage(topic, pairing.request);
  return { joiner, pairing, challenge: s.transport.published.at(-1)?.payload };
}

describe('Membership', () => {
  it('answers a request with a challenge only; key, members and roster follow the proven code', async () => {
    const s = await setup();
    const { invite, rec, topic } = await withInvite(s);
    const { joiner, pairing, challenge } = await ask(s, invite, topic);
    // Before the code is proven: one challenge out, nothing of the group, no one pinned.
    expect(s.calls).toEqual(['publish']);
    expect(s.state.channel.members).toHaveLength(1);
    expect((await s.membership.pendingInvites()).map((i) => i.tries)).toEqual([1]);
    const { confirm, pairingKey } = openJoinChallenge(invite, joiner, pairing, challenge!);
    await s.membership.joinMessage(topic, confirm);
    expect(s.transport.published).toHaveLength(2);
    const joined = openJoinAccept(invite, joiner, s.transport.published[1]!.payload, pairingKey);
    expect(joined.channelKey).toEqual(keyOf(s.channel));
    expect(joined.members.map((m) => m.deviceId).sort()).toEqual([s.me.deviceId, joiner.deviceId].sort());
    expect(s.state.channel.members.map((m) => m.deviceId)).toContain(joiner.deviceId);
    // Pairing and verification are one step.
    expect(s.state.channel.verified[joiner.deviceId]).toBe(publicIdentity(joiner).signPk);
    expect((await s.repo.channel(s.channel.channelId))!.members).toHaveLength(2);
    expect((await s.repo.invitesFor(s.channel.channelId)).find((i) => i.inviteId === rec.inviteId)!.used).toBe(true);
    expect(await s.membership.pendingInvites()).toEqual([]);
    // The roster follows the accept; two members need no member list.
    expect(s.calls).toEqual(['publish', 'publish', 'emit:roster']);
  });

  it('with another code: a challenge the joiner cannot answer; a guessed confirm counted', async () => {
    const s = await setup();
    const { invite, topic } = await withInvite(s);
    const { joiner, pairing, challenge } = await ask(s, invite, topic, '731403');
    expect(() => openJoinChallenge(invite, joiner, pairing, challenge!)).toThrow(/code does not match/);
    // A guesser who sends a confirm anyway, with a proof made up.
    const honest = await ask(s, invite, topic);
    const { confirm } = openJoinChallenge(invite, honest.joiner, honest.pairing, honest.challenge!);
    const guessed = confirm.slice();
    guessed.set(new Uint8Array(32), guessed.length - 32);
    await s.membership.joinMessage(topic, guessed);
    expect((await s.rejected())['wrong-code']).toBe(1);
    expect(s.calls).toEqual(['publish', 'publish']);
    expect(s.emitted).toEqual([]);
    expect(s.state.channel.members).toHaveLength(1);
    expect(s.state.channel.verified).toEqual({});
  });

  it(`answers ${MAX_PAIRING_TRIES} requests per invite (one sent again costs nothing), then spends it`, async () => {
    const s = await setup();
    const { invite, topic } = await withInvite(s);
    const first = await ask(s, invite, topic, '000000');
    await s.membership.joinMessage(topic, first.pairing.request);
    expect(s.transport.published.at(-1)!.payload).toEqual(first.challenge);
    for (let i = 1; i < MAX_PAIRING_TRIES; i++) await ask(s, invite, topic, '000000');
    expect(s.transport.published).toHaveLength(MAX_PAIRING_TRIES + 1);
    // The right code comes too late: the invite is spent and answers nothing more.
    await ask(s, invite, topic);
    expect(s.transport.published).toHaveLength(MAX_PAIRING_TRIES + 1);
    expect((await s.rejected())['pairing-tries-spent']).toBe(1);
    expect(await s.membership.pendingInvites()).toEqual([]);
  });

  it('tells the members already here about a third before answering the third', async () => {
    const s = await setup({ others: [newDeviceIdentity()] });
    const { invite, topic } = await withInvite(s);
    const { joiner, pairing, challenge } = await ask(s, invite, topic);
    await s.membership.joinMessage(topic, openJoinChallenge(invite, joiner, pairing, challenge!).confirm);
    expect(s.calls).toEqual(['publish', 'emit:members', 'flush', 'publish', 'emit:roster']);
    expect((s.emitted[0]![0] as { members: unknown[] }).members).toHaveLength(3);
  });

  it('counts a damaged join request and answers nothing', async () => {
    const s = await setup();
    const { invite, topic } = await withInvite(s);
    const request = startPairing(invite, newDeviceIdentity(), CODE).request.slice();
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
