// The engine's sender on a fake transport: direct sends, the outbox in
// order, markers that wait for the broker's acknowledgement, and echoes.
import { describe, expect, it } from 'vitest';
import { Sender } from '../../../channel/sender';
import { parseEvents, type ChannelEvent } from '../../../channel/events';
import { topicOf } from '../../../channel/epochs';
import { keyOf, type ChannelRecord } from '../../../channel/state';
import {
  controlMessageKey,
  ENVELOPE_BYTES,
  FIRST_EPOCH,
  epochKey,
  newDeviceIdentity,
  openEnvelope,
  publicIdentity,
} from '../../../crypto';
import type { DeviceIdentity } from '../../../crypto/types';
import type { ChannelRepo } from '../../../storage/channel-repo';
import { FakeTransport, deviceWithChannel, settled } from './fake-transport';

const marker = (id: string, sessionId = 's-open'): ChannelEvent => ({
  t: 'marker',
  id,
  sessionId,
  at: 1,
  wallAt: 1,
  category: 'presence',
  memberId: null,
  text: `marker ${id}`,
  auto: false,
  deleted: false,
  author: 'a',
  hlc: `0000000000001:0000:${id}`,
});
const message: ChannelEvent = { t: 'presence', state: 'here', at: 5 };

async function setup(o: { channel?: Partial<ChannelRecord>; ackWaitMs?: number } = {}) {
  const other = newDeviceIdentity();
  const d = await deviceWithChannel({ others: [other], ...(o.channel ? { channel: o.channel } : {}) });
  const transport = new FakeTransport();
  const waits: number[] = [];
  let sent = 0;
  let sending = 0;
  const sender = new Sender({
    repo: d.repo,
    channelId: d.channel.channelId,
    transport: () => transport,
    channel: () => d.channel,
    me: () => d.me,
    openSessions: () => Promise.resolve(['s-open']),
    waiting: (n) => waits.push(n),
    sending: () => sending++,
    sent: () => sent++,
    ackWaitMs: o.ackWaitMs ?? 3_000,
  });
  return { ...d, other, transport, sender, waits, counts: () => ({ sent, sending }) };
}

/** What the other member reads from published bytes. */
function read(channel: ChannelRecord, me: DeviceIdentity, bytes: Uint8Array) {
  const opened = openEnvelope(bytes, {
    channelId: channel.channelId,
    members: new Map([[me.deviceId, publicIdentity(me)]]),
    epochKeys: () => [[FIRST_EPOCH, epochKey(keyOf(channel), FIRST_EPOCH)]],
    messageKey: (sender, _epoch, counter) => controlMessageKey(epochKey(keyOf(channel), FIRST_EPOCH), sender, counter),
  });
  return { counter: opened.counter, events: parseEvents(opened.payload)! };
}

const outbox = (repo: ChannelRepo, id: string) => repo.outbox(id);
const until = async (cond: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 5));
  expect(await cond()).toBe(true);
};

describe('Sender', () => {
  it('publishes a change at once on the channel topic when nothing waits; its row goes once acknowledged', async () => {
    const s = await setup();
    let handed = false;
    await s.sender.share([message], () => (handed = true));
    expect(s.transport.published).toHaveLength(1);
    expect(s.transport.published[0]!.topic).toBe(topicOf(keyOf(s.channel), FIRST_EPOCH));
    expect(s.transport.published[0]!.payload).toHaveLength(ENVELOPE_BYTES);
    expect(read(s.channel, s.me, s.transport.published[0]!.payload).events).toEqual([message]);
    // Its row goes with the acknowledgement; the caller is told with the broker's echo.
    await until(async () => (await outbox(s.repo, s.channel.channelId)).length === 0);
    expect(handed).toBe(false);
    expect(s.sender.isEcho(s.transport.published[0]!.payload)).toBe(true);
    expect(handed).toBe(true);
    expect(s.counts().sending).toBe(1);
    expect(s.counts().sent).toBeGreaterThanOrEqual(1);
  });

  it('tells the caller a direct send was handed off once the broker delivered it back, or lost it', async () => {
    const s = await setup();
    s.transport.mode = 'hold';
    let handed = 0;
    await s.sender.share([marker('a')], () => handed++);
    expect(s.transport.published).toHaveLength(1);
    // Published and acknowledged, not yet delivered onwards: the caller's local write and rendering still wait.
    s.transport.ackHeld();
    await new Promise((r) => setTimeout(r, 20));
    expect(handed).toBe(0);
    // Other bytes are no echo of it.
    expect(s.sender.isEcho(s.transport.published[0]!.payload.slice(0, -1))).toBe(false);
    expect(handed).toBe(0);
    expect(s.sender.isEcho(s.transport.published[0]!.payload)).toBe(true);
    expect(handed).toBe(1);
    // A second echo of the same bytes (a redelivery) tells nobody again.
    expect(s.sender.isEcho(s.transport.published[0]!.payload)).toBe(false);
    expect(handed).toBe(1);

    await s.sender.share([marker('b')], () => handed++);
    expect(s.transport.published).toHaveLength(2);
    expect(handed).toBe(1);
    // The connection drops: the caller goes on (the envelope is in the outbox for the next connection).
    s.transport.drop();
    await until(() => handed === 2);
  });

  it('publishes a change at once while a flush is still reading an outbox with nothing waiting', async () => {
    const s = await setup();
    // The outbox read the heartbeat's flush makes is held until released.
    const read = s.repo.outbox.bind(s.repo);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    s.repo.outbox = async (id) => (await gate, read(id));
    const flushing = s.sender.flush();
    await s.sender.share([marker('a')]);
    expect(s.transport.published).toHaveLength(1);
    release();
    await flushing;
    expect(s.transport.published).toHaveLength(1);
    expect(await read(s.channel.channelId)).toHaveLength(0);
  });

  it('queues while offline and sends the outbox in counter order once connected, counting what waits', async () => {
    const s = await setup();
    s.transport.online = false;
    for (const id of ['a', 'b', 'c']) await s.sender.share([marker(id)]);
    expect(s.transport.published).toHaveLength(0);
    expect(await outbox(s.repo, s.channel.channelId)).toHaveLength(3);
    await s.sender.flush();
    expect(s.sender.waiting()).toBe(3);
    s.transport.online = true;
    await s.sender.flush();
    const got = s.transport.published.map((p) => read(s.channel, s.me, p.payload));
    expect(got.map((g) => (g.events[0] as { id: string }).id)).toEqual(['a', 'b', 'c']);
    expect(got.map((g) => g.counter)).toEqual([...got.map((g) => g.counter)].sort((x, y) => x - y));
    expect(await outbox(s.repo, s.channel.channelId)).toHaveLength(0);
    expect(s.sender.waiting()).toBe(0);
    expect(s.waits.at(-1)).toBe(0);
  });

  it('keeps an open session’s marker out of the outbox while acknowledged in time, queues it when late', async () => {
    const s = await setup({ ackWaitMs: 30 });
    // The first share learns which sessions are open.
    await s.sender.share([marker('first')]);
    await until(async () => (await outbox(s.repo, s.channel.channelId)).length === 0);
    s.transport.mode = 'hold';
    await s.sender.share([marker('held')]);
    expect(s.transport.published).toHaveLength(2);
    expect(await outbox(s.repo, s.channel.channelId)).toHaveLength(0);
    // Not acknowledged within the wait: into the outbox, which survives a reload.
    await until(async () => (await outbox(s.repo, s.channel.channelId)).length === 1);
    s.transport.ackHeld();
    await until(async () => (await outbox(s.repo, s.channel.channelId)).length === 0);
  });

  it('puts a held marker in the outbox when the connection drops, and sends it on the next connection', async () => {
    const s = await setup({ ackWaitMs: 10_000 });
    await s.sender.share([marker('first')]);
    await until(async () => (await outbox(s.repo, s.channel.channelId)).length === 0);
    s.transport.mode = 'hold';
    await s.sender.share([marker('lost')]);
    s.transport.drop();
    await until(async () => (await outbox(s.repo, s.channel.channelId)).length === 1);
    s.transport.online = true;
    s.transport.mode = 'ack';
    await s.sender.flush();
    expect(await outbox(s.repo, s.channel.channelId)).toHaveLength(0);
    const last = s.transport.published.at(-1)!;
    expect((read(s.channel, s.me, last.payload).events[0] as { id: string }).id).toBe('lost');
  });

  it('recognises exactly its own published bytes once as an echo', async () => {
    const s = await setup();
    await s.sender.share([message]);
    const bytes = s.transport.published[0]!.payload;
    const changed = bytes.slice();
    changed[changed.length - 1]! ^= 1;
    expect(s.sender.isEcho(changed)).toBe(false);
    expect(s.sender.isEcho(bytes.slice())).toBe(true);
    expect(s.sender.isEcho(bytes.slice())).toBe(false);
  });

  it('shares nothing while the channel is blocked', async () => {
    const s = await setup();
    const other = publicIdentity(s.other);
    s.channel.blocked = { deviceId: other.deviceId, announced: other };
    await s.sender.share([message]);
    await settled();
    expect(s.transport.published).toHaveLength(0);
    expect(await outbox(s.repo, s.channel.channelId)).toHaveLength(0);
  });
});
