// Two embedded brokers (broker/start.mjs) sharing one Redis act as one
// broker: co-leaders connected to different nodes exchange envelopes both
// ways, and when one node stops mid-session its client's session and queue
// are kept in Redis, so what was sent meanwhile arrives once the node is
// back, once. The devices speak through the channel's own transport
// (channel/transport.ts: QoS 1, persistent sessions, reconnects) and real
// sealed envelopes. Real redis-server and Aedes processes on 127.0.0.1.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisConnection, startBroker, type RunningBroker } from '../../../broker/start.mjs';
import { channelSubscription } from '../../../channel/state';
import { topicOf } from '../../../channel/epochs';
import { openTransport, type ConnState, type Transport } from '../../../channel/transport';
import {
  FIRST_EPOCH,
  channelTopic,
  epochKey,
  newChannelId,
  newChannelKey,
  newDeviceIdentity,
  controlMessageKey,
  openEnvelopeAsync,
  publicIdentity,
  sealEnvelopeAsync,
  utf8Decode,
  utf8Encode,
  type DeviceIdentity,
} from '../../../crypto';
import { findRedis, startRedis, type TestRedis } from '../../support/redis';

// CI installs redis-server (.ci/run); elsewhere these tests are skipped with a note.
const redisMissing = !findRedis() && !process.env.CI;
if (redisMissing)
  console.warn('redis-server is not installed: the two-node tests are skipped (apt-get install redis-server).');

const quiet = () => undefined;
const channelKey = newChannelKey();
const channelId = newChannelId();
const topic = topicOf(channelKey, FIRST_EPOCH);
const leaders = [newDeviceIdentity(), newDeviceIdentity()] as const;
const members = new Map(leaders.map((l) => [l.deviceId, publicIdentity(l)]));

interface Leader {
  transport: Transport;
  /** What this leader opened from its co-leader, in order. */
  got: string[];
  readonly state: ConnState;
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  waitState(state: ConnState, timeoutMs?: number): Promise<void>;
  send(text: string): Promise<void>;
}

const counters = new Map<string, number>();

function leader(me: DeviceIdentity, url: string, clientId: string): Leader {
  const got: string[] = [];
  let wake: (() => void)[] = [];
  const poke = () => {
    const w = wake;
    wake = [];
    w.forEach((f) => f());
  };
  const until = (ok: () => boolean, what: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${what} not within ${timeoutMs} ms (got ${got.join(', ')})`)),
        timeoutMs,
      );
      const check = () => (ok() ? (clearTimeout(timer), resolve()) : wake.push(check));
      check();
    });
  let state: ConnState = 'connecting';
  const l: Leader = {
    got,
    get state() {
      return state;
    },
    transport: openTransport({
      url,
      clientId,
      topics: [channelSubscription(channelTopic(channelKey))],
      mqtt,
      onMessage: (_t, payload) =>
        void openEnvelopeAsync(payload, {
          channelId,
          members,
          epochKeys: () => [[FIRST_EPOCH, epochKey(channelKey, FIRST_EPOCH)] as const],
          messageKey: (sender, _epoch, counter) =>
            controlMessageKey(epochKey(channelKey, FIRST_EPOCH), sender, counter),
        }).then((o) => {
          if (o.sender.deviceId === me.deviceId) return; // the broker's echo of our own
          got.push(utf8Decode(o.payload));
          poke();
        }),
      onState: (s) => {
        state = s;
        poke();
      },
    }),
    waitFor: (text, timeoutMs = 10_000) => until(() => got.includes(text), `"${text}"`, timeoutMs),
    waitState: (wanted, timeoutMs = 10_000) => until(() => state === wanted, `state ${wanted}`, timeoutMs),
    async send(text) {
      const counter = (counters.get(me.deviceId) ?? 0) + 1;
      counters.set(me.deviceId, counter);
      const [envelope] = await sealEnvelopeAsync({
        channelId,
        sender: me,
        epoch: FIRST_EPOCH,
        counter,
        epochKey: epochKey(channelKey, FIRST_EPOCH),
        payload: utf8Encode(text),
        messageKeys: [controlMessageKey(epochKey(channelKey, FIRST_EPOCH), me.deviceId, counter)],
      });
      await l.transport.publish(topic, envelope!);
    },
  };
  return l;
}

describe.skipIf(redisMissing)('two embedded broker nodes sharing Redis', () => {
  let redis: TestRedis;
  const nodes: RunningBroker[] = [];
  const ports: { port: number; tcpPort: number }[] = [];
  const startNode = async (i: number, at?: { port: number; tcpPort: number }) => {
    const node = await startBroker({ port: at?.port ?? 0, tcpPort: at?.tcpPort ?? 0, redis: redis.url, log: quiet });
    nodes[i] = node;
    ports[i] = { port: node.addresses.ws.port, tcpPort: node.addresses.tcp!.port };
    return node;
  };
  let a: Leader;
  let b: Leader;

  beforeAll(async () => {
    redis = await startRedis();
    await startNode(0);
    await startNode(1);
    // Co-leader A on node 0, co-leader B on node 1, over WebSocket as the panels connect.
    a = leader(leaders[0], nodes[0]!.url, `sq-a-${process.pid}`);
    b = leader(leaders[1], nodes[1]!.url, `sq-b-${process.pid}`);
    await Promise.all([a.waitState('connected'), b.waitState('connected')]);
  });
  afterAll(async () => {
    await Promise.all([a, b].map((l) => l?.transport.close()));
    await Promise.all(nodes.map((n) => n.close()));
    await redis?.stop();
  });

  it('keeps its state in Redis, not on disk', () => {
    expect(nodes[0]!.dataDir).toBe('');
    expect(nodes[0]!.url).not.toBe(nodes[1]!.url);
  });

  it('relays a marker each way between co-leaders on different nodes', async () => {
    await a.send('marker from A');
    await b.waitFor('marker from A');
    await b.send('marker from B');
    await a.waitFor('marker from B');
  });

  it('keeps what is sent while a node is down for its client, and delivers it once when the node is back', async () => {
    await nodes[1]!.close();
    await b.waitState('reconnecting');
    // B is away (its node stopped); A goes on, on the other node.
    await a.send('sent while B was away 1');
    await a.send('sent while B was away 2');
    await startNode(1, ports[1]);
    await b.waitState('connected', 15_000);
    await b.waitFor('sent while B was away 2', 15_000);
    await b.send('B is back');
    await a.waitFor('B is back');
    // Give a duplicate time to show.
    await new Promise((r) => setTimeout(r, 500));
    expect(b.got).toEqual(['marker from A', 'sent while B was away 1', 'sent while B was away 2']);
    expect(a.got).toEqual(['marker from B', 'B is back']);
  });

  it('refuses plain redis:// to another machine, and takes rediss:// with TLS', () => {
    expect(() => redisConnection('redis://redis.clinic.example:6379/0')).toThrow(/this machine only/);
    expect(redisConnection('rediss://:s3cret@redis.clinic.example:6380/2')).toEqual({
      host: 'redis.clinic.example',
      port: 6380,
      db: 2,
      password: 's3cret',
      tls: { servername: 'redis.clinic.example' },
    });
    expect(() => redisConnection('http://127.0.0.1:6379')).toThrow(/redis:\/\//);
  });
});
