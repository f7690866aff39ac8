// The co-leader channel's state at rest: sealed records, counters, the outbox, replay windows and
// rejection counts.
import { describe, expect, it } from 'vitest';
import { FieldOpenError } from '../../../crypto/types';
import type { ChannelRecord, InviteRecord } from '../../../channel/state';
import { ChannelRepo } from '../../../storage/channel-repo';
import { freshDb, randomCipher } from './support';

function setup() {
  const db = freshDb();
  const cipher = randomCipher();
  let t = 1_000;
  return { db, cipher, repo: new ChannelRepo(db, cipher, () => (t += 1)) };
}

const channel = (channelId: string, groupId: string): ChannelRecord => ({
  v: 1,
  channelId,
  channelKey: 'AAAA',
  brokerUrl: 'wss://broker.example/mqtt',
  groupId,
  role: 'inviter',
  members: [],
  verified: {},
  clientId: `client-${channelId}`,
});

const invite = (inviteId: string, channelId: string): InviteRecord => ({
  v: 1,
  inviteId,
  channelId,
  text: `squircle-invite:1:${inviteId}`,
  expiresAt: 5,
  used: false,
});

describe('channel records', () => {
  it('are sealed, found by id and by group, and do not open under another key', async () => {
    const { db, repo } = setup();
    expect(await repo.channels()).toEqual([]);
    expect(await repo.channel('c-1')).toBeUndefined();
    expect(await repo.channelForGroup('g-1')).toBeUndefined();
    await repo.putChannel('c-1', 'g-1', channel('c-1', 'g-1'));
    await repo.putChannel('c-2', 'g-2', channel('c-2', 'g-2'));
    expect(await repo.channel('c-2')).toEqual(channel('c-2', 'g-2'));
    expect(await repo.channelForGroup('g-1')).toEqual(channel('c-1', 'g-1'));
    expect((await repo.channels()).map((c) => c.channelId).sort()).toEqual(['c-1', 'c-2']);
    const row = (await db.channels.get('c-1'))!;
    expect(row).toMatchObject({ id: 'c-1', groupId: 'g-1', v: 1, updatedAt: 1_001 });
    expect(Buffer.from(row.body).toString('latin1')).not.toContain('broker.example');
    await expect(new ChannelRepo(db, randomCipher()).channel('c-1')).rejects.toThrow(FieldOpenError);
  });

  it('keep the identity and the broker accounts apart in one table, one account per host', async () => {
    const { db, repo } = setup();
    expect(await repo.identity()).toBeUndefined();
    expect(await repo.brokerAccounts()).toEqual([]);
    const me = { v: 1 as const, deviceId: 'ab'.repeat(16), signSeed: 'c2VlZA==', boxSecretKey: 'Ym94' };
    await repo.putIdentity(me);
    await repo.putBrokerAccount({ host: 'a.example', username: 'u1', password: 'p1' });
    await repo.putBrokerAccount({ host: 'b.example', username: 'u2', password: 'p2' });
    await repo.putBrokerAccount({ host: 'a.example', username: 'u3', password: 'p3' });
    expect(await repo.identity()).toEqual(me);
    expect(await repo.brokerAccounts()).toEqual([
      { host: 'b.example', username: 'u2', password: 'p2' },
      { host: 'a.example', username: 'u3', password: 'p3' },
    ]);
    await repo.forgetBrokerAccount('b.example');
    await repo.forgetBrokerAccount('c.example');
    expect(await repo.brokerAccounts()).toEqual([{ host: 'a.example', username: 'u3', password: 'p3' }]);
    expect((await db.identity.toArray()).map((r) => r.id).sort()).toEqual(['broker-accounts', 'me']);
    const accounts = (await db.identity.get('broker-accounts'))!;
    expect(Buffer.from(accounts.body).toString('latin1')).not.toContain('a.example');
  });

  it('keep invites sealed and list them per channel', async () => {
    const { repo } = setup();
    await repo.putInvite('i-1', invite('i-1', 'c-1'));
    await repo.putInvite('i-2', invite('i-2', 'c-2'));
    await repo.putInvite('i-3', invite('i-3', 'c-1'));
    expect((await repo.invitesFor('c-1')).map((i) => i.inviteId).sort()).toEqual(['i-1', 'i-3']);
    expect(await repo.invitesFor('c-9')).toEqual([]);
    await repo.putInvite('i-1', { ...invite('i-1', 'c-1'), used: true });
    expect((await repo.invitesFor('c-1')).find((i) => i.inviteId === 'i-1')?.used).toBe(true);
  });
});

describe('counters and the outbox', () => {
  it('hand out each counter once, per channel, starting at 1 in epoch 1', async () => {
    const { db, repo } = setup();
    expect(await repo.takeCounters('c-1', 3)).toEqual({ epoch: 1, first: 1 });
    expect(await repo.takeCounters('c-1', 1)).toEqual({ epoch: 1, first: 4 });
    expect(await repo.takeCounters('c-2', 2)).toEqual({ epoch: 1, first: 1 });
    const both = await Promise.all([repo.takeCounters('c-1', 2), repo.takeCounters('c-1', 2)]);
    expect(both.map((b) => b.first).sort()).toEqual([5, 7]);
    expect(await db.channelCounters.get('c-1')).toEqual({ id: 'c-1', epoch: 1, counter: 8 });
    await db.channelCounters.put({ id: 'c-1', epoch: 2, counter: 0 });
    expect(await repo.takeCounters('c-1', 1)).toEqual({ epoch: 2, first: 1 });
  });

  it('queues envelopes in order per channel and forgets the ones sent', async () => {
    const { repo } = setup();
    const e = (n: number) => Uint8Array.of(n);
    const seqs = await repo.queue('c-1', 'sq/v1/c/x', [e(1), e(2), e(3)]);
    await repo.queue('c-2', 'sq/v1/c/y', [e(9)]);
    expect(seqs).toHaveLength(3);
    expect(seqs[1]! - seqs[0]!).toBe(1);
    const queued = await repo.outbox('c-1');
    expect(queued.map((r) => [r.seq, r.topic, r.envelope[0], r.createdAt])).toEqual([
      [seqs[0], 'sq/v1/c/x', 1, 1_001],
      [seqs[1], 'sq/v1/c/x', 2, 1_001],
      [seqs[2], 'sq/v1/c/x', 3, 1_001],
    ]);
    expect(await repo.outboxSize('c-1')).toBe(3);
    expect(await repo.outboxSize('c-2')).toBe(1);
    await repo.sent(seqs[1]!);
    expect((await repo.outbox('c-1')).map((r) => r.envelope[0])).toEqual([1, 3]);
    await repo.sentMany([seqs[0]!, seqs[2]!]);
    expect(await repo.outboxSize('c-1')).toBe(0);
    expect(await repo.outboxSize('c-2')).toBe(1);
  });
});

describe('replay windows and rejections', () => {
  it('keep one window per channel, sender and epoch', async () => {
    const { repo } = setup();
    expect(await repo.replayWindow('c-1', 'd-1', 1)).toBeUndefined();
    await repo.putReplayWindows('c-1', [
      { deviceId: 'd-1', epoch: 1, window: 'w11' },
      { deviceId: 'd-1', epoch: 2, window: 'w12' },
      { deviceId: 'd-2', epoch: 1, window: 'w21' },
    ]);
    await repo.putReplayWindows('c-2', [{ deviceId: 'd-1', epoch: 1, window: 'other' }]);
    expect(await repo.replayWindow('c-1', 'd-1', 1)).toBe('w11');
    expect(await repo.replayWindow('c-1', 'd-1', 2)).toBe('w12');
    expect(await repo.replayWindow('c-1', 'd-2', 1)).toBe('w21');
    expect(await repo.replayWindow('c-2', 'd-1', 1)).toBe('other');
    await repo.putReplayWindows('c-1', [{ deviceId: 'd-1', epoch: 1, window: 'w11b' }]);
    expect(await repo.replayWindow('c-1', 'd-1', 1)).toBe('w11b');
    expect(await repo.replayWindow('c-1', 'd-2', 1)).toBe('w21');
  });

  it('keep them sealed, one row per channel, naming no device or epoch in the clear', async () => {
    const { repo, db } = setup();
    await repo.putReplayWindows('c-1', [{ deviceId: 'device-b7', epoch: 3, window: '{"v":1,"highest":41}' }]);
    const rows = await db.replay.toArray();
    expect(rows.map((r) => r.id)).toEqual(['c-1']);
    const bytes = JSON.stringify(rows, (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v,
    );
    for (const word of ['device-b7', 'highest']) expect(bytes).not.toContain(word);
  });

  it('read a window a release before sealing left in the clear, until it is written again', async () => {
    const { repo, db } = setup();
    await db.replay.put({ id: 'c-1:d-1:1', window: 'legacy' });
    expect(await repo.replayWindow('c-1', 'd-1', 1)).toBe('legacy');
    await repo.putReplayWindows('c-1', [{ deviceId: 'd-1', epoch: 1, window: 'new' }]);
    expect(await repo.replayWindow('c-1', 'd-1', 1)).toBe('new');
    expect(await db.replay.get('c-1:d-1:1')).toBeUndefined();
  });

  it('count rejected envelopes by channel and reason, with the last time', async () => {
    const { repo } = setup();
    await repo.reject('c-1', 'tampered');
    await repo.reject('c-1', 'tampered');
    await repo.reject('c-1', 'replay');
    await repo.reject('c-10', 'tampered');
    const rows = (await repo.diagnostics('c-1')).sort((a, b) => a.id.localeCompare(b.id));
    expect(rows).toEqual([
      { id: 'c-1:replay', count: 1, lastAt: 1_003 },
      { id: 'c-1:tampered', count: 2, lastAt: 1_002 },
    ]);
    expect(await repo.diagnostics('c-2')).toEqual([]);
  });
});

describe('change notices', () => {
  it('tell about channel records, and about sessions or the running session, until stopped', async () => {
    const { db, repo } = setup();
    await db.open();
    let channels = 0;
    let sessions = 0;
    const stopChannels = repo.onChannelsChanged(() => channels++);
    const stopSessions = repo.onSessionsChanged(() => sessions++);
    const settle = () => new Promise((r) => setTimeout(r, 50));
    await repo.putChannel('c-1', 'g-1', channel('c-1', 'g-1'));
    await settle();
    expect([channels, sessions]).toEqual([1, 0]);
    await db.meta.put({ id: 'active', sessionId: 's-1' });
    await settle();
    expect([channels, sessions]).toEqual([1, 1]);
    stopChannels();
    stopSessions();
    await repo.putChannel('c-1', 'g-1', channel('c-1', 'g-1'));
    await db.meta.put({ id: 'active', sessionId: null });
    await settle();
    expect([channels, sessions]).toEqual([1, 1]);
  });
});
