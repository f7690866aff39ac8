import { FIRST_EPOCH, controlMessageKey, fromBase64, openEnvelopeAsync, sealEnvelopeAsync, sealHello } from '../crypto';
import { EnvelopeError } from '../crypto/channel-errors';
import type { DeviceIdentity, EpochKey, OpenedEnvelope, PublicIdentity } from '../crypto/types';
import type { ChannelRepo } from '../storage/channel-repo';
import { AntiEntropy } from './anti-entropy';
import { Cover, COVER_INTERVAL_MS } from './cover';
import type { Applier } from './apply';
import { Epochs, controlEpoch, currentEpoch } from './epochs';
import { emitToChannel, resealOutbox } from './outgoing';
import {
  parseEvents,
  type ChannelEvent,
  type DigestEvent,
  type HaveEvent,
  type RangesEvent,
  type WantEvent,
} from './events';
import { Membership } from './membership';
import { ReplayWindows } from './replay-windows';
import { Reassembly } from './reassembly';
import { Sender } from './sender';
import { joinTopicName, myIdentity, type ChannelRecord, type InviteRecord } from './state';
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
  /** The cover traffic's interval (channel/cover.ts); shorter only in tests. */
  coverIntervalMs?: number;
  now?: () => number;
}

const HEARTBEAT_MS = 20_000;
/** Where a joiner's request and its answer travel (channel/membership.ts). */
const JOIN_TOPICS = joinTopicName('');
const ownPresence = (): 'here' | 'away' =>
  typeof document !== 'undefined' && document.visibilityState === 'hidden' ? 'away' : 'here';
const ANTI_ENTROPY_TICK_MS = 500;
/** How often the cover traffic checks whether a decoy is due (channel/cover.ts). */
const COVER_TICK_MS = 1_000;
const GONE_AFTER_MS = 50_000;
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
  private status: ChannelStatus = { state: 'stopped', waiting: 0, presence: {} };
  private readonly seen = new Map<string, { at: number; state: 'here' | 'away' }>();
  private readonly listeners = new Set<(s: ChannelStatus) => void>();
  private timers: ReturnType<typeof setInterval>[] = [];
  private queue: Promise<void> = Promise.resolve();
  /**
   * A co-leader's markers being written: shown, their write started, and not
   * waited for by the next envelope (IndexedDB runs the writes in the order
   * they were started); stop() waits for them.
   */
  private readonly writes = new Set<Promise<void>>();
  /** Anti-entropy's work, one job at a time, beside the queue of what arrives (never ahead of a marker). */
  private antiEntropyQueue: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly antiEntropy: AntiEntropy;
  private readonly sender: Sender;
  private readonly windows: ReplayWindows;
  private readonly membership: Membership;
  private readonly epochs: Epochs;
  private readonly parts = new Reassembly(() => this.now());
  private readonly cover: Cover;
  /** The channel's upkeep waiting for the cover traffic's next free point, merged (upkeep()). */
  private upkeepEvents: ChannelEvent[] = [];
  private askedToBindAt = 0;
  /** The group's open sessions as last seen, to open an epoch when one starts or ends; undefined until read. */
  private openSessionIds: Set<string> | undefined;
  private sessionsDirty = true;
  /** The channel record changed in the store since it was last read (a verification, another page). */
  private channelStale = false;
  private stopWatching: (() => void)[] = [];
  private applierFor: { groupId: string; applier: Applier } | undefined;

  constructor(
    private readonly channelId: string,
    private readonly deps: EngineDeps,
  ) {
    this.now = deps.now ?? Date.now;
    const { repo } = deps;
    this.epochs = new Epochs({
      channel: () => this.channel,
      save: async (next, chains) => {
        this.channel = next;
        // What this engine keeps of an epoch that is erased or opened again goes first, so it is never written back.
        if (chains) this.windows.forget([...(chains.erase ?? []), ...(chains.start ? [chains.start.epoch] : [])]);
        await repo.putChannel(channelId, next.groupId, next, chains);
        // Told only if the status changed: an epoch is not shown, and the Co-leaders view reads the record itself.
        this.updatePresence();
      },
      me: () => this.me,
      control: async (events) => {
        await emitToChannel(repo, this.channel, events, this.me, 'control');
        await this.flush();
      },
      advanced: async () => {
        await this.epochs.tidy();
        await this.resync();
      },
      reseal: () =>
        resealOutbox(
          repo,
          this.channel,
          this.me,
          (this.channel.epochs ?? []).slice(0, -1).map((e) => [e.n, fromBase64(e.key) as EpochKey] as const),
        ),
      reject: (reason) => repo.reject(channelId, reason),
      now: () => this.now(),
    });
    this.windows = new ReplayWindows({
      load: (deviceId, epoch) => repo.replayWindow(channelId, deviceId, epoch),
      loadChain: (deviceId, epoch) => repo.receiveChain(channelId, deviceId, epoch),
      save: (rows) => repo.putReplayWindows(channelId, rows),
    });
    this.sender = new Sender({
      repo,
      channelId,
      transport: () => this.transport,
      channel: () => this.channel,
      me: () => this.me,
      openSessions: (groupId) => deps.openSessions(groupId),
      waiting: (waiting) => this.set({ waiting }),
      sending: () => this.antiEntropy.sending(),
      sent: () => this.antiEntropy.poke(),
    });
    this.membership = new Membership({
      repo,
      channelId,
      channel: () => this.channel,
      save: async (next) => {
        this.channel = next;
        await repo.putChannel(channelId, next.groupId, next);
      },
      me: () => this.me,
      publish: (topic, payload) => this.transport?.publish(topic, payload),
      emit: (events) => this.emit(events),
      flush: () => this.flush(),
      roster: (groupId) => deps.roster(groupId),
      // The channel record changed (members, a stop, a join answered): shown again even if the status did not change.
      changed: () => this.updatePresence(true),
      now: () => this.now(),
    });
    this.cover = new Cover(
      {
        live: async () => !!this.channel.groupId && (await deps.openSessions(this.channel.groupId)).length > 0,
        sendDecoy: () => this.sendDecoy(),
        now: () => this.now(),
      },
      deps.coverIntervalMs ?? COVER_INTERVAL_MS,
    );
    this.antiEntropy = new AntiEntropy({
      me: () => this.me.deviceId,
      openSessions: async () => (this.channel.groupId ? this.deps.openSessions(this.channel.groupId) : []),
      snapshot: (id) => this.groupSnapshot(id),
      members: () => this.channel.members,
      membersEvent: () => (this.channel.role === 'inviter' ? this.membership.membersEvent() : undefined),
      // Digests and their answers take the cover traffic's free points, and never hold the queue waiting for one.
      emit: (events) => this.upkeep(events),
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
        this.sender.sessionsChanged();
        this.sessionsDirty = true;
      }),
    ];
    this.me = await myIdentity(this.deps.repo);
    this.channel = (await this.deps.repo.channel(this.channelId))!;
    const invites = await this.membership.pendingInvites();
    const account = await this.deps.account?.(this.channel.brokerUrl);
    const transport = openTransport({
      url: this.channel.brokerUrl,
      clientId: this.channel.clientId,
      ...(account ? { account } : {}),
      topics: [this.epochs.subscription(), ...invites.map((i) => this.membership.joinTopicOf(i))],
      mqtt: this.deps.mqtt,
      // Our own envelope echoed by the broker: recognised by its bytes as it
      // arrives, without opening it again or waiting for the queue (the
      // echo tells share()'s caller the envelope went on to the co-leader).
      // Anything else is handled one at a time, in arrival order.
      onMessage: (topic, payload) => {
        if (!topic.startsWith(JOIN_TOPICS) && this.sender.isEcho(payload)) return;
        void this.enqueue(() => this.receive(topic, payload)).catch(() => undefined);
      },
      onState: (state) => {
        this.set({ state });
        if (state === 'connected') void this.greet();
      },
    });
    // Whatever leaves on the connection takes the place of the next decoy.
    this.transport = {
      ...transport,
      publish: (topic, payload) => {
        this.cover.sent();
        return transport.publish(topic, payload);
      },
    };
    this.timers.push(setInterval(() => void this.heartbeat(), HEARTBEAT_MS));
    this.timers.push(
      setInterval(() => {
        this.updatePresence();
        void this.enqueue(() => this.epochs.tidy()).catch(() => undefined);
      }, 5_000),
    );
    this.timers.push(setInterval(() => void this.inAntiEntropyLane(() => this.tick()), ANTI_ENTROPY_TICK_MS));
    // Several ticks an interval, so a point is kept to within a quarter of it.
    const coverTick = Math.min(COVER_TICK_MS, this.cover.interval / 4);
    this.timers.push(setInterval(() => void this.cover.tick().catch(() => undefined), coverTick));
  }

  /** An empty envelope of type 'decoy' on the current epoch's topic, sent directly (never queued). */
  private async sendDecoy(): Promise<void> {
    const t = this.transport;
    if (!t?.connected()) return;
    const { n: epoch, key, topic } = currentEpoch(this.channel);
    const [decoy] = await sealEnvelopeAsync({
      channelId: this.channelId,
      sender: this.me,
      epoch,
      counter: 0,
      epochKey: key,
      type: 'decoy',
      payload: new Uint8Array(0),
    });
    await t.publish(topic, decoy!);
  }

  /** Listen on a new invite's join topic. */
  async listenForJoin(invite: InviteRecord): Promise<void> {
    const t = this.transport;
    if (!t) return;
    const subscribed = t.subscribe(this.membership.joinTopicOf(invite));
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
    await Promise.all(this.writes);
    await this.antiEntropyQueue;
    await this.windows.stop();
    for (const stop of this.stopWatching) stop();
    this.stopWatching = [];
    this.applierFor?.applier.dispose();
    this.applierFor = undefined;
    this.set({ state: 'stopped' });
  }

  /** Sends what waits in the outbox (Sender.flush). */
  flush(): Promise<void> {
    return this.sender.flush();
  }

  async emit(events: ChannelEvent[]): Promise<void> {
    await this.sender.emit(events);
  }

  /** The group this channel is bound to, once started and bound. */
  groupId(): string | undefined {
    return this.channel?.groupId || undefined;
  }

  /**
   * A change made here, for the co-leaders, with the channel and identity
   * this engine holds (kept current by it and by reload()): Sender.share.
   */
  share(events: ChannelEvent[], handedOff?: () => void): Promise<boolean> {
    return this.sender.share([...events, ...this.presenceWaiting()], handedOff);
  }

  /**
   * The presence waiting for the cover traffic's next free point, taken to
   * ride along with a change that leaves now: while the leaders mark often,
   * free points are rare, and the co-leader would see this device gone.
   */
  private presenceWaiting(): ChannelEvent[] {
    const presence = this.upkeepEvents.filter((e) => e.t === 'presence');
    if (!presence.length) return [];
    this.upkeepEvents = this.upkeepEvents.filter((e) => e.t !== 'presence');
    return [presence.at(-1)!];
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

  /**
   * Removes a co-leader or a lost device (the inviter only): the next epoch
   * is opened without it, so nothing sent from then on opens there.
   * Resolves false when this device may not remove members or `deviceId` is
   * not one.
   */
  async remove(deviceId: string): Promise<boolean> {
    const c = this.channel;
    if (c.role !== 'inviter' || deviceId === this.me.deviceId || !c.members.some((m) => m.deviceId === deviceId))
      return false;
    await this.enqueue(() => this.epochs.open([deviceId]));
    return true;
  }

  /** Opens a new epoch for the members as they are (after a member's keys were verified again). */
  async newEpoch(): Promise<void> {
    await this.enqueue(() => this.epochs.open());
  }

  /** The epoch this device seals in now. */
  epoch(): number {
    return this.epochs.current();
  }

  /**
   * A session of the group started or ended: a new epoch, opened by the
   * lowest device id among the members here now (so usually one device
   * opens it; a race is settled by the same rule in Epochs.commit).
   */
  private async sessionsMoved(): Promise<void> {
    this.sessionsDirty = false;
    if (!this.channel.groupId) return;
    const now = new Set(await this.deps.openSessions(this.channel.groupId));
    const before = this.openSessionIds;
    this.openSessionIds = now;
    if (!before || (before.size === now.size && [...now].every((id) => before.has(id)))) return;
    const here = this.channel.members
      .map((m) => m.deviceId)
      .filter(
        (id) => id === this.me.deviceId || this.status.presence[id] === 'here' || this.status.presence[id] === 'away',
      );
    if (here.sort()[0] === this.me.deviceId) await this.epochs.open();
  }

  /** Often while running: a joiner not yet bound asks again; a bound side runs anti-entropy. */
  private async tick(): Promise<void> {
    if (!this.transport?.connected()) return;
    if (this.sessionsDirty) await this.sessionsMoved();
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
    const { n: epoch, key, topic } = currentEpoch(this.channel);
    const hello = sealHello({
      channelId: this.channelId,
      me: this.me,
      epoch,
      epochKey: key,
      ...(this.channel.endorsement ? { endorsement: fromBase64(this.channel.endorsement) } : {}),
    });
    await this.transport?.publish(topic, hello).catch(() => undefined);
    await this.enqueue(() => this.epochs.connected()).catch(() => undefined);
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
      const digests = await this.inAntiEntropyLane(() => this.antiEntropy.beat()).catch(() => []);
      await this.upkeep([{ t: 'presence', state, at: this.now() }, ...(digests ?? [])]);
    }
    void this.flush();
  }

  /**
   * The channel's upkeep (presence at the heartbeat, anti-entropy): during a
   * live session it leaves at the cover traffic's next free point instead of
   * a decoy, everything waiting by then in one emit; outside one, at once.
   */
  private async upkeep(events: ChannelEvent[]): Promise<void> {
    const first = !this.upkeepEvents.length;
    this.upkeepEvents.push(...events);
    if (!first) return;
    await this.cover.upkeep(async () => {
      const out = latestUpkeep(this.upkeepEvents);
      this.upkeepEvents = [];
      if (out.length) await this.emit(out);
      return out.length > 0;
    });
  }

  /** Runs after what arrived before it has been handled. */
  private enqueue<T>(job: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Anti-entropy's jobs (digests to send, a co-leader's digest, have or want
   * to answer) run one at a time here, apart from the queue of what
   * arrives: reading and hashing a whole session takes long, and a marker
   * arriving meanwhile is shown without waiting for it. A job sees what was
   * applied before it was queued; one that sees a change still on its way
   * is what anti-entropy's tolerance for changes in flight is for.
   */
  private inAntiEntropyLane<T>(job: () => Promise<T> | T): Promise<T> {
    const run = this.antiEntropyQueue.then(job);
    this.antiEntropyQueue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async sendPresence(state: 'here' | 'away'): Promise<void> {
    await this.emit([{ t: 'presence', state, at: this.now() }]);
  }

  private async receive(topic: string, payload: Uint8Array): Promise<void> {
    if (topic.startsWith(JOIN_TOPICS)) return this.membership.joinMessage(topic, payload);
    // Read again only when the record changed: a store read per envelope would add to every marker's latency.
    if (this.channelStale) {
      this.channelStale = false;
      this.channel = (await this.deps.repo.channel(this.channelId)) ?? this.channel;
      // Changed in another page (verified, stopped): shown here again.
      this.updatePresence(true);
    }
    // Another epoch's topic (one this device is not in, or erased): nothing here can open it.
    if (!this.epochs.holdsTopic(topic)) return this.deps.repo.reject(this.channelId, 'other-epoch');
    const pinned = new Map(this.channel.members.map((m) => [m.deviceId, m]));
    let opened = await this.open(payload, pinned);
    // Stopped for a changed key: the device's envelopes are signed with the key it announced.
    const blocked = this.channel.blocked;
    if (blocked && opened === 'bad-signature')
      opened = await this.open(payload, new Map(pinned).set(blocked.deviceId, blocked.announced));
    if (opened === 'own') return;
    if (typeof opened === 'string') return this.deps.repo.reject(this.channelId, opened);
    const sender = opened.sender.deviceId;
    if (sender === this.me.deviceId) return; // our own, echoed by the broker
    if (opened.type === 'decoy') return;
    if (opened.type === 'hello') return this.membership.hello(opened.sender, opened.endorsement);
    if (this.channel.blocked) return this.deps.repo.reject(this.channelId, 'blocked');
    if ((await this.windows.check(sender, opened.epoch, opened.counter)) !== 'fresh')
      return this.deps.repo.reject(this.channelId, 'replay');
    await this.windows.record(sender, opened.epoch, opened.counter);
    const whole = this.parts.add({ ...opened, sender });
    if (!whole) return;
    const events = parseEvents(whole);
    if (!events) return this.deps.repo.reject(this.channelId, 'bad-events');
    // A co-leader who missed this device's last commit gets a new one (after what is queued now). Commits
    // and prekeys are always sealed in the first epoch: only other events show a member left behind.
    const data = events.some((e) => e.t !== 'commit' && e.t !== 'prekey');
    if (this.epochs.heardFrom(sender, opened.epoch, data))
      void this.enqueue(() => this.epochs.open()).catch(() => undefined);
    await this.handle(sender, events);
  }

  /**
   * The opened envelope, or why it does not open ('own' for this device's
   * own). An event's message key is taken from its sender's receive chain
   * (channel/replay-windows.ts) once the signature holds and the counter is
   * fresh; on the first epoch it is derived (crypto/ratchet.ts controlMessageKey).
   */
  private async open(
    payload: Uint8Array,
    members: ReadonlyMap<string, PublicIdentity>,
  ): Promise<OpenedEnvelope | string> {
    let refused: string | undefined;
    const messageKey = async (sender: string, epoch: number, counter: number) => {
      if (sender === this.me.deviceId) refused = 'own';
      else if ((await this.windows.check(sender, epoch, counter)) !== 'fresh') refused = 'replay';
      else if (epoch === FIRST_EPOCH) return controlMessageKey(controlEpoch(this.channel).key, sender, counter);
      else return this.windows.messageKey(sender, epoch, counter);
      return undefined;
    };
    return openEnvelopeAsync(payload, {
      channelId: this.channelId,
      members,
      epochKeys: () => this.epochs.held(),
      messageKey,
    }).catch((e: unknown) =>
      e instanceof EnvelopeError ? (e.reason === 'no-message-key' && refused) || e.reason : 'malformed',
    );
  }

  private async handle(sender: string, events: ChannelEvent[]): Promise<void> {
    let data: ChannelEvent[] = [];
    const compare: (DigestEvent | HaveEvent | RangesEvent | WantEvent)[] = [];
    for (const e of events) {
      if (e.t === 'presence') this.seen.set(sender, { at: this.now(), state: e.state });
      else if (e.t === 'resync') await this.answerResync(e.sessionIds);
      else if (e.t === 'digest' || e.t === 'have' || e.t === 'ranges' || e.t === 'want') {
        // Not bound to the group yet (a joiner before the roster): nothing to compare.
        if (this.channel.groupId) compare.push(e);
      } else if (e.t === 'members') await this.membership.members(sender, e);
      else if (e.t === 'commit') await this.epochs.commit(sender, e.commit);
      else if (e.t === 'prekey') await this.epochs.prekey(sender, e.prekey);
      else data.push(e);
    }
    // After this envelope's own changes are applied (below), in anti-entropy's lane.
    const answer = () => {
      if (compare.length)
        void this.inAntiEntropyLane(async () => {
          for (const e of compare) await this.antiEntropy.receive(sender, e);
        }).catch(() => undefined);
    };
    this.updatePresence();
    // A roster only from the member allowed to send it, and never an older one.
    const allowed: ChannelEvent[] = [];
    for (const e of data) if (e.t !== 'roster' || (await this.membership.roster(sender, e))) allowed.push(e);
    data = allowed;
    if (await this.membership.bindFromRoster(data)) this.updatePresence(true);
    try {
      if (
        data.length &&
        this.channel.groupId &&
        (await this.applier(this.channel.groupId).apply(data, this.verifiedKey(sender), (w) => this.storing(w))) > 0
      )
        this.antiEntropy.applied();
    } finally {
      answer();
    }
    for (const e of data) if (e.t === 'session' && e.endedAt !== null) await this.deps.sessionEnded?.(e.id);
  }

  /** Markers whose write was started: the queue goes on; anti-entropy hears of them once written. */
  private storing(written: Promise<number>): void {
    const w: Promise<void> = written
      .then(
        (n) => void (n > 0 && this.antiEntropy.applied()),
        () => undefined,
      )
      .finally(() => this.writes.delete(w));
    this.writes.add(w);
  }

  /** The member's pinned signing key, if the leaders verified it (the key they compared aloud). */
  private verifiedKey(deviceId: string): string | undefined {
    const pinned = this.channel.members.find((m) => m.deviceId === deviceId)?.signPk;
    return pinned && this.channel.verified[deviceId] === pinned ? pinned : undefined;
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
    if (roster) out.push(this.membership.membersEvent(), roster);
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

  /** `announce`: tell the listeners even if nothing in the status changed, because the channel record did. */
  private updatePresence(announce = false): void {
    const presence: Record<string, Presence> = {};
    for (const m of this.channel.members) {
      if (m.deviceId === this.me.deviceId) continue;
      const s = this.seen.get(m.deviceId);
      presence[m.deviceId] = !s || this.now() - s.at > GONE_AFTER_MS ? 'gone' : s.state;
    }
    this.set({ presence }, announce);
  }

  /**
   * Listeners hear only a change: presence is worked out again for every
   * envelope, and each notice makes the panel read the channel's record
   * from the store again (CoLeaderService.forGroup) while a marker is on
   * its way to the screen.
   */
  private set(patch: Partial<ChannelStatus>, announce = false): void {
    const next = { ...this.status, ...patch };
    if (!announce && sameStatus(this.status, next)) return;
    this.status = next;
    for (const cb of this.listeners) cb(this.status);
  }
}

/**
 * Upkeep merged while it waited: only the latest presence and the latest
 * digest of each session count, so those replace earlier ones (in the
 * latest one's place); anything else stays, in order.
 */
export function latestUpkeep(events: ChannelEvent[]): ChannelEvent[] {
  const lastAt = new Map<string, number>();
  events.forEach((e, i) => {
    if (e.t === 'presence') lastAt.set('presence', i);
    else if (e.t === 'digest') lastAt.set(`digest:${e.sessionId}`, i);
  });
  return events.filter((e, i) => {
    if (e.t === 'presence') return lastAt.get('presence') === i;
    if (e.t === 'digest') return lastAt.get(`digest:${e.sessionId}`) === i;
    return true;
  });
}

function sameStatus(a: ChannelStatus, b: ChannelStatus): boolean {
  if (a.state !== b.state || a.waiting !== b.waiting) return false;
  const ka = Object.keys(a.presence);
  return ka.length === Object.keys(b.presence).length && ka.every((k) => a.presence[k] === b.presence[k]);
}
