import type { DeviceIdentity } from '../crypto/types';
import type { ChannelRepo } from '../storage/channel-repo';
import { SentEnvelopes } from './echoes';
import type { ChannelEvent } from './events';
import { emitToChannel, inChannelLane, sealEvents } from './outgoing';
import type { ChannelRecord } from './state';
import type { Transport } from './transport';

export interface SenderDeps {
  repo: ChannelRepo;
  channelId: string;
  /** The open connection, if any. */
  transport(): Transport | undefined;
  /** The channel record as the engine holds it now. */
  channel(): ChannelRecord;
  me(): DeviceIdentity;
  /** The group's open sessions: their markers need no outbox row when sent at once. */
  openSessions(groupId: string): Promise<string[]>;
  /** How many envelopes wait in the outbox, whenever that changes. */
  waiting(n: number): void;
  /** A change made here is on its way (anti-entropy holds back its gap until it had time to arrive). */
  sending(): void;
  /** Something went out: a digest follows when it is quiet. */
  sent(): void;
  /** How long a directly published marker waits for the broker's acknowledgement before it goes into the outbox. */
  ackWaitMs?: number;
}

/** `f`, called at most once however often the result is. */
const once = (f: () => void): (() => void) => {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    f();
  };
};

/** An envelope's nonce (its first 24 bytes, random per envelope; crypto/envelope.ts), as a key. */
const envelopeKey = (e: Uint8Array): string => String.fromCharCode(...e.subarray(0, 24));

/**
 * What this device sends on one channel: the outbox, sent oldest first,
 * each once the broker acknowledged the one before; a change made here,
 * published at once when nothing older waits; and the bytes it published,
 * to recognise the broker's echo of them.
 */
export class Sender {
  private flushing: Promise<void> | undefined;
  private waitingNow = 0;
  private readonly echoes = new SentEnvelopes();
  /** Envelopes share() is publishing itself, by envelopeKey. */
  private readonly direct = new Set<string>();
  /**
   * The group's open sessions (what anti-entropy digests), while known:
   * forgotten when the sessions or the running session change, and read
   * again on the next share.
   */
  private open: Set<string> | undefined;
  private openGeneration = 0;

  constructor(private readonly d: SenderDeps) {}

  /** The sessions changed in the store: which are open is read again. */
  sessionsChanged(): void {
    this.open = undefined;
    this.openGeneration++;
  }

  /** Envelopes written here and not yet acknowledged by the broker, as last counted. */
  waiting(): number {
    return this.waitingNow;
  }

  /** True (once) for exactly the bytes of an envelope this device published: the broker's echo. */
  isEcho(payload: Uint8Array): boolean {
    return this.echoes.take(payload);
  }

  /** Seals events into the outbox, then sends it. */
  async emit(events: ChannelEvent[]): Promise<void> {
    await emitToChannel(this.d.repo, this.d.channel(), events, this.d.me());
    void this.flush();
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

  private setWaiting(n: number): void {
    this.waitingNow = n;
    this.d.waiting(n);
  }

  private async flushOutbox(): Promise<void> {
    try {
      for (;;) {
        // Rows a direct send (share) is publishing are not sent twice.
        const rows = (await this.d.repo.outbox(this.d.channelId)).filter(
          (r) => !this.direct.has(envelopeKey(r.envelope)),
        );
        this.setWaiting(rows.length);
        const transport = this.d.transport();
        if (!rows.length || !transport?.connected()) return;
        for (const row of rows) {
          this.echoes.add(row.envelope);
          await transport.publish(row.topic, row.envelope);
          await this.d.repo.sent(row.seq!);
          this.setWaiting(Math.max(0, this.waitingNow - 1));
        }
        // Something went out (made here, in the background, or an answer): a digest follows when it is quiet.
        this.d.sent();
      }
    } catch {
      // Disconnected mid-way: the rest stays queued for the next connection.
    }
  }

  /**
   * A change made here, for the co-leaders: sent at once when nothing older
   * waits (queued in the outbox otherwise). A blocked channel queues nothing.
   * Resolves true when the envelopes were sent at once and `handedOff`
   * will be called, once the broker delivered them back to this device
   * (isEcho) or the connection lost them; false when they went to the
   * outbox (or nowhere), and `handedOff` is not called.
   */
  async share(events: ChannelEvent[], handedOff?: () => void): Promise<boolean> {
    if (this.d.channel().blocked) return false;
    this.d.sending();
    const { repo, channelId } = this.d;
    const sending = await inChannelLane(repo, channelId, async () => {
      const sealed = await sealEvents(repo, this.d.channel(), events, this.d.me());
      if (!sealed) return undefined;
      const { topic, envelopes, keys } = sealed;
      const transport = this.d.transport();
      // Something older waits, or no connection: in order, through the outbox.
      // A flush that is running does not by itself hold a change back: the
      // heartbeat's flush and the upkeep's few envelopes run often, and what
      // they send was sealed with counters the replay window (128) still
      // takes after this one; rows left from an outage are counted in
      // waitingNow by the flush that read them.
      if (this.waitingNow > 0 || !transport?.connected()) {
        await repo.queue(channelId, topic, envelopes, keys);
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
      // Told once the broker delivered every envelope back to this device
      // (it delivers them to the co-leader at the same time), or the
      // connection failed them: what the caller does next (a marker's local
      // write and its rendering) then takes no processor time from the
      // envelope's way through the broker and the co-leader's browser, which
      // may share the machine's cores with this page. The broker's
      // acknowledgement can come back well before the co-leader has it.
      const tell = handedOff ? once(handedOff) : undefined;
      let echoesDue = envelopes.length;
      const echoed = tell && (() => void (--echoesDue === 0 && tell()));
      const acks = envelopes.map((e) => {
        this.echoes.add(e, echoed);
        const ack = transport.publish(topic, e);
        ack.catch(() => undefined);
        return ack;
      });
      if (tell) void Promise.all(acks).catch(tell);
      if (covered) return { ids, acks, topic, envelopes };
      try {
        return { ids, acks, topic, envelopes, seqs: await repo.queue(channelId, topic, envelopes, keys) };
      } catch (e) {
        for (const id of ids) this.direct.delete(id);
        throw e;
      }
    });
    // The acknowledgements are not waited for here, so a long outage never
    // holds back what is made meanwhile.
    if (sending) void this.settle(sending);
    return !!sending && !!handedOff;
  }

  /**
   * Markers of the group's open sessions only (a presence riding along with
   * them needs no row either), while those are known (read in the
   * background when not): what anti-entropy's digests cover.
   */
  private coveredByAntiEntropy(events: ChannelEvent[]): boolean {
    const open = this.open;
    if (!open) {
      void this.readOpenSessions();
      return false;
    }
    return (
      events.some((e) => e.t === 'marker') &&
      events.every((e) => e.t === 'presence' || (e.t === 'marker' && open.has(e.sessionId)))
    );
  }

  private async readOpenSessions(): Promise<void> {
    const generation = this.openGeneration;
    const groupId = this.d.channel().groupId;
    if (!groupId) return;
    const ids = await this.d.openSessions(groupId).catch(() => undefined);
    // Not if the sessions changed while this read ran.
    if (ids && generation === this.openGeneration) this.open = new Set(ids);
  }

  /**
   * After a direct send. With its outbox row (`seqs`): the row goes once the
   * broker acknowledged every envelope; otherwise the outbox sends it.
   * Without one (markers of an open session): acknowledged within
   * ackWaitMs, as nearly always, nothing is written (a row written and
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
    const { repo, channelId } = this.d;
    if (seqs) {
      let published = false;
      try {
        await Promise.all(acks);
        published = true;
        await repo.sentMany(seqs);
      } catch {
        // Not acknowledged (the connection closed) or not removed: the outbox has them.
      } finally {
        for (const id of ids) this.direct.delete(id);
      }
      this.d.sent();
      if (!published) void this.flush();
      return;
    }
    const all = Promise.all(acks);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      all.then(() => 'acknowledged' as const),
      new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.d.ackWaitMs ?? 3_000))),
    ]).catch(() => 'failed' as const);
    clearTimeout(timer);
    let acknowledged = outcome === 'acknowledged';
    if (!acknowledged) {
      try {
        const seqs = await repo.queue(channelId, topic, envelopes);
        if (outcome === 'late') {
          await all;
          acknowledged = true;
          await repo.sentMany(seqs);
        }
      } catch {
        // The connection closed (the outbox has them), or the store refused them (anti-entropy has the change).
      }
    }
    for (const id of ids) this.direct.delete(id);
    this.d.sent();
    if (!acknowledged) void this.flush();
  }
}
