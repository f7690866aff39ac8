/**
 * The broker load: many co-leader channels at once against one broker,
 * spoken as the panels speak it, through the project's own channel code.
 * Each device has its own identity and MQTT connection (channel/transport.ts:
 * QoS 1, a persistent session, one subscription to its channel's topics),
 * seals real envelopes (crypto/envelope.ts, 2,048 bytes, signed and boxed
 * under the channel's epoch key), sends cover traffic as the engine does
 * (channel/cover.ts: one envelope per interval, a decoy unless something real
 * left), and opens and verifies everything its co-leaders send. While a
 * session runs, a device makes a marker every MARKER_EVERY_MS and a heartbeat
 * (presence and a digest) every HEARTBEAT_MS, as channel/engine.ts does.
 *
 * Every envelope is followed from publish() on its sender to the moment each
 * co-leader has opened and verified it: latency percentiles, envelopes that
 * never arrived (lost) and envelopes that arrived twice (duplicated). The
 * broker's CPU time and memory are read from /proc for its process id.
 *
 * Nothing is timed against a target here: the figures go to the bench table
 * (test/bench/figures/load.ts) and to `npm run load`.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import mqtt from 'mqtt';
import nacl from 'tweetnacl';
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
  type ChannelKey,
  type DeviceIdentity,
  type EpochKey,
  type PublicIdentity,
} from '../../crypto';
import { Cover, COVER_INTERVAL_MS } from '../../channel/cover';
import { topicOf } from '../../channel/epochs';
import { encodeEvents, parseEvents, type ChannelEvent } from '../../channel/events';
import { channelSubscription } from '../../channel/state';
import { openTransport, type Transport } from '../../channel/transport';

/** channel/engine.ts's heartbeat; a marker every 10 s per device is the load. */
export const HEARTBEAT_MS = 20_000;
export const MARKER_EVERY_MS = 10_000;
/** After the session, an envelope not arrived once nothing has for this long counts as lost. */
const QUIET_MS = 10_000;
/** How often a device's cover traffic looks whether a decoy is due (channel/engine.ts's COVER_TICK_MS). */
const COVER_TICK_MS = 1_000;

export interface LoadOptions {
  /** mqtt://127.0.0.1:<port> or ws://127.0.0.1:<port>. */
  url: string;
  channels: number;
  /** Devices per channel (co-leaders' devices), each its own connection. */
  devices: number;
  /** How long the session runs, in seconds, once every device is connected. */
  seconds: number;
  /** The broker's process id, for its CPU time and memory (Linux /proc); none: not reported. */
  brokerPid?: number;
  markerEveryMs?: number;
  heartbeatMs?: number;
  coverIntervalMs?: number;
  /** After the session: how long to wait at most for what is still on its way (default 3 minutes). */
  drainMs?: number;
  /** Connections opened at once while connecting. */
  connectBatch?: number;
  log?: (line: string) => void;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  channels: number;
  devices: number;
  connections: number;
  seconds: number;
  connectSeconds: number;
  /** After the session, until the last delivery came (or nothing more did). */
  drainSeconds: number;
  published: { markers: number; heartbeats: number; decoys: number; total: number };
  /** Publishes per second over the session, all devices together. */
  envelopesPerSecond: number;
  /** Deliveries to co-leaders per second (the broker also echoes each envelope to its sender). */
  deliveriesPerSecond: number;
  /** Deliveries owed to co-leaders: every envelope, once to each other device of its channel. */
  expected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  /** Arrived but did not open (tampered, malformed, unknown sender) or did not parse: must be 0. */
  rejected: number;
  /** Publishes the broker did not acknowledge (the connection dropped). */
  publishFailed: number;
  /** Connections that dropped after they first connected (and were opened again by the transport). */
  disconnects: number;
  /** Envelopes published while their device's connection was down (MQTT.js sends them on reconnecting). */
  whileDisconnected: number;
  /** publish() on the sender to opened and verified on the co-leader, ms. */
  latency: LatencySummary;
  markerLatency: LatencySummary;
  broker?: { cpuPercent: number; rssStartBytes: number; rssPeakBytes: number; rssEndBytes: number };
  /** This process's own CPU over the session: near 100 % per core means the tool, not the broker, set the pace. */
  toolCpuPercent: number;
  /** This process's event-loop delay over the session, p99 in ms: large, and its timers and receipts ran late. */
  toolLoopDelayP99: number;
}

type Kind = 'marker' | 'heartbeat' | 'decoy';

interface Sent {
  at: number;
  kind: Kind;
  /** The sending device's index in its channel. */
  from: number;
  /** Bit i: device i of the channel has it. */
  got: number;
}

interface Device {
  index: number;
  me: DeviceIdentity;
  transport: Transport;
  cover: Cover;
  counter: number;
  connected: Promise<void>;
  timers: ReturnType<typeof setTimeout>[];
}

interface Channel {
  id: string;
  key: ChannelKey;
  epochKey: EpochKey;
  topic: string;
  members: Map<string, PublicIdentity>;
  indexOf: Map<string, number>;
  sessionId: string;
  devices: Device[];
}

const hex = (n: number) => Buffer.from(nacl.randomBytes(n)).toString('hex');
const nonceKey = (e: Uint8Array) => Buffer.from(e.buffer, e.byteOffset, 24).toString('base64');

export function summarize(xs: number[]): LatencySummary {
  if (!xs.length) return { count: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN };
  const s = Float64Array.from(xs).sort();
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { count: s.length, p50: at(50), p90: at(90), p99: at(99), max: s[s.length - 1]! };
}

/** CPU seconds (user + system) a process used so far, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), from field 3 on: utime is 14, stime 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / CLOCK_TICKS;
}
/** sysconf(_SC_CLK_TCK): 100 on every Linux Node runs on. */
const CLOCK_TICKS = 100;

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const markerEvery = o.markerEveryMs ?? MARKER_EVERY_MS;
  const heartbeatEvery = o.heartbeatMs ?? HEARTBEAT_MS;
  const coverEvery = o.coverIntervalMs ?? COVER_INTERVAL_MS;
  const drainMs = o.drainMs ?? 180_000;
  const log = o.log ?? (() => undefined);
  const tag = hex(4);

  const sent = new Map<string, Sent>();
  const latencies: number[] = [];
  const markerLatencies: number[] = [];
  const published = { markers: 0, heartbeats: 0, decoys: 0 };
  let delivered = 0;
  let duplicated = 0;
  let rejected = 0;
  let publishFailed = 0;
  let disconnects = 0;
  let whileDisconnected = 0;
  let running = false;
  let lastDelivery = performance.now();

  const receive = async (ch: Channel, receiver: number, payload: Uint8Array) => {
    const key = nonceKey(payload);
    const entry = sent.get(key);
    // The broker's echo of this device's own envelope: recognised by its bytes, as the engine does.
    if (entry?.from === receiver) return;
    let opened;
    try {
      opened = await openEnvelopeAsync(payload, {
        channelId: ch.id,
        members: ch.members,
        epochKeys: () => [[FIRST_EPOCH, ch.epochKey] as const],
        messageKey: (sender, _epoch, counter) => controlMessageKey(ch.epochKey, sender, counter),
      });
    } catch {
      rejected++;
      return;
    }
    const from = ch.indexOf.get(opened.sender.deviceId);
    if (from === receiver) return;
    if (opened.type === 'events' && !parseEvents(opened.payload)) {
      rejected++;
      return;
    }
    const at = performance.now();
    lastDelivery = at;
    if (!entry) {
      // Sent before the session's bookkeeping started (none are) or never by this tool.
      rejected++;
      return;
    }
    const bit = 1 << receiver;
    if (entry.got & bit) {
      duplicated++;
      return;
    }
    entry.got |= bit;
    delivered++;
    latencies.push(at - entry.at);
    if (entry.kind === 'marker') markerLatencies.push(at - entry.at);
  };
  const publish = async (ch: Channel, d: Device, kind: Kind, events?: ChannelEvent[]) => {
    if (!running) return;
    const counter = kind === 'decoy' ? 0 : ++d.counter;
    const [envelope] = await sealEnvelopeAsync({
      channelId: ch.id,
      sender: d.me,
      epoch: FIRST_EPOCH,
      counter,
      epochKey: ch.epochKey,
      ...(kind === 'decoy'
        ? { type: 'decoy' as const, payload: new Uint8Array(0) }
        : { payload: encodeEvents(events!), messageKeys: [controlMessageKey(ch.epochKey, d.me.deviceId, counter)] }),
    });
    if (!running) return;
    // MQTT.js holds it until the connection is back, as the engine's outbox would.
    if (!d.transport.connected()) whileDisconnected++;
    sent.set(nonceKey(envelope!), { at: performance.now(), kind, from: d.index, got: 0 });
    published[kind === 'marker' ? 'markers' : kind === 'heartbeat' ? 'heartbeats' : 'decoys']++;
    if (kind !== 'decoy') d.cover.sent();
    await d.transport.publish(ch.topic, envelope!).catch(() => void publishFailed++);
  };

  // ---- Channels and devices; connections opened a batch at a time, each batch once the last one is in.
  const t0 = performance.now();
  const batch = o.connectBatch ?? 100;
  const all: { ch: Channel; d: Device }[] = [];
  const pending: (() => Device)[] = [];
  for (let c = 0; c < o.channels; c++) {
    const key = newChannelKey();
    const ids = Array.from({ length: o.devices }, () => newDeviceIdentity());
    const ch: Channel = {
      id: newChannelId(),
      key,
      epochKey: epochKey(key, FIRST_EPOCH),
      topic: topicOf(key, FIRST_EPOCH),
      members: new Map(ids.map((id) => [id.deviceId, publicIdentity(id)])),
      indexOf: new Map(ids.map((id, i) => [id.deviceId, i])),
      sessionId: crypto.randomUUID(),
      devices: [],
    };
    ids.forEach((me, index) =>
      pending.push(() => {
        let ready!: () => void;
        const connected = new Promise<void>((r) => (ready = r));
        let wasConnected = false;
        const d: Device = {
          index,
          me,
          counter: 0,
          connected,
          timers: [],
          cover: new Cover(
            {
              live: () => Promise.resolve(running),
              sendDecoy: () => publish(ch, d, 'decoy'),
              now: () => Date.now(),
            },
            coverEvery,
          ),
          transport: openTransport({
            url: o.url,
            clientId: `sq-load-${tag}-${c}-${index}`,
            topics: [channelSubscription(channelTopic(key))],
            mqtt,
            onMessage: (_topic, payload) => void receive(ch, index, payload),
            onState: (state) => {
              if (state === 'connected') {
                wasConnected = true;
                ready();
              } else if (wasConnected && state !== 'connecting') {
                wasConnected = false;
                disconnects++;
              }
            },
          }),
        };
        ch.devices[index] = d;
        all.push({ ch, d });
        return d;
      }),
    );
  }
  for (let i = 0; i < pending.length; i += batch) {
    await Promise.all(pending.slice(i, i + batch).map((open) => open().connected));
    if ((i / batch) % 5 === 4) log(`load: ${Math.min(i + batch, pending.length)} of ${pending.length} connected`);
  }
  const connectSeconds = (performance.now() - t0) / 1000;
  log(`load: ${all.length} connections (${o.channels} channels × ${o.devices}) in ${connectSeconds.toFixed(1)} s`);

  // ---- The session: every device starts at a random point, as devices that opened their panels apart do.
  const brokerStart = o.brokerPid ? { cpu: cpuSeconds(o.brokerPid), rss: rssBytes(o.brokerPid) } : undefined;
  let rssPeak = brokerStart?.rss ?? 0;
  const toolStart = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const started = performance.now();
  running = true;
  for (const { ch, d } of all) {
    const marker = (): ChannelEvent[] => {
      const now = Date.now();
      return [
        {
          t: 'marker',
          id: crypto.randomUUID(),
          sessionId: ch.sessionId,
          at: now - 60_000,
          wallAt: now,
          category: 'moment',
          memberId: null,
          text: '',
          auto: false,
          deleted: false,
          author: d.me.deviceId,
          hlc: `${now.toString(36)}-0000-${d.me.deviceId.slice(0, 8)}`,
        },
      ];
    };
    const heartbeat = (): ChannelEvent[] => [
      { t: 'presence', state: 'here', at: Date.now() },
      { t: 'digest', sessionId: ch.sessionId, hash: hex(16), n: d.counter, members: hex(16) },
    ];
    const every = (first: number, period: number, job: () => void) =>
      d.timers.push(
        setTimeout(() => {
          job();
          d.timers.push(setInterval(job, period));
        }, first),
      );
    every(Math.random() * markerEvery, markerEvery, () => void publish(ch, d, 'marker', marker()));
    every(Math.random() * heartbeatEvery, heartbeatEvery, () => void publish(ch, d, 'heartbeat', heartbeat()));
    every(Math.random() * coverEvery, COVER_TICK_MS, () => void d.cover.tick().catch(() => undefined));
  }
  const sampler = setInterval(() => {
    if (o.brokerPid) rssPeak = Math.max(rssPeak, rssBytes(o.brokerPid));
  }, 2_000);
  for (let s = 0; s < o.seconds; s += 30) {
    await sleep(Math.min(30, o.seconds - s) * 1000);
    log(`load: ${Math.min(s + 30, o.seconds)} of ${o.seconds} s, ${delivered} delivered, ${sent.size} sent`);
  }
  running = false;
  const deliveredInSession = delivered;
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  for (const { d } of all) for (const t of d.timers) clearInterval(t);
  const brokerEnd = o.brokerPid ? { cpu: cpuSeconds(o.brokerPid), rss: rssBytes(o.brokerPid) } : undefined;
  const tool = process.cpuUsage(toolStart);
  loopDelay.disable();

  // ---- What is still on its way: until everything arrived, nothing arrived for QUIET_MS, or drainMs passed.
  const expected = sent.size * (o.devices - 1);
  const drainEnd = performance.now() + drainMs;
  while (delivered < expected && performance.now() < drainEnd && performance.now() - lastDelivery < QUIET_MS)
    await sleep(250);
  const drainSeconds = (performance.now() - started) / 1000 - elapsed;

  await Promise.all(all.map(({ d }) => d.transport.close()));
  const total = published.markers + published.heartbeats + published.decoys;
  return {
    channels: o.channels,
    devices: o.devices,
    connections: all.length,
    seconds: elapsed,
    connectSeconds,
    drainSeconds,
    published: { ...published, total },
    envelopesPerSecond: total / elapsed,
    deliveriesPerSecond: deliveredInSession / elapsed,
    expected,
    delivered,
    lost: expected - delivered,
    duplicated,
    rejected,
    publishFailed,
    disconnects,
    whileDisconnected,
    latency: summarize(latencies),
    markerLatency: summarize(markerLatencies),
    ...(brokerStart && brokerEnd
      ? {
          broker: {
            cpuPercent: ((brokerEnd.cpu - brokerStart.cpu) / elapsed) * 100,
            rssStartBytes: brokerStart.rss,
            rssPeakBytes: Math.max(rssPeak, brokerEnd.rss),
            rssEndBytes: brokerEnd.rss,
          },
        }
      : {}),
    toolCpuPercent: ((tool.user + tool.system) / 1e6 / elapsed) * 100,
    toolLoopDelayP99: loopDelay.percentile(99) / 1e6,
  };
}
