import {
  ReplayWindow,
  channelTopic,
  decodeInvite,
  envelopeSenderId,
  epochKey,
  joinAccept,
  joinMessageKind,
  joinTopic,
  openEnvelopeAsync,
  openJoinRequest,
  samePublicIdentity,
  validatePublicIdentity,
} from '../crypto';
import { EnvelopeError } from '../crypto/channel-errors';
import { isHello, openHello, sealHello } from '../crypto/hello';
import type { DeviceIdentity, PublicIdentity } from '../crypto/types';
import type { ChannelRepo } from '../storage/channel-repo';
import { AntiEntropy } from './anti-entropy';
import type { Applier } from './apply';
import { SentEnvelopes } from './echoes';
import { parseEvents, type ChannelEvent, type MembersEvent } from './events';
import { emitToChannel, inChannelLane, sealEvents } from './outgoing';
import { channelTopicName, joinTopicName, keyOf, myIdentity, type ChannelRecord, type InviteRecord } from './state';
import { openTransport, type BrokerAccount, type ConnState, type Transport, type TransportOptions } from './transport';

export type Presence = 'here' | 'away' | 'gone';

export interface ChannelStatus {
  /** 'elsewhere': another page of this browser runs the channel (ext/coleader-service.ts). */
  state: ConnState | 'stopped' | 'elsewhere';
  /** Envelopes written here and not yet acknowledged by the broker. */
  waiting: number;
  /** deviceId → the co-leader's presence. */
  presence: Record<string, Presence>;
}

export interface EngineDeps {
  repo: ChannelRepo;
  /** Applies a co-leader's events; built for the channel's group. */
  applier: (groupId: string) => Applier;
  /** What this device has of a session, for a co-leader who asks again. */
  snapshot: (sessionId: string) => Promise<ChannelEvent[]>;
  /** The group's roster, which the inviter shares with joiners. */
  roster: (groupId: string) => Promise<ChannelEvent | undefined>;
  /** Sessions to ask the co-leader for again after a reconnect. */
  openSessions: (groupId: string) => Promise<string[]>;
  /** A session of the group ended (here or on the co-leader's side): hand over what was parked. */
  sessionEnded?: (sessionId: string) => Promise<void>;
  mqtt: TransportOptions['mqtt'];
  /** The account to sign in to the channel's broker with, if any (channel/broker-accounts.ts). */
  account?: (url: string) => Promise<BrokerAccount | undefined>;
  now?: () => number;
}

/** An envelope's nonce (bytes 45..69, random per envelope; crypto/envelope.ts), as a key. */
const envelopeKey = (e: Uint8Array): string => String.fromCharCode(...e.subarray(45, 69));

const HEARTBEAT_MS = 20_000;
const ownPresence = (): 'here' | 'away' =>
  typeof document !== 'undefined' && document.visibilityState === 'hidden' ? 'away' : 'here';
const ANTI_ENTROPY_TICK_MS = 500;
const GONE_AFTER_MS = 50_000;
/** Replay windows are written back at most this long after an envelope moved them. */
const WINDOW_SAVE_MS = 250;
/** A directly published envelope waits this long for the broker's acknowledgement before it goes into the outbox. */
const ACK_WAIT_MS = 3_000;
/** A joiner without its group yet asks the inviter again this often. */
const ASK_TO_BIND_MS = 3_000;

/**
 * One co-leader channel at work in the panel: connects, sends the outbox
 * in order, opens what arrives (rejecting replays, tampering and strangers,
 * counting each), applies events, answers joins for pending invites, and
 * keeps presence. Nothing it receives can crash it: every failure is a
 * counted rejection.
 */
export class ChannelEngine {
  private transport: Transport | undefined;
  private me!: DeviceIdentity;
  private channel!: ChannelRecord;
  private flushing: Promise<void> | undefined;
  private status: ChannelStatus = { state: 'stopped', waiting: 0, presence: {} };
  private readonly seen = new Map<string, { at: number; state: 'here' | 'away' }>();
  private readonly listeners = new Set<(s: ChannelStatus) => void>();
  private timers: ReturnType<typeof setInterval>[] = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly sent = new SentEnvelopes();
  private readonly antiEntropy: AntiEntropy;
  private askedToBindAt = 0;
  /** Envelopes share() is publishing itself, by envelopeKey. */
  private readonly direct = new Set<string>();
  /** The channel record changed in the store since it was last read (a verification, another page). */
  private channelStale = false;
  private stopWatching: (() => void)[] = [];
  /**
   * The group's open sessions (what anti-entropy digests), while known:
   * forgotten when the sessions or the running session change, and read
   * again on the next share.
   */
  private open: Set<string> | undefined;
  private openGeneration = 0;
  /**
   * Each sender's replay window, by `${deviceId}:${epoch}`: read from the
   * store once, then kept here (this engine alone writes them, one engine
   * per channel in a browser) and written back at most WINDOW_SAVE_MS later
   * (saveWindows), and on stop.
   */
  private readonly windows = new Map<string, { deviceId: string; epoch: number; window: ReplayWindow }>();
  private readonly unsavedWindows = new Set<string>();
  private windowsTimer: ReturnType<typeof setTimeout> | undefined;
  private savingWindows: Promise<void> = Promise.resolve();
  private applierFor: { groupId: string; applier: Applier } | undefined;

  constructor(
    private readonly channelId: string,
    private readonly deps: EngineDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.antiEntropy = new AntiEntropy({
      me: () => this.me.deviceId,
      openSessions: async () => (this.channel.groupId ? this.deps.openSessions(this.channel.groupId) : []),
      snapshot: (id) => this.groupSnapshot(id),
      members: () => this.channel.members,
      membersEvent: () => (this.channel.role === 'inviter' ? this.membersEvent() : undefined),
      emit: (events) => this.emit(events),
      now: () => this.now(),
    });
  }

  onStatus(cb: (s: ChannelStatus) => void): () => void {
    this.listeners.add(cb);
    cb(this.status);
    return () => this.listeners.delete(cb);
  }

  async start(): Promise<void> {
    this.stopWatching = [
      this.deps.repo.onChannelsChanged(() => (this.channelStale = true)),
      this.deps.repo.onSessionsChanged(() => {
        this.open = undefined;
        this.openGeneration++;
      }),
    ];
    this.me = await myIdentity(this.deps.repo);
    this.channel = (await this.deps.repo.channel(this.channelId))!;
    const key = keyOf(this.channel);
    const invites = await this.pendingInvites();
    const account = await this.deps.account?.(this.channel.brokerUrl);
    this.transport = openTransport({
      url: this.channel.brokerUrl,
      clientId: this.channel.clientId,
      ...(account ? { account } : {}),
      topics: [
        channelTopicName(channelTopic(key)),
        ...invites.map((i) => joinTopicName(joinTopic(decodeInvite(i.text, 0)))),
      ],
      mqtt: this.deps.mqtt,
      // Handled one at a time, in arrival order.
      onMessage: (topic, payload) => void this.enqueue(() => this.receive(topic, payload)).catch(() => undefined),
      onState: (state) => {
        this.set({ state });
        if (state === 'connected') void this.greet();
      },
    });
    this.timers.push(setInterval(() => void this.heartbeat(), HEARTBEAT_MS));
    this.timers.push(setInterval(() => this.updatePresence(), 5_000));
    this.timers.push(setInterval(() => void this.enqueue(() => this.tick()), ANTI_ENTROPY_TICK_MS));
  }

  /** Listen on a new invite's join topic. */
  async listenForJoin(invite: InviteRecord): Promise<void> {
    const t = this.transport;
    if (!t) return;
    const subscribed = t.subscribe(joinTopicName(joinTopic(decodeInvite(invite.text, 0))));
    // Not connected (refused, offline): MQTT.js sends it on connecting, and waiting here would hold the invite up.
    if (t.connected()) await subscribed;
    else void subscribed.catch(() => undefined);
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.transport?.connected()) await this.sendPresence('away').catch(() => undefined);
    await this.transport?.close();
    this.transport = undefined;
    // Nothing arrives any more: what did is applied, then its replay windows written.
    await this.queue;
    clearTimeout(this.windowsTimer);
    this.windowsTimer = undefined;
    await this.saveWindows();
    for (const stop of this.stopWatching) stop();
    this.stopWatching = [];
    this.applierFor?.applier.dispose();
    this.applierFor = undefined;
    this.set({ state: 'stopped' });
  }

  /**
   * Sends what waits in the outbox, oldest first, each once the broker
   * acknowledged the one before. While a flush runs, a second call waits for
   * it: it goes on until the outbox is empty, so what was queued before the
   * call is sent (or the connection dropped) when it resolves.
   */
  flush(): Promise<void> {
    this.flushing ??= this.flushOutbox().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async flushOutbox(): Promise<void> {
    try {
      for (;;) {
        // Rows a direct send (share) is publishing are not sent twice.
        const rows = (await this.deps.repo.outbox(this.channelId)).filter(
          (r) => !this.direct.has(envelopeKey(r.envelope)),
        );
        this.set({ waiting: rows.length });
        if (!rows.length || !this.transport?.connected()) return;
        for (const row of rows) {
          this.sent.add(row.envelope);
          await this.transport.publish(row.topic, row.envelope);
          await this.deps.repo.sent(row.seq!);
          this.set({ waiting: Math.max(0, this.status.waiting - 1) });
        }
        // Something went out (made here, in the background, or an answer): a digest follows when it is quiet.
        this.antiEntropy.poke();
      }
    } catch {
      // Disconnected mid-way: the rest stays queued for the next connection.
    }
  }

  async emit(events: ChannelEvent[]): Promise<void> {
    await emitToChannel(this.deps.repo, this.channel, events, this.me);
    void this.flush();
  }

  /** The group this channel is bound to, once started and bound. */
  groupId(): string | undefined {
    return this.channel?.groupId || undefined;
  }

  /**
   * A change made here, for the co-leaders: sent at once when nothing older
   * waits (queued in the outbox otherwise), with the channel and identity
   * this engine holds (kept current by it and by reload()). A stopped
   * channel queues nothing, as emitToGroup.
   * `handedOff` is called once the envelopes were given to the connection;
   * when they go to the outbox instead, it is not, and the caller learns it
   * when this resolves.
   */
  async share(events: ChannelEvent[], handedOff?: () => void): Promise<void> {
    if (this.channel.blocked) return;
    this.antiEntropy.sending();
    const { repo } = this.deps;
    const sending = await inChannelLane(repo, this.channelId, async () => {
      const sealed = await sealEvents(repo, this.channel, events, this.me);
      if (!sealed) return undefined;
      const { topic, envelopes } = sealed;
      const transport = this.transport;
      // Something older waits, or no connection: in order, through the outbox.
      if (this.flushing || this.status.waiting > 0 || !transport?.connected()) {
        await repo.queue(this.channelId, topic, envelopes);
        void this.flush();
        return undefined;
      }
      // Nothing waits: publish now (in the lane, so in counter order).
      // Markers of an open session need no outbox row unless the broker is
      // slow to acknowledge them (settle): they are stored here too, and
      // anti-entropy offers them again. Anything else (a message, a session
      // that ended) gets its row now, written while it is sent. MQTT.js
      // itself sends what it holds unacknowledged again after a reconnect.
      const covered = this.coveredByAntiEntropy(events);
      const ids = envelopes.map(envelopeKey);
      for (const id of ids) this.direct.add(id);
      const acks = envelopes.map((e) => {
        this.sent.add(e);
        const ack = transport.publish(topic, e);
        ack.catch(() => undefined);
        return ack;
      });
      // MQTT.js writes to the socket in microtasks after publish(): told
      // after those, so what the caller does next (a marker's local write
      // and its rendering) cannot hold the bytes back.
      if (handedOff) setTimeout(handedOff, 0);
      if (covered) return { ids, acks, topic, envelopes };
      try {
        return { ids, acks, topic, envelopes, seqs: await repo.queue(this.channelId, topic, envelopes) };
      } catch (e) {
        for (const id of ids) this.direct.delete(id);
        throw e;
      }
    });
    // The acknowledgements are not waited for here, so a long outage never
    // holds back what is made meanwhile.
    if (sending) void this.settle(sending);
  }

  /**
   * Markers of the group's open sessions only, while those are known (read
   * in the background when not): what anti-entropy's digests cover.
   */
  private coveredByAntiEntropy(events: ChannelEvent[]): boolean {
    const open = this.open;
    if (!open) {
      void this.readOpenSessions();
      return false;
    }
    return events.every((e) => e.t === 'marker' && open.has(e.sessionId));
  }

  private async readOpenSessions(): Promise<void> {
    const generation = this.openGeneration;
    const groupId = this.channel.groupId;
    if (!groupId) return;
    const ids = await this.deps.openSessions(groupId).catch(() => undefined);
    // Not if the sessions changed while this read ran.
    if (ids && generation === this.openGeneration) this.open = new Set(ids);
  }

  /**
   * After a direct send. With its outbox row (`seqs`): the row goes once the
   * broker acknowledged every envelope; otherwise the outbox sends it.
   * Without one (markers of an open session): acknowledged within
   * ACK_WAIT_MS, as nearly always, nothing is written (a row written and
   * deleted again cost each marker two store transactions). Not
   * acknowledged by then, or the connection closed: the envelopes go into
   * the outbox, which survives a reload and is sent on the next
   * connection; a late acknowledgement still removes them. Should the page
   * close within that wait, the marker is stored here and anti-entropy
   * offers it to the co-leader.
   */
  private async settle({
    ids,
    acks,
    topic,
    envelopes,
    seqs,
  }: {
    ids: string[];
    acks: Promise<void>[];
    topic: string;
    envelopes: Uint8Array[];
    seqs?: number[];
  }): Promise<void> {
    if (seqs) {
      let published = false;
      try {
        await Promise.all(acks);
        published = true;
        await this.deps.repo.sentMany(seqs);
      } catch {
        // Not acknowledged (the connection closed) or not removed: the outbox has them.
      } finally {
        for (const id of ids) this.direct.delete(id);
      }
      this.antiEntropy.poke();
      if (!published) void this.flush();
      return;
    }
    const all = Promise.all(acks);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      all.then(() => 'acknowledged' as const),
      new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ACK_WAIT_MS))),
    ]).catch(() => 'failed' as const);
    clearTimeout(timer);
    let acknowledged = outcome === 'acknowledged';
    if (!acknowledged) {
      try {
        const seqs = await this.deps.repo.queue(this.channelId, topic, envelopes);
        if (outcome === 'late') {
          await all;
          acknowledged = true;
          await this.deps.repo.sentMany(seqs);
        }
      } catch {
        // The connection closed (the outbox has them), or the store refused them (anti-entropy has the change).
      }
    }
    for (const id of ids) this.direct.delete(id);
    this.antiEntropy.poke();
    if (!acknowledged) void this.flush();
  }

  /** The channel record changed outside the engine (a co-leader verified): read it again. */
  async reload(): Promise<void> {
    this.channel = (await this.deps.repo.channel(this.channelId)) ?? this.channel;
  }

  /**
   * Sends what this device has of the group's open sessions and asks the
   * co-leader for theirs. For after a changed key was trusted: while the
   * channel is stopped, the co-leader's envelopes are refused (and
   * acknowledged to the broker, so never delivered again) and our own
   * changes are not queued; without this they would be lost for good.
   */
  async resync(): Promise<void> {
    this.channel = (await this.deps.repo.channel(this.channelId)) ?? this.channel;
    if (!this.channel.groupId) return;
    const sessions = await this.deps.openSessions(this.channel.groupId);
    const out: ChannelEvent[] = [{ t: 'resync', sessionIds: sessions }];
    for (const id of sessions) out.push(...(await this.groupSnapshot(id)));
    await this.emit(out);
  }

  /** Often while running: a joiner not yet bound asks again; a bound side runs anti-entropy. */
  private async tick(): Promise<void> {
    if (!this.transport?.connected()) return;
    if (this.channel.role === 'joiner' && !this.channel.groupId) return this.askToBind();
    return this.antiEntropy.tick();
  }

  /**
   * A joiner learns its group from the inviter's roster, which answers a
   * resync. Until one arrives it asks again every few seconds: the answer
   * can be lost (Aedes drops acknowledged messages under a burst,
   * moscajs/aedes#955), and unbound, the channel would never compare
   * digests and so never heal.
   */
  private async askToBind(): Promise<void> {
    if (this.now() - this.askedToBindAt < ASK_TO_BIND_MS) return;
    this.askedToBindAt = this.now();
    await this.emit([{ t: 'resync', sessionIds: [] }]);
  }

  private async greet(): Promise<void> {
    this.askedToBindAt = this.now();
    const topic = channelTopicName(channelTopic(keyOf(this.channel)));
    await this.transport?.publish(topic, sealHello(keyOf(this.channel), this.me)).catch(() => undefined);
    const sessions = this.channel.groupId ? await this.deps.openSessions(this.channel.groupId) : [];
    await this.emit([
      { t: 'presence', state: 'here', at: this.now() },
      { t: 'resync', sessionIds: sessions },
    ]);
  }

  /**
   * Presence, and with it a digest of each open session: a lost digest or a
   * missed change is caught within one beat.
   */
  private async heartbeat(): Promise<void> {
    if (this.transport?.connected()) {
      const state = ownPresence();
      const digests = await this.enqueue(() => this.antiEntropy.beat()).catch(() => []);
      await this.emit([{ t: 'presence', state, at: this.now() }, ...(digests ?? [])]);
    }
    void this.flush();
  }

  /** Runs after what arrived before it, so digests and answers see every applied event. */
  private enqueue<T>(job: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async sendPresence(state: 'here' | 'away'): Promise<void> {
    await this.emit([{ t: 'presence', state, at: this.now() }]);
  }

  private async receive(topic: string, payload: Uint8Array): Promise<void> {
    if (topic.startsWith('sq/v1/j/')) return this.joinMessage(topic, payload);
    // Read again only when the record changed: a store read per envelope would add to every marker's latency.
    if (this.channelStale) {
      this.channelStale = false;
      this.channel = (await this.deps.repo.channel(this.channelId)) ?? this.channel;
    }
    if (isHello(payload)) return this.hello(payload);
    if (this.channel.blocked) return this.deps.repo.reject(this.channelId, 'blocked');
    // Our own envelope echoed by the broker: recognised by its bytes, without opening it again.
    if (envelopeSenderId(payload) === this.me.deviceId && this.sent.take(payload)) return;
    const members = new Map(this.channel.members.map((m) => [m.deviceId, m]));
    let opened;
    try {
      opened = await openEnvelopeAsync(payload, {
        channelId: this.channelId,
        members,
        epochKey: (e) => epochKey(keyOf(this.channel), e),
      });
    } catch (e) {
      return this.deps.repo.reject(this.channelId, e instanceof EnvelopeError ? e.reason : 'malformed');
    }
    const sender = opened.sender.deviceId;
    if (sender === this.me.deviceId) return; // our own, echoed by the broker
    const windowKey = `${sender}:${opened.epoch}`;
    let window = this.windows.get(windowKey)?.window;
    if (!window) {
      const stored = await this.deps.repo.replayWindow(this.channelId, sender, opened.epoch);
      window = stored ? ReplayWindow.fromJSON(JSON.parse(stored)) : ReplayWindow.empty();
    }
    if (window.check(opened.counter) !== 'fresh') return this.deps.repo.reject(this.channelId, 'replay');
    const events = parseEvents(opened.payload);
    if (!events) return this.deps.repo.reject(this.channelId, 'bad-events');
    this.windows.set(windowKey, { deviceId: sender, epoch: opened.epoch, window: window.record(opened.counter) });
    // Written a little later, with whatever else arrives meanwhile: a crash
    // before that lets these envelopes in once more after a restart, and
    // applying is idempotent (the latest HLC wins, ids are kept once).
    this.unsavedWindows.add(windowKey);
    this.windowsTimer ??= setTimeout(() => {
      this.windowsTimer = undefined;
      void this.saveWindows();
    }, WINDOW_SAVE_MS);
    await this.handle(sender, events);
  }

  private async handle(sender: string, events: ChannelEvent[]): Promise<void> {
    const data: ChannelEvent[] = [];
    for (const e of events) {
      if (e.t === 'presence') this.seen.set(sender, { at: this.now(), state: e.state });
      else if (e.t === 'resync') await this.answerResync(e.sessionIds);
      else if (e.t === 'digest' || e.t === 'have' || e.t === 'want') {
        // Not bound to the group yet (a joiner before the roster): nothing to compare.
        if (this.channel.groupId) await this.antiEntropy.receive(sender, e);
      } else if (e.t === 'members') await this.members(sender, e);
      else data.push(e);
    }
    this.updatePresence();
    const roster = data.find((e) => e.t === 'roster');
    if (roster && roster.t === 'roster' && !this.channel.groupId && this.channel.role === 'joiner') {
      this.channel = { ...this.channel, groupId: roster.group.id };
      await this.deps.repo.putChannel(this.channelId, this.channel.groupId, this.channel);
    }
    if (data.length && this.channel.groupId && (await this.applier(this.channel.groupId).apply(data)) > 0)
      this.antiEntropy.applied();
    for (const e of data) if (e.t === 'session' && e.endedAt !== null) await this.deps.sessionEnded?.(e.id);
  }

  /** Writes the replay windows changed since the last write, in one transaction; one write at a time. */
  private saveWindows(): Promise<void> {
    this.savingWindows = this.savingWindows.then(async () => {
      const changed = [...this.unsavedWindows].flatMap((k) => {
        const w = this.windows.get(k);
        return w ? [{ deviceId: w.deviceId, epoch: w.epoch, window: JSON.stringify(w.window) }] : [];
      });
      const keys = [...this.unsavedWindows];
      this.unsavedWindows.clear();
      if (!changed.length) return;
      // Not written (a full disk): tried again with the next envelope's write, or on stop.
      await this.deps.repo
        .putReplayWindows(this.channelId, changed)
        .catch(() => keys.forEach((k) => this.unsavedWindows.add(k)));
    });
    return this.savingWindows;
  }

  /** One Applier per group while running, so what it learnt (which sessions are the group's) is kept. */
  private applier(groupId: string): Applier {
    if (this.applierFor?.groupId !== groupId) {
      this.applierFor?.applier.dispose();
      this.applierFor = { groupId, applier: this.deps.applier(groupId) };
    }
    return this.applierFor.applier;
  }

  private async answerResync(sessionIds: string[]): Promise<void> {
    if (!this.channel.groupId) return;
    // Someone (re)connected: say we are here now, not only at our next heartbeat.
    const out: ChannelEvent[] = [{ t: 'presence', state: ownPresence(), at: this.now() }];
    const roster = this.channel.role === 'inviter' ? await this.deps.roster(this.channel.groupId) : undefined;
    if (roster) out.push(this.membersEvent(), roster);
    const mine = await this.deps.openSessions(this.channel.groupId);
    for (const id of new Set([...sessionIds, ...mine])) out.push(...(await this.groupSnapshot(id)));
    await this.emit(out);
  }

  /**
   * A session's snapshot, only if it belongs to this channel's group: a
   * member of one group never gets another group's session.
   */
  private async groupSnapshot(sessionId: string): Promise<ChannelEvent[]> {
    if (!this.channel.groupId) return [];
    const events = await this.deps.snapshot(sessionId);
    return events.some((e) => e.t === 'session' && e.groupId === this.channel.groupId) ? events : [];
  }

  private membersEvent(): MembersEvent {
    return {
      t: 'members',
      members: this.channel.members.map((m) => ({ v: 1, deviceId: m.deviceId, signPk: m.signPk, boxPk: m.boxPk })),
    };
  }

  /**
   * The inviter added a co-leader: pin the new member's keys, so their
   * envelopes open here. Only the inviter's list counts (it alone answers
   * joins, and it sent the list inside its signed envelope); it can only
   * add members, never change a pinned member's keys (a changed key goes
   * through the hello and verification) or remove one. The new member shows
   * unverified until the leaders compare their safety number.
   */
  private async members(sender: string, e: MembersEvent): Promise<void> {
    if (this.channel.role === 'inviter') return;
    const authority = this.channel.inviterId;
    if (authority ? sender !== authority : !this.channel.verified[sender])
      return this.deps.repo.reject(this.channelId, 'members-not-inviter');
    const added: PublicIdentity[] = [];
    for (const m of e.members) {
      let identity: PublicIdentity;
      try {
        identity = validatePublicIdentity(m);
      } catch {
        return this.deps.repo.reject(this.channelId, 'bad-members');
      }
      const pinned = this.channel.members.find((p) => p.deviceId === identity.deviceId);
      if (!pinned) added.push(identity);
      else if (!samePublicIdentity(pinned, identity))
        await this.deps.repo.reject(this.channelId, 'changed-key-members');
    }
    if (!added.length) return;
    this.channel = { ...this.channel, members: [...this.channel.members, ...added] };
    await this.deps.repo.putChannel(this.channelId, this.channel.groupId, this.channel);
    this.updatePresence();
  }

  /** A member's keys changed under the same device id: stop until the leaders verify again. */
  private async hello(payload: Uint8Array): Promise<void> {
    const announced = openHello(keyOf(this.channel), payload);
    if (!announced) return this.deps.repo.reject(this.channelId, 'bad-hello');
    const pinned = this.channel.members.find((m) => m.deviceId === announced.deviceId);
    if (!pinned || samePublicIdentity(pinned, announced) || announced.deviceId === this.me.deviceId) return;
    this.channel = { ...this.channel, blocked: { deviceId: announced.deviceId, announced } };
    await this.deps.repo.putChannel(this.channelId, this.channel.groupId, this.channel);
    this.set({});
  }

  private async joinMessage(topic: string, payload: Uint8Array): Promise<void> {
    if (joinMessageKind(payload) !== 'request' || this.channel.role !== 'inviter') return;
    for (const rec of await this.pendingInvites()) {
      const invite = decodeInvite(rec.text, 0);
      if (joinTopicName(joinTopic(invite)) !== topic) continue;
      let joiner;
      try {
        joiner = openJoinRequest(invite, this.me, payload, this.now());
      } catch {
        return this.deps.repo.reject(this.channelId, 'bad-join');
      }
      const pinned = this.channel.members.find((m) => m.deviceId === joiner.deviceId);
      if (pinned && !samePublicIdentity(pinned, joiner))
        return this.deps.repo.reject(this.channelId, 'changed-key-join');
      await this.deps.repo.putInvite(rec.inviteId, { ...rec, used: true });
      const members = pinned ? this.channel.members : [...this.channel.members, joiner];
      this.channel = { ...this.channel, members };
      await this.deps.repo.putChannel(this.channelId, this.channel.groupId, this.channel);
      // Tell the co-leaders already here before the new one can send anything:
      // the broker delivers this ahead of any envelope the joiner seals, as the
      // joiner gets the channel key only after this was acknowledged.
      if (!pinned && members.length > 2) {
        await this.emit([this.membersEvent()]);
        await this.flush();
      }
      await this.transport?.publish(
        topic,
        joinAccept({ invite, inviter: this.me, joiner, channelKey: keyOf(this.channel), members }),
      );
      const roster = await this.deps.roster(this.channel.groupId);
      if (roster) await this.emit([roster]);
      this.set({});
      return;
    }
  }

  private async pendingInvites(): Promise<InviteRecord[]> {
    const all = await this.deps.repo.invitesFor(this.channelId);
    return all.filter((i) => !i.used && i.expiresAt > this.now());
  }

  private updatePresence(): void {
    const presence: Record<string, Presence> = {};
    for (const m of this.channel.members) {
      if (m.deviceId === this.me.deviceId) continue;
      const s = this.seen.get(m.deviceId);
      presence[m.deviceId] = !s || this.now() - s.at > GONE_AFTER_MS ? 'gone' : s.state;
    }
    this.set({ presence });
  }

  private set(patch: Partial<ChannelStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const cb of this.listeners) cb(this.status);
  }
}
