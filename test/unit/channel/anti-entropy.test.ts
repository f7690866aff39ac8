// Anti-entropy against the real embedded broker (Aedes, broker/start.mjs),
// with three co-leaders paired by real invites through the product's own
// CoLeaderService, each on its own database, and changes made through the
// same SessionActions the panel uses.
//
// Aedes 1.2 can drop a QoS 1 message it acknowledged under a burst
// (moscajs/aedes#955). That cannot be provoked on demand, so the loss is
// made deterministic at the receiving client: the real mqtt.js client
// acknowledges the publish and its 'message' event never reaches the
// engine, which is what the receiver sees when the broker drops it. A
// spy on the broker opens every envelope (it holds the channel key, as a
// member would) to see what actually travelled.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvents, type ChannelEvent } from '../../../channel/events';
import { myIdentity, type ChannelRecord } from '../../../channel/state';
import type { TransportOptions } from '../../../channel/transport';
import {
  FIRST_EPOCH,
  ReceiveChain,
  controlMessageKey,
  epochKey,
  fieldCipher,
  fromBase64,
  newVaultKey,
  openEnvelope,
} from '../../../crypto';
import type { ChannelKey, EpochKey } from '../../../crypto/types';
import { templateById, TEMPLATES } from '../../../domain/templates';
import type { Session } from '../../../domain/types';
import { CoLeaderService } from '../../../ext/panel/coleader-service';
import { SessionActions } from '../../../ext/common/session-actions';
import { SquircleDb, type OutboxRow } from '../../../storage/db';
import { GroupsRepo } from '../../../storage/roster-repo';
import { startAedes, type AedesTestBroker } from '../../support/brokers';

type Filter = (topic: string, payload: Uint8Array) => boolean;

/** A publish as a client received it, and when. */
interface Delivered {
  topic: string;
  payload: Buffer;
  at: number;
}

interface Device {
  name: string;
  db: SquircleDb;
  service: CoLeaderService;
  actions: SessionActions;
  /** Set to drop incoming publishes after mqtt.js acknowledged them; returns true to drop. */
  drop: { filter: Filter | undefined; dropped: number };
  /** Set to hand the broker's acknowledgement of each publish to the engine this much later. */
  ack: { delayMs: number };
  /** Every publish the broker delivered to this device's client, dropped ones included. */
  got: Delivered[];
  /** Every publish this device's client made. */
  sent: Delivered[];
  id(): Promise<string>;
  groups(): GroupsRepo;
  markerIds(sessionId: string): Promise<string[]>;
}

let broker: AedesTestBroker;
const devices: Device[] = [];

function device(name: string): Device {
  const db = new SquircleDb(`ae-${name}-${crypto.randomUUID()}`);
  const cipher = fieldCipher(newVaultKey());
  const drop: Device['drop'] = { filter: undefined, dropped: 0 };
  const ack: Device['ack'] = { delayMs: 0 };
  const got: Delivered[] = [];
  const sent: Delivered[] = [];
  // The real client; only its 'message' events pass through this check.
  const lossy = {
    connect: ((url: string, opts: mqtt.IClientOptions) => {
      const client: MqttClient = mqtt.connect(url, opts);
      const emit = client.emit.bind(client) as (event: string, ...args: unknown[]) => boolean;
      (client as unknown as { emit: typeof emit }).emit = (event, ...args) => {
        if (event === 'message')
          got.push({ topic: args[0] as string, payload: Buffer.from(args[1] as Buffer), at: Date.now() });
        if (event === 'message' && drop.filter?.(args[0] as string, new Uint8Array(args[1] as Buffer))) {
          drop.dropped++;
          return true;
        }
        return emit(event, ...args);
      };
      const publish = client.publish.bind(client) as (
        t: string,
        m: Buffer,
        o: object,
        cb?: (e?: Error) => void,
      ) => MqttClient;
      (client as unknown as { publish: typeof publish }).publish = (t, m, o, cb) => {
        sent.push({ topic: t, payload: Buffer.from(m), at: Date.now() });
        return publish(t, m, o, (e) => (ack.delayMs ? setTimeout(() => cb?.(e), ack.delayMs) : cb?.(e)));
      };
      return client;
    }) as unknown as TransportOptions['mqtt']['connect'],
  };
  // A shorter cover interval: digests wait for free points after a burst of markers, a minute at most at 5 s.
  const service = new CoLeaderService(db, cipher, {
    brokerUrl: () => broker.url,
    mqtt: async () => lossy,
    coverIntervalMs: 500,
  });
  const actions = new SessionActions(db, cipher, name, Date.now, service.sink);
  const d: Device = {
    name,
    db,
    service,
    actions,
    drop,
    ack,
    got,
    sent,
    id: async () => (await myIdentity(service.repo)).deviceId,
    groups: () => new GroupsRepo(db, cipher),
    markerIds: async (sessionId) =>
      (await actions.markers.listBySession(sessionId, { includeDeleted: true })).map((m) => m.id),
  };
  devices.push(d);
  return d;
}

async function until<T>(what: string, f: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}: last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every event that crossed the broker on the channel topic, opened with the channel key. */
interface Seen {
  sender: string;
  events: ChannelEvent[];
}

/** Joins with the invite and the code as the inviter's panel shows them (the code as said, "123 456"). */
const joinBy = (
  d: { service: { join(text: string, code: string): Promise<void> } },
  i: { text: string; code: string },
) => d.service.join(i.text, i.code);

describe('anti-entropy with three co-leaders on the embedded broker', () => {
  let a: Device, b: Device, c: Device;
  let groupId: string;
  let session: Session;
  let channel: ChannelRecord;
  let spy: MqttClient;
  const seen: Seen[] = [];
  /** The raw envelopes of the channel topic, as the broker relayed them. */
  const raw: { topic: string; payload: Buffer; sender: string; at: number }[] = [];
  const ids: Record<string, string> = {};

  /** Parts of payloads that travelled as several envelopes, by sender, epoch and first counter. */
  const parts = new Map<string, Uint8Array[]>();
  /**
   * Opens one envelope as a member would; undefined for hellos, joins and
   * anything that does not open. A part of a longer payload gives its events
   * once every part was seen (none before).
   */
  /** Every epoch key a member held, as the spy learnt them (it never erases one). */
  const spyKeys = new Map<string, [number, EpochKey]>();
  /**
   * Each sender's receive chain in each epoch, copied from the first member
   * store that holds it (stored with the epoch's record, before any of its
   * envelopes is taken), and the message keys the spy took from them, kept
   * so it reads a redelivered envelope again.
   */
  const spyChains = new Map<string, ReceiveChain>();
  const spyMessageKeys = new Map<string, Uint8Array>();
  const learnKeys = async () => {
    for (const d of devices)
      for (const ch of await d.service.repo.channels())
        for (const e of ch.epochs ?? []) {
          spyKeys.set(e.key, [e.n, fromBase64(e.key) as EpochKey]);
          for (const m of ch.members) {
            const id = `${m.deviceId}:${e.n}`;
            if (spyChains.has(id)) continue;
            const stored = await d.service.repo.receiveChain(ch.channelId, m.deviceId, e.n);
            if (stored) spyChains.set(id, ReceiveChain.fromJSON(JSON.parse(stored)));
          }
        }
  };
  const spyMessageKey = (sender: string, epoch: number, counter: number): Uint8Array | undefined => {
    if (epoch === FIRST_EPOCH)
      return controlMessageKey(epochKey(fromBase64(channel.channelKey) as ChannelKey, FIRST_EPOCH), sender, counter);
    const id = `${sender}:${epoch}:${counter}`;
    const kept = spyMessageKeys.get(id) ?? spyChains.get(`${sender}:${epoch}`)?.take(counter);
    if (!kept) return undefined;
    spyMessageKeys.set(id, kept);
    return kept.slice();
  };
  const open = (topic: string, payload: Uint8Array): Seen | undefined => {
    if (!topic.startsWith('sq/v1/c/')) return undefined;
    const key = fromBase64(channel.channelKey) as ChannelKey;
    try {
      const o = openEnvelope(payload, {
        channelId: channel.channelId,
        members: new Map(channel.members.map((m) => [m.deviceId, m])),
        epochKeys: () => [[FIRST_EPOCH, epochKey(key, FIRST_EPOCH)], ...spyKeys.values()],
        messageKey: spyMessageKey,
      });
      if (o.type !== 'events') return undefined;
      const id = `${o.sender.deviceId}:${o.epoch}:${o.counter - o.part}`;
      const chunks = parts.get(id) ?? new Array<Uint8Array>(o.parts);
      parts.set(id, chunks);
      chunks[o.part] = o.payload;
      const whole = [...chunks].every((c) => c !== undefined) ? Buffer.concat(chunks) : undefined;
      return { sender: o.sender.deviceId, events: (whole && parseEvents(whole)) || [] };
    } catch {
      return undefined;
    }
  };
  const markerIds = (events: ChannelEvent[]) =>
    events.filter((e) => e.t === 'marker').map((e) => (e as { id: string }).id);

  /** Where the spy's and each device's lists of what the broker delivered stand now. */
  const position = () => ({
    raw: raw.length,
    got: new Map(devices.map((d) => [d, d.got.length])),
    sent: new Map(devices.map((d) => [d, d.sent.length])),
  });
  type Position = ReturnType<typeof position>;
  /**
   * Every channel envelope that crossed the broker since `p`, once each by
   * its bytes, as its sender's client published it or the spy or any device
   * received it (a subscriber Aedes drops a delivery to is not the only
   * witness), with the devices Aedes never delivered it to: Aedes 1.2 can drop a QoS 1 delivery when
   * publishes from several clients finish its persistence out of order (it
   * then takes the earlier one for a duplicate, moscajs/aedes#994). Only
   * envelopes first seen at least settleMs ago count as lost.
   */
  const crossedSince = (p: Position, settleMs = 1_000) => {
    const all = new Map<string, { sender: string; events: ChannelEvent[]; at: number; to: Set<Device> }>();
    // One some witness had before p went by before p, for all: it is none of these.
    const before = new Set(
      [
        ...raw.slice(0, p.raw),
        ...devices.flatMap((d) => [...d.got.slice(0, p.got.get(d) ?? 0), ...d.sent.slice(0, p.sent.get(d) ?? 0)]),
      ].map((r) => r.payload.toString('base64')),
    );
    const note = (topic: string, payload: Buffer, at: number, to?: Device) => {
      const key = payload.toString('base64');
      if (before.has(key)) return;
      let e = all.get(key);
      if (!e) {
        const s = open(topic, new Uint8Array(payload));
        if (!s) return;
        all.set(key, (e = { ...s, at, to: new Set() }));
      }
      e.at = Math.min(e.at, at);
      if (to) e.to.add(to);
    };
    for (const r of raw.slice(p.raw)) note(r.topic, r.payload, r.at);
    for (const d of devices) for (const g of d.got.slice(p.got.get(d) ?? 0)) note(g.topic, g.payload, g.at, d);
    // What a client published counts as crossing even if nobody got it: Aedes can drop one for every
    // subscriber at once.
    for (const d of devices) for (const g of d.sent.slice(p.sent.get(d) ?? 0)) note(g.topic, g.payload, g.at);
    const crossed = [...all.values()];
    const settled = Date.now() - settleMs;
    const lost = crossed.flatMap((e) =>
      e.at > settled
        ? []
        : devices
            .filter((d) => p.got.has(d) && ids[d.name] !== e.sender && !e.to.has(d))
            .map((d) => ({ device: d.name, events: e.events })),
    );
    return { crossed, lost };
  };

  beforeAll(async () => {
    broker = await startAedes();
    [a, b, c] = [device('A'), device('B'), device('C')];
    for (const d of [a, b, c]) ids[d.name] = await d.id();
    groupId = (await a.groups().create({ name: 'g', kind: 'closed', schedule: '', coLeaders: [] })).id;
    // A invites B, then (once B is in) A invites C with a second invite.
    await joinBy(b, await a.service.invite(groupId));
    await until(
      'B bound to the group',
      () => b.service.repo.channels(),
      (cs) => cs[0]?.groupId === groupId,
    );
    await joinBy(c, await a.service.invite(groupId));
    await until(
      'C bound to the group',
      () => c.service.repo.channels(),
      (cs) => cs[0]?.groupId === groupId,
    );
    channel = (await a.service.repo.channelForGroup(groupId))!;
    // Members open a new epoch as they change; the spy reads every key a member holds, as soon as it holds it.
    await learnKeys();
    for (const d of devices) d.service.repo.onChannelsChanged(() => void learnKeys());
    spy = await mqtt.connectAsync(broker.tcpUrl, { clientId: `spy-${process.pid}`, protocolVersion: 4 });
    await spy.subscribeAsync('sq/#', { qos: 1 });
    spy.on('message', async (topic, payload) => {
      const at = Date.now();
      let s = open(topic, new Uint8Array(payload));
      // Sealed under an epoch opened a moment ago: the spy reads the members' keys again.
      if (!s && topic.startsWith('sq/v1/c/')) {
        await learnKeys();
        s = open(topic, new Uint8Array(payload));
      }
      if (s) raw.push({ topic, payload: Buffer.from(payload), sender: s.sender, at });
      if (s) seen.push(s);
    });
  }, 120_000);

  afterAll(async () => {
    await spy?.endAsync();
    for (const d of devices) await d.service.stopAll();
    await broker?.stop();
  });

  it('B learns C from the inviter’s signed member list; every pair shows one safety number', async () => {
    for (const d of [a, b, c]) {
      const info = await until(
        `${d.name} pins the two others`,
        () => d.service.forGroup(groupId),
        (i) => (i?.coLeaders.length ?? 0) === 2,
      );
      expect(info!.coLeaders.map((x) => x.deviceId).sort()).toEqual(
        Object.values(ids)
          .filter((x) => x !== ids[d.name])
          .sort(),
      );
    }
    // The same number on both screens of each pair, and a different one for each pair.
    const number = async (on: Device, other: Device) =>
      (await on.service.forGroup(groupId))!.coLeaders.find((x) => x.deviceId === ids[other.name])!.safetyNumber;
    const ab = await number(a, b);
    const ac = await number(a, c);
    const bc = await number(b, c);
    expect(await number(b, a)).toBe(ab);
    expect(await number(c, a)).toBe(ac);
    expect(await number(c, b)).toBe(bc);
    expect(new Set([ab, ac, bc]).size).toBe(3);
    // B and C say who invited them.
    expect((await b.service.forGroup(groupId))!.coLeaders.find((x) => x.invitedMe)?.deviceId).toBe(ids.A);
    expect((await c.service.forGroup(groupId))!.coLeaders.find((x) => x.invitedMe)?.deviceId).toBe(ids.A);
  });

  it('a session started by A reaches B and C; with nothing lost, only digests follow the markers', async () => {
    session = await a.actions.start('group', groupId, 'none', '');
    for (const d of [b, c])
      await until(
        `${d.name} has the session`,
        () => d.actions.active(),
        (s) => s?.id === session.id,
      );
    // Let the start settle (resync answers, first digests) before counting.
    await sleep(4_000);
    const from = seen.length;
    const at = position();
    const made: string[] = [];
    for (let i = 0; i < 10; i++)
      made.push((await a.actions.mark(session, { category: 'general.mark', text: `a${i}` })).id);
    const onB = (await b.actions.active())!;
    for (let i = 0; i < 5; i++) made.push((await b.actions.mark(onB, { category: 'general.mark', text: `b${i}` })).id);
    for (const d of [a, b, c])
      await until(
        `${d.name} holds all 15`,
        () => d.markerIds(session.id),
        (m) => m.length === 15,
      );
    // Once quiet, each side digests what it holds, and all three digests agree.
    const latest = () => {
      const by = new Map<string, string>();
      for (const s of seen.slice(from)) for (const e of s.events) if (e.t === 'digest') by.set(s.sender, e.hash);
      return by;
    };
    await until(
      'a digest from each side, all the same',
      async () => [...latest().values()],
      (v) => v.length === 3 && new Set(v).size === 1,
    );
    await sleep(2_000);
    const { crossed, lost } = crossedSince(at);
    const after = crossed.flatMap((e) => e.events.map((x) => x.t));
    const crossings = crossed.flatMap((e) => markerIds(e.events));
    expect(after.filter((k) => k === 'resync' || k === 'session' || k === 'note-field' || k === 'attendance')).toEqual(
      [],
    );
    // A lost digest or presence never calls for a have or a want; only lost markers do.
    const lostMarkers = new Set(lost.flatMap((l) => markerIds(l.events)));
    if (!lostMarkers.size) {
      // No marker lost: each crossed the broker exactly once, and only digests followed.
      expect(after.filter((k) => k === 'have' || k === 'want')).toEqual([]);
      expect(crossings.sort()).toEqual([...made].sort());
      return;
    }
    // Aedes lost deliveries it had acknowledged (see crossedSince): what crossed again is what was lost,
    // and nothing else.
    const list = lost.map((l) => `${l.device} ${l.events.map((e) => e.t).join('+')}`).join(', ');
    console.warn(`The broker lost ${lost.length} deliveries: ${list}; checking the repair.`);
    expect([...new Set(crossings)].sort()).toEqual([...made].sort());
    expect(made.filter((id) => crossings.filter((x) => x === id).length > 1 && !lostMarkers.has(id))).toEqual([]);
    // Every have and want was sent by, or to, a leader that lost markers.
    const losers = new Set(lost.filter((l) => markerIds(l.events).length).map((l) => ids[l.device]));
    const asks = crossed.flatMap((e) =>
      e.events.flatMap((x) => (x.t === 'have' || x.t === 'want' ? [{ from: e.sender, to: x.to }] : [])),
    );
    expect(asks.filter((x) => !losers.has(x.from) && !losers.has(x.to))).toEqual([]);
  }, 60_000);

  it('markers the broker lost on the way to C arrive after the digests, and only those are sent again', async () => {
    // C loses the 2nd and 5th of A's envelopes that carry markers.
    let withMarkers = 0;
    const lost: string[] = [];
    c.drop.filter = (topic, payload) => {
      if (open(topic, payload)?.sender !== ids.A) return false;
      const s = open(topic, payload);
      const markers = s?.events.filter((e) => e.t === 'marker') ?? [];
      if (!markers.length) return false;
      withMarkers++;
      if (withMarkers !== 2 && withMarkers !== 5) return false;
      lost.push(...markers.map((m) => (m as { id: string }).id));
      return true;
    };
    const at = position();
    const made: string[] = [];
    for (let i = 0; i < 20; i++)
      made.push((await a.actions.mark(session, { category: 'general.mark', text: `burst ${i}` })).id);
    await until(
      'B holds the burst',
      () => b.markerIds(session.id),
      (m) => made.every((id) => m.includes(id)),
    );
    await until(
      'C dropped two envelopes',
      async () => c.drop.dropped,
      (n) => n === 2,
    );
    c.drop.filter = undefined;
    // (Whether C still lacks them at this point depends on timing: anti-entropy may already be at work.)
    expect(lost.length).toBeGreaterThanOrEqual(2);
    const onC = await until(
      'C recovers every marker',
      () => c.markerIds(session.id),
      (m) => made.every((id) => m.includes(id)),
    );
    const all = await a.markerIds(session.id);
    for (const d of [b, c]) {
      const mine = await d.markerIds(session.id);
      expect(new Set(mine).size).toBe(mine.length);
      expect([...mine].sort()).toEqual([...all].sort());
    }
    expect(onC.length).toBe(all.length);
    // C asked (a have answering a digest, or a want answering another's have) and got back the
    // lost markers only, once: nothing was snapshotted, nobody reconnected, the rest went once.
    await sleep(4_000);
    const { crossed, lost: lostByBroker } = crossedSince(at);
    const asked = crossed
      .filter((e) => e.sender === ids.C)
      .flatMap((e) => e.events.filter((x) => x.t === 'have' || x.t === 'want'));
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(crossed.flatMap((e) => e.events.map((x) => x.t)).filter((k) => k === 'resync' || k === 'session')).toEqual(
      [],
    );
    // Only the lost markers crossed again (and any Aedes itself lost, see crossedSince). Usually once; with
    // three leaders, when C's state moved between answering A's digest and B's, both may send them: never
    // more than once per other leader.
    if (lostByBroker.length) {
      const list = lostByBroker.map((l) => `${l.device} ${l.events.map((e) => e.t).join('+')}`).join(', ');
      console.warn(`The broker lost ${lostByBroker.length} deliveries as well: ${list}.`);
    }
    const crossings = (id: string) => crossed.flatMap((e) => markerIds(e.events)).filter((x) => x === id).length;
    const twice = made.filter((id) => crossings(id) > 1);
    const lostAtAll = new Set([...lost, ...lostByBroker.flatMap((l) => markerIds(l.events))]);
    expect(twice.filter((id) => !lostAtAll.has(id))).toEqual([]);
    for (const id of lost) expect(crossings(id)).toBeGreaterThan(1);
    for (const id of lostAtAll) expect(crossings(id)).toBeLessThanOrEqual(3);
  }, 60_000);
  it('outbox: none for a marker acked at once, one for a note; one acked late waits there, arrives once', async () => {
    // The engine learns which sessions are open on a share; this one lets it.
    const first = await a.actions.mark(session, { category: 'general.mark', text: 'first' });
    await until(
      'B has it',
      () => b.markerIds(session.id),
      (m) => m.includes(first.id),
    );
    // Rows that carry a given event, written or still stored: digests and
    // presence get rows of their own whenever they go out, which is none of this.
    const created: OutboxRow[] = [];
    a.db.outbox.hook('creating', (_key, row) => void created.push(row));
    const carrying = (rows: OutboxRow[], is: (e: ChannelEvent) => boolean) =>
      rows.filter((r) => open(r.topic, r.envelope)?.events.some(is)).length;
    const stored = async (is: (e: ChannelEvent) => boolean) => carrying(await a.db.outbox.toArray(), is);
    const marker = (id: string) => (e: ChannelEvent) => e.t === 'marker' && e.id === id;
    const quick = await a.actions.mark(session, { category: 'general.mark', text: 'acknowledged at once' });
    for (const d of [b, c])
      await until(
        `${d.name} has it`,
        () => d.markerIds(session.id),
        (m) => m.includes(quick.id),
      );
    await sleep(500);
    expect(carrying(created, marker(quick.id))).toBe(0);
    expect(await stored(marker(quick.id))).toBe(0);
    // A note field is not in what anti-entropy covers for certain: its row is written as it is sent.
    const noteField = (e: ChannelEvent) => e.t === 'note-field';
    await a.actions.saveNote(session.id, templateById(TEMPLATES, 'group-process'), { themes: 'a note' });
    await until(
      'the note row written and gone again',
      async () => [carrying(created, noteField), await stored(noteField)],
      ([r, n]) => r === 1 && n === 0,
      10_000,
    );

    a.ack.delayMs = 4_000; // past the engine's 3 s wait
    const slow = await a.actions.mark(session, { category: 'general.mark', text: 'acknowledged late' });
    for (const d of [b, c])
      await until(
        `${d.name} has it`,
        () => d.markerIds(session.id),
        (m) => m.includes(slow.id),
      );
    expect(await stored(marker(slow.id))).toBe(0); // not yet: the engine still waits
    await until(
      'the late envelope in the outbox',
      () => stored(marker(slow.id)),
      (n) => n === 1,
      5_000,
    );
    a.ack.delayMs = 0;
    await until(
      'the outbox empty of it once acknowledged',
      () => stored(marker(slow.id)),
      (n) => n === 0,
      10_000,
    );
    await sleep(1_000);
    for (const d of [a, b, c]) {
      const mine = await d.markerIds(session.id);
      expect(mine.filter((id) => id === slow.id)).toHaveLength(1);
    }
  }, 60_000);

  it('an envelope replayed after a panel restart is refused as a replay: the windows are kept on stop', async () => {
    const marked = await a.actions.mark(session, { category: 'general.mark', text: 'before the restart' });
    await until(
      'B has it',
      () => b.markerIds(session.id),
      (m) => m.includes(marked.id),
    );
    // As B's client was delivered it (B applied it, so it has it; the spy may still be waiting for its copy).
    const envelope = b.got
      .filter(
        (r) =>
          open(r.topic, new Uint8Array(r.payload))?.sender === ids.A &&
          open(r.topic, new Uint8Array(r.payload))?.events.some((e) => e.t === 'marker' && e.id === marked.id),
      )
      .at(-1)!;
    expect(envelope).toBeDefined();
    // Stopped at once, well within the engine's write-back delay.
    await b.service.stopAll();
    await b.service.startAll();
    await until(
      'B connected again',
      async () => (await b.service.forGroup(groupId))?.status.state,
      (s) => s === 'connected',
    );
    const replays = async () =>
      (await b.service.repo.diagnostics(channel.channelId)).find((r) => r.id.endsWith(':replay'))?.count ?? 0;
    const before = await replays();
    await spy.publishAsync(envelope.topic, envelope.payload, { qos: 1 });
    await until('B counts the replay', replays, (n) => n === before + 1, 10_000);
  }, 60_000);

  it('a joiner whose group the broker lost twice asks again until it has it, then holds the open session', async () => {
    const d = device('D');
    // D loses the first two of A's envelopes that carry the roster (which binds a joiner to its group).
    let rosters = 0;
    d.drop.filter = (topic, payload) => {
      if (open(topic, payload)?.sender !== ids.A) return false;
      if (!open(topic, payload)?.events.some((e) => e.t === 'roster')) return false;
      return ++rosters <= 2;
    };
    await joinBy(d, await a.service.invite(groupId));
    await until(
      'D bound to the group',
      () => d.service.repo.channels(),
      (cs) => cs[0]?.groupId === groupId,
    );
    expect(d.drop.dropped).toBe(2);
    d.drop.filter = undefined;
    const all = await a.markerIds(session.id);
    const onD = await until(
      'D holds every marker of the open session',
      () => d.markerIds(session.id),
      (m) => m.length === all.length,
    );
    expect([...onD].sort()).toEqual([...all].sort());
  }, 60_000);
});
