import {
  EnvelopeError,
  FIRST_EPOCH,
  MAX_ENVELOPE_PAYLOAD,
  envelopeParts,
  openEnvelopeAsync,
  publicIdentity,
  controlMessageKey,
  sealEnvelopeAsync,
  toBase64,
  unwrapOutboxKey,
  wrapOutboxKey,
  type DeviceIdentity,
} from '../crypto';
import type { EpochKey } from '../crypto/types';
import type { ChannelRepo } from '../storage/channel-repo';
import { encodeEvents, parseEvents, type ChannelEvent } from './events';
import { controlEpoch, currentEpoch } from './epochs';
import { Reassembly } from './reassembly';
import { myIdentity, type ChannelRecord } from './state';

/** Events per envelope: well under the largest padded size. */
const BATCH = 40;

/**
 * Seals events for a group's channel and queues them in the outbox, which
 * survives reloads, restarts and broker outages; the panel's engine sends
 * it in order. A group without a channel, or a stopped channel, queues
 * nothing. Used by the panel and the background alike.
 */
export async function emitToGroup(repo: ChannelRepo, groupId: string, events: ChannelEvent[]): Promise<void> {
  if (!groupId || !events.length) return;
  const channel = await repo.channelForGroup(groupId);
  if (!channel || channel.blocked) return;
  await emitToChannel(repo, channel, events);
}

/**
 * Seals and queues events, in order: calls for one channel run one after
 * another (inChannelLane), so the outbox holds envelopes in the order their
 * counters were taken. Sealing signs through WebCrypto (sealEnvelopeAsync),
 * which cannot run inside an IndexedDB transaction, so counters come from a
 * block taken beforehand. `me` spares reading the identity again when the
 * caller holds it.
 */
export function emitToChannel(
  repo: ChannelRepo,
  channel: ChannelRecord,
  events: ChannelEvent[],
  me?: DeviceIdentity,
  on: 'current' | 'control' = 'current',
): Promise<void> {
  return inChannelLane(repo, channel.channelId, async () => {
    const sealed = await sealEvents(repo, channel, events, me, on);
    if (sealed) await repo.queue(channel.channelId, sealed.topic, sealed.envelopes, sealed.keys);
  });
}

/** Runs `job` after every job queued before it for this channel in this page. */
export function inChannelLane<T>(repo: ChannelRepo, channelId: string, job: () => Promise<T>): Promise<T> {
  let lanes = laneByRepo.get(repo);
  if (!lanes) laneByRepo.set(repo, (lanes = new Map()));
  const run = (lanes.get(channelId) ?? Promise.resolve()).then(job);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  lanes.set(channelId, tail);
  void tail.then(() => {
    if (lanes.get(channelId) === tail) lanes.delete(channelId);
  });
  return run;
}

const laneByRepo = new WeakMap<ChannelRepo, Map<string, Promise<void>>>();

/** Counters (and their message keys) taken at once; those a closed page never used are gaps windows allow. */
const COUNTER_BLOCK = 16;
/**
 * A block left unused this long is dropped: another page sending meanwhile
 * moves the co-leaders' windows on, and counters far behind them would be
 * refused as replays (DEFAULT_REPLAY_WINDOW is 128).
 */
const COUNTER_BLOCK_MS = 10_000;
interface Block {
  next: number;
  end: number;
  at: number;
  /** Message keys of counters next..end-1 (a data epoch's); zeroed as they are handed out, and when the block goes. */
  keys?: Uint8Array[];
}
const blocks = new WeakMap<ChannelRepo, Map<string, Block>>();

/**
 * `n` fresh counters, consecutive, and their message keys, from this page's
 * block, taking a new block in one transaction when it runs short: most
 * envelopes need no transaction of their own before they are sealed. In a
 * data epoch the block's keys come from this device's sending chain in the
 * same transaction (ChannelRepo.takeMessageKeys) and live only here; the
 * keys of counters never used die with the block. On the first epoch,
 * which has no ratchet, they are derived (controlMessageKey).
 */
async function counters(
  repo: ChannelRepo,
  channelId: string,
  sealIn: { n: number; key: EpochKey },
  me: string,
  n: number,
): Promise<{ first: number; keys: Uint8Array[] }> {
  let mine = blocks.get(repo);
  if (!mine) blocks.set(repo, (mine = new Map()));
  const now = Date.now();
  const control = sealIn.n === FIRST_EPOCH;
  // By epoch and header key: an epoch opened again by a winning commit has other chains.
  const id = control ? channelId : `${channelId}:${sealIn.n}:${toBase64(sealIn.key)}`;
  let b = mine.get(id);
  if (!b || b.end - b.next < n || now - b.at > COUNTER_BLOCK_MS) {
    b?.keys?.forEach((k) => k.fill(0));
    const size = Math.max(n, COUNTER_BLOCK);
    if (control) {
      const taken = await repo.takeCounters(channelId, size);
      b = { next: taken.first, end: taken.first + size, at: now };
    } else {
      const taken = await repo.takeMessageKeys(channelId, sealIn.n, size);
      b = { next: taken.first, end: taken.first + size, at: now, keys: taken.keys };
    }
    mine.set(id, b);
  }
  const first = b.next;
  const keys = b.keys
    ? b.keys.splice(0, n)
    : Array.from({ length: n }, (_, i) => controlMessageKey(sealIn.key, me, first + i));
  b.next += n;
  b.at = now;
  return { first, keys };
}

/**
 * Events sealed into envelopes with fresh counters, not yet queued; undefined
 * for no events. Sealed in the channel's current epoch, or `on` its first
 * one (commits and prekeys, which every member can open). Counters run on
 * across epochs: each (sender, epoch) window sees them rise. Call it inside
 * the channel's lane.
 */
export async function sealEvents(
  repo: ChannelRepo,
  channel: ChannelRecord,
  events: ChannelEvent[],
  known?: DeviceIdentity,
  on: 'current' | 'control' = 'current',
): Promise<{ topic: string; envelopes: Uint8Array[]; keys: Uint8Array[] } | undefined> {
  const payloads = batches(events).map(encodeEvents);
  if (!payloads.length) return undefined;
  // Before any counter is taken: an event too large for one envelope throws here.
  if (payloads.some((p) => p.length > MAX_ENVELOPE_PAYLOAD))
    throw new RangeError(`An envelope payload is at most ${MAX_ENVELOPE_PAYLOAD} bytes.`);
  const me = known ?? (await myIdentity(repo));
  const sealIn = on === 'control' ? controlEpoch(channel) : currentEpoch(channel);
  // A payload longer than one envelope's chunk takes one counter per envelope.
  const parts = payloads.map((p) => envelopeParts(p.length));
  const { first, keys } = await counters(
    repo,
    channel.channelId,
    sealIn,
    me.deviceId,
    parts.reduce((a, b) => a + b, 0),
  );
  const { n: epoch, key, topic } = sealIn;
  const firsts = parts.map((_, i) => first + parts.slice(0, i).reduce((a, b) => a + b, 0));
  try {
    const sealed = await Promise.all(
      payloads.map((payload, i) =>
        sealEnvelopeAsync({
          channelId: channel.channelId,
          sender: me,
          epoch,
          counter: firsts[i]!,
          epochKey: key,
          payload,
          messageKeys: keys.slice(firsts[i]! - first, firsts[i]! - first + parts[i]!),
        }),
      ),
    );
    const envelopes = sealed.flat();
    // Kept with each outbox row, sealed under the epoch's header key, for resealOutbox; none on the first epoch.
    const kept = epoch === FIRST_EPOCH ? [] : envelopes.map((e, i) => wrapOutboxKey(key, e, keys[i]!));
    return { topic, envelopes, keys: kept };
  } finally {
    for (const k of keys) k.fill(0);
  }
}

/**
 * Seals again, under the channel's current epoch, what waits in the outbox
 * under `older` epoch keys (this device's own envelopes, opened with them),
 * so those keys can be erased without losing anything. Runs in the
 * channel's lane. Returns how many rows of `older` remain: rows whose
 * parts are not all in the outbox (their other parts already went) stay
 * and are counted.
 */
export function resealOutbox(
  repo: ChannelRepo,
  channel: ChannelRecord,
  me: DeviceIdentity,
  older: readonly (readonly [number, EpochKey])[],
): Promise<number> {
  return inChannelLane(repo, channel.channelId, async () => {
    if (!older.length) return 0;
    const members = new Map([[me.deviceId, publicIdentity(me)]]);
    const parts = new Reassembly();
    const moved: number[] = [];
    let left = 0;
    const events: ChannelEvent[] = [];
    const rows = await repo.outbox(channel.channelId);
    const waiting = new Map<string, number[]>();
    for (const row of rows) {
      const opened = await openEnvelopeAsync(row.envelope, {
        channelId: channel.channelId,
        members,
        epochKeys: () => older,
        messageKey: (_sender, epoch) => {
          const header = older.find(([n]) => n === epoch)?.[1];
          return header && row.mk ? unwrapOutboxKey(header, row.envelope, row.mk) : undefined;
        },
      }).catch((e: unknown) => (e instanceof EnvelopeError ? undefined : Promise.reject(e)));
      if (!opened) continue;
      const id = `${opened.epoch}:${opened.counter - opened.part}`;
      const seqs = [...(waiting.get(id) ?? []), row.seq!];
      waiting.set(id, seqs);
      const whole = parts.add({ ...opened, sender: me.deviceId });
      if (!whole) continue;
      waiting.delete(id);
      const parsed = parseEvents(whole);
      if (parsed) events.push(...parsed);
      moved.push(...seqs);
    }
    for (const seqs of waiting.values()) left += seqs.length;
    if (events.length) {
      const sealed = await sealEvents(repo, channel, events, me);
      if (sealed) await repo.queue(channel.channelId, sealed.topic, sealed.envelopes, sealed.keys);
    }
    if (moved.length) await repo.sentMany(moved);
    return left;
  });
}

/**
 * Up to BATCH events, and never more bytes than one envelope carries. By
 * count alone, a resync answer (a session's markers and every field of its
 * note) could pass the 64 KiB limit, sealing would throw, and the whole
 * answer would be lost. A single event over the limit still throws.
 */
function batches(events: ChannelEvent[]): ChannelEvent[][] {
  const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;
  const empty = bytes({ v: 1, events: [] });
  const out: ChannelEvent[][] = [];
  let batch: ChannelEvent[] = [];
  let size = empty;
  for (const e of events) {
    const n = bytes(e) + 1; // and a comma
    if (batch.length && (batch.length >= BATCH || size + n > MAX_ENVELOPE_PAYLOAD)) {
      out.push(batch);
      batch = [];
      size = empty;
    }
    batch.push(e);
    size += n;
  }
  if (batch.length) out.push(batch);
  return out;
}
