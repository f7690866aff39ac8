/**
 * The broker load: many co-leader channels at once against one broker, each
 * device running the panel's own channel code. Per device: a store of its
 * own (storage/, Dexie on IndexedDB, rows sealed under its own vault key),
 * the panel's ChannelEngine (its transport with QoS 1 and a persistent
 * session, sealed and signed envelopes under the channel's epoch keys, the
 * outbox, cover traffic, heartbeats with digests, anti-entropy, replay
 * windows) and SessionActions making markers as a click does, handed to the
 * engine as the panel's sink hands them. Received markers are applied by
 * the panel's Applier into the device's store.
 *
 * Two things are counted apart:
 * - at the broker: every envelope the broker acknowledged (QoS 1 PUBACK) is
 *   followed to each co-leader's connection. One that never came is a
 *   broker drop (Aedes drops acknowledged messages under load,
 *   moscajs/aedes#955); one that came twice, a broker duplicate. These are
 *   what the channel must recover from, not results.
 * - in the stores: every marker made is owed once to each co-leader's
 *   store. After the session, the engines keep running (heartbeats,
 *   digests, anti-entropy) until every owed marker was applied or the drain
 *   ran out; lost (never applied) and duplicated (applied twice, counted by
 *   the store's own write notices) must be 0. How long that took is the
 *   recovery time.
 *
 * The broker's CPU time and memory are read from /proc for its process id.
 * Nothing is timed against a target here: the figures go to the bench table
 * (test/bench/figures/load.ts) and to `npm run load`.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import mqtt, { type IClientOptions, type MqttClient, type Packet } from 'mqtt';
import {
  fieldCipher,
  newChannelId,
  newChannelKey,
  newDeviceIdentity,
  newVaultKey,
  publicIdentity,
  serializeIdentity,
  toBase64,
} from '../../crypto';
import { Applier } from '../../channel/apply';
import { COVER_INTERVAL_MS } from '../../channel/cover';
import { ChannelEngine } from '../../channel/engine';
import { sessionSnapshot } from '../../channel/local-events';
import type { ChannelRecord } from '../../channel/state';
import type { Session } from '../../domain/types';
import { SessionActions } from '../../ext/common/session-actions';
import { activeSessionId, setActiveSession } from '../../storage/active-session';
import { ChannelRepo } from '../../storage/channel-repo';
import { SquircleDb } from '../../storage/db';
import { MarkersRepo, onMarkerWrite } from '../../storage/markers-repo';
import { NotesRepo } from '../../storage/notes-repo';
import { SessionsRepo } from '../../storage/sessions-repo';

/** A marker every 10 s per device is the load; the heartbeat is the engine's own (20 s). */
export const MARKER_EVERY_MS = 10_000;
/** After the session, the drain also ends once nothing was applied for this long and the broker is quiet. */
const QUIET_MS = 60_000;

export interface LoadOptions {
  /** mqtt://127.0.0.1:<port> or ws://127.0.0.1:<port>. */
  url: string;
  channels: number;
  /** Devices per channel (co-leaders' devices), each its own store, engine and connection. */
  devices: number;
  /** How long the session runs, in seconds, once every device is connected. */
  seconds: number;
  /** The broker's process id, for its CPU time and memory (Linux /proc); none: not reported. */
  brokerPid?: number;
  markerEveryMs?: number;
  coverIntervalMs?: number;
  /** After the session: how long at most the engines get to recover what is missing (default 3 minutes). */
  drainMs?: number;
  /** About how many devices are started at once while connecting (whole channels at a time). */
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
  /** Envelopes the devices published and the broker acknowledged during the session (every kind). */
  envelopes: number;
  /** Publishes per second over the session, all devices together. */
  envelopesPerSecond: number;
  /** Deliveries to co-leaders of the envelopes acknowledged during the session, per second of it. */
  deliveriesPerSecond: number;
  /** At the broker: acknowledged envelopes owed to co-leaders' connections, never delivered or delivered twice. */
  broker: { owed: number; dropped: number; duplicated: number };
  /** Markers made (SessionActions.mark resolved). */
  markers: number;
  /** marks that failed on their own device (the local write): not made, not owed. */
  markFailed: number;
  /** Each marker once to each co-leader's store. */
  owed: number;
  applied: number;
  /** Owed and never applied, once the engines had drained: must be 0. */
  lost: number;
  /** Applied twice to the same store (its write notices): must be 0. */
  duplicated: number;
  /** Applied, of markers this run never made: must be 0. */
  unknown: number;
  /** After the session, until every owed marker was applied (or the drain ended). */
  recoverySeconds: number;
  /** Owed markers still missing when the session ended, recovered (or not) in the drain. */
  missingAtEnd: number;
  /** Envelopes the engines refused, by reason (ChannelRepo diagnostics): replays are the broker's duplicates. */
  rejected: Record<string, number>;
  /** Connections that dropped after they first connected (and were opened again by the transport). */
  disconnects: number;
  /** Made on the author (its wall clock) to applied in a co-leader's store, ms. */
  markerLatency: LatencySummary;
  brokerProcess?: { cpuPercent: number; rssStartBytes: number; rssPeakBytes: number; rssEndBytes: number };
  /** This process's own CPU over the session: near 100 % of a core means the tool, not the broker, set the pace. */
  toolCpuPercent: number;
  /** This process's event-loop delay over the session, p99 in ms: large, and its timers and receipts ran late. */
  toolLoopDelayP99: number;
}

interface Device {
  index: number;
  db: SquircleDb;
  repo: ChannelRepo;
  engine: ChannelEngine;
  actions: SessionActions;
  timers: ReturnType<typeof setTimeout>[];
  connected: Promise<void>;
}

interface Channel {
  index: number;
  id: string;
  groupId: string;
  session: Session;
  devices: Device[];
}

/** An envelope's nonce (its first 24 bytes, random per envelope), as a key. */
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
  const drainMs = o.drainMs ?? 180_000;
  const log = o.log ?? (() => undefined);
  const tag = crypto.randomUUID().slice(0, 8);
  const bits = (1 << o.devices) - 1;

  // ---- At the broker: acknowledged envelopes by nonce, and which devices' connections received each.
  /** Publishes are counted from the session's start to the drain's end. */
  let counting = false;
  /** By nonce: the sending device, and whether it was acknowledged while the session ran (not in the drain). */
  const acked = new Map<string, { from: number; inSession: boolean }>();
  const received = new Map<string, number>();
  let brokerDuplicated = 0;
  let envelopesInSession = 0;
  let running = false;
  let lastBrokerActivity = performance.now();
  const tap = (device: number, client: MqttClient): MqttClient => {
    const inFlight = new Map<number, string>();
    client.on('packetsend', (p: Packet) => {
      if (p.cmd === 'publish' && p.qos === 1 && p.messageId !== undefined && counting && typeof p.payload !== 'string')
        inFlight.set(p.messageId, nonceKey(p.payload));
    });
    client.on('packetreceive', (p: Packet) => {
      if (p.cmd !== 'puback' || p.messageId === undefined) return;
      const key = inFlight.get(p.messageId);
      inFlight.delete(p.messageId);
      if (key === undefined) return;
      acked.set(key, { from: device, inSession: running });
      if (running) envelopesInSession++;
    });
    client.on('message', (_topic, payload: Buffer) => {
      if (payload.length < 24) return;
      lastBrokerActivity = performance.now();
      const key = nonceKey(payload);
      const had = received.get(key) ?? 0;
      const bit = 1 << device;
      if (had & bit) brokerDuplicated++;
      received.set(key, had | bit);
    });
    return client;
  };

  // ---- In the stores: markers made, and each co-leader's store's writes of them.
  const made = new Map<string, { channel: number; from: number }>();
  const applied = new Map<string, number>();
  const latencies: number[] = [];
  let duplicated = 0;
  let markFailed = 0;
  let disconnects = 0;
  let lastApplied = performance.now();

  const cover = o.coverIntervalMs ?? COVER_INTERVAL_MS;
  const t0 = performance.now();
  const channels: Channel[] = [];
  const pending: (() => Promise<Device>)[][] = [];
  for (let c = 0; c < o.channels; c++) {
    const key = toBase64(newChannelKey());
    const ids = Array.from({ length: o.devices }, () => newDeviceIdentity());
    const now = Date.now();
    const ch: Channel = {
      index: c,
      id: newChannelId(),
      groupId: crypto.randomUUID(),
      // The session both started before the load: each device's copy of the same running session.
      session: {
        id: crypto.randomUUID(),
        ownerKind: 'group',
        ownerId: '',
        platform: 'none',
        meetingHash: '',
        startedAt: now - 60_000,
        endedAt: null,
        pauses: [],
        attendance: {},
        hlc: `${(now - 60_000).toString(36)}-0000-load`,
        updatedAt: now,
      },
      devices: [],
    };
    ch.session.ownerId = ch.groupId;
    channels.push(ch);
    const opens: (() => Promise<Device>)[] = [];
    pending.push(opens);
    const verified = Object.fromEntries(ids.map((id) => [id.deviceId, publicIdentity(id).signPk]));
    ids.forEach((me, index) =>
      opens.push(async () => {
        const db = new SquircleDb(`squircle-load-${tag}-${c}-${index}`);
        const cipher = fieldCipher(newVaultKey());
        const repo = new ChannelRepo(db, cipher);
        await repo.putIdentity(serializeIdentity(me));
        // Paired and verified, as two leaders are after the pairing code matched.
        const record: ChannelRecord = {
          v: 1,
          channelId: ch.id,
          channelKey: key,
          brokerUrl: o.url,
          groupId: ch.groupId,
          role: index === 0 ? 'inviter' : 'joiner',
          ...(index === 0 ? {} : { inviterId: ids[0]!.deviceId }),
          members: ids.map(publicIdentity),
          verified,
          clientId: `sq-load-${tag}-${c}-${index}`,
        };
        await repo.putChannel(ch.id, ch.groupId, record);
        const sessions = new SessionsRepo(db, cipher);
        await sessions.upsert(ch.session);
        await setActiveSession(db, ch.session.id);
        const engine = new ChannelEngine(ch.id, {
          repo,
          applier: (groupId) => new Applier(db, cipher, groupId),
          // What the panel's CoLeaderService gives its engines, read from this device's store.
          snapshot: async (sessionId) => {
            const s = await sessions.get(sessionId);
            if (!s || s.ownerKind !== 'group') return [];
            const markers = await new MarkersRepo(db, cipher).listBySession(sessionId, { includeDeleted: true });
            return sessionSnapshot(s, markers, await new NotesRepo(db, cipher).listBySession(sessionId));
          },
          roster: async () => undefined,
          openSessions: async (groupId) => {
            const active = await activeSessionId(db);
            const s = active ? await sessions.get(active) : undefined;
            return s && s.ownerKind === 'group' && s.ownerId === groupId ? [s.id] : [];
          },
          mqtt: {
            connect: ((url: string, opts: IClientOptions) =>
              tap(index, mqtt.connect(url, opts))) as typeof mqtt.connect,
          },
          coverIntervalMs: cover,
        });
        const actions = new SessionActions(db, cipher, me.deviceId, Date.now, (_groupId, events, handedOff) =>
          engine.share(events, handedOff),
        );
        onMarkerWrite(db, (w) => {
          if (w.kind !== 'saved' || w.marker.author === me.deviceId) return;
          const bit = 1 << index;
          const had = applied.get(w.marker.id) ?? 0;
          if (had & bit) return void duplicated++;
          applied.set(w.marker.id, had | bit);
          lastApplied = performance.now();
          latencies.push(Date.now() - w.marker.wallAt);
        });
        let ready!: () => void;
        const connected = new Promise<void>((r) => (ready = r));
        let wasConnected = false;
        engine.onStatus((s) => {
          if (s.state === 'connected') {
            wasConnected = true;
            ready();
          } else if (wasConnected && s.state !== 'connecting' && s.state !== 'stopped') {
            wasConnected = false;
            disconnects++;
          }
        });
        await engine.start();
        const d: Device = { index, db, repo, engine, actions, timers: [], connected };
        ch.devices[index] = d;
        return d;
      }),
    );
  }
  // A channel's devices as after pairing: the joiners subscribed before the inviter opens the first data epoch.
  const openChannel = async (opens: (() => Promise<Device>)[]) => {
    const joiners = await Promise.all(opens.slice(1).map((open) => open()));
    await Promise.all(joiners.map((d) => d.connected));
    const inviter = await opens[0]!();
    await inviter.connected;
  };
  const batch = Math.max(1, Math.floor((o.connectBatch ?? 60) / o.devices));
  for (let i = 0; i < pending.length; i += batch) {
    await Promise.all(pending.slice(i, i + batch).map(openChannel));
    if ((i / batch) % 10 === 9) log(`load: ${Math.min(i + batch, pending.length) * o.devices} devices connected`);
  }
  const all = channels.flatMap((ch) => ch.devices.map((d) => ({ ch, d })));
  const connectSeconds = (performance.now() - t0) / 1000;
  log(`load: ${all.length} devices (${o.channels} channels × ${o.devices}) in ${connectSeconds.toFixed(1)} s`);

  // ---- The session: every device marks from a random point on, as leaders who opened their panels apart do.
  const brokerStart = o.brokerPid ? { cpu: cpuSeconds(o.brokerPid), rss: rssBytes(o.brokerPid) } : undefined;
  let rssPeak = brokerStart?.rss ?? 0;
  const toolStart = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const started = performance.now();
  counting = true;
  running = true;
  for (const { ch, d } of all) {
    const mark = () => {
      if (!running) return;
      d.actions.mark(ch.session, { category: 'moment' }).then(
        (m) => made.set(m.id, { channel: ch.index, from: d.index }),
        () => void markFailed++,
      );
    };
    d.timers.push(
      setTimeout(() => {
        mark();
        d.timers.push(setInterval(mark, markerEvery));
      }, Math.random() * markerEvery),
    );
  }
  const sampler = setInterval(() => {
    if (o.brokerPid) rssPeak = Math.max(rssPeak, rssBytes(o.brokerPid));
  }, 2_000);
  for (let s = 0; s < o.seconds; s += 30) {
    await sleep(Math.min(30, o.seconds - s) * 1000);
    log(`load: ${Math.min(s + 30, o.seconds)} of ${o.seconds} s, ${made.size} markers made, ${applied.size} applied`);
  }
  running = false;
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  for (const { d } of all) for (const t of d.timers) clearInterval(t);
  const brokerEnd = o.brokerPid ? { cpu: cpuSeconds(o.brokerPid), rss: rssBytes(o.brokerPid) } : undefined;
  const tool = process.cpuUsage(toolStart);
  loopDelay.disable();

  // ---- Recovery: the engines run on (heartbeats, digests, anti-entropy) until every owed marker is applied.
  const missing = () => {
    let n = 0;
    for (const [id, m] of made) n += o.devices - 1 - popcount((applied.get(id) ?? 0) & bits & ~(1 << m.from));
    return n;
  };
  // Marks still on their way when the session ended resolve first.
  await sleep(500);
  const missingAtEnd = missing();
  const drainStart = performance.now();
  let recoverySeconds = 0;
  for (;;) {
    const left = missing();
    const now = performance.now();
    if (!left) {
      recoverySeconds = (now - drainStart) / 1000;
      break;
    }
    if (now - drainStart > drainMs || (now - lastApplied > QUIET_MS && now - lastBrokerActivity > QUIET_MS)) {
      recoverySeconds = (now - drainStart) / 1000;
      break;
    }
    await sleep(250);
  }
  counting = false;
  // Deliveries of what was acknowledged last are let in before the broker's drops are counted.
  await sleep(1_000);
  let brokerOwed = 0;
  let deliveriesInSession = 0;
  let dropped = 0;
  for (const [key, e] of acked) {
    brokerOwed += o.devices - 1;
    const got = popcount((received.get(key) ?? 0) & bits & ~(1 << e.from));
    dropped += o.devices - 1 - got;
    if (e.inSession) deliveriesInSession += got;
  }

  const rejected: Record<string, number> = {};
  const stop = async ({ ch, d }: { ch: Channel; d: Device }) => {
    await d.engine.stop();
    for (const r of await d.repo.diagnostics(ch.id)) {
      const reason = r.id.slice(ch.id.length + 1);
      rejected[reason] = (rejected[reason] ?? 0) + r.count;
    }
    d.db.close();
    await d.db.delete().catch(() => undefined);
  };
  for (let i = 0; i < all.length; i += 100) await Promise.all(all.slice(i, i + 100).map(stop));

  const owed = made.size * (o.devices - 1);
  const lost = missing();
  let unknown = 0;
  for (const id of applied.keys()) if (!made.has(id)) unknown++;
  return {
    channels: o.channels,
    devices: o.devices,
    connections: all.length,
    seconds: elapsed,
    connectSeconds,
    envelopes: acked.size,
    envelopesPerSecond: envelopesInSession / elapsed,
    deliveriesPerSecond: deliveriesInSession / elapsed,
    broker: { owed: brokerOwed, dropped, duplicated: brokerDuplicated },
    markers: made.size,
    markFailed,
    owed,
    applied: owed - lost,
    lost,
    duplicated,
    unknown,
    recoverySeconds,
    missingAtEnd,
    rejected,
    disconnects,
    markerLatency: summarize(latencies),
    ...(brokerStart && brokerEnd
      ? {
          brokerProcess: {
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

function popcount(n: number): number {
  let c = 0;
  for (; n; n &= n - 1) c++;
  return c;
}
