import { MAX_ENVELOPE_PAYLOAD, epochKey, sealEnvelope, channelTopic } from '../crypto';
import type { ChannelRepo } from '../storage/channel-repo';
import { encodeEvents, type ChannelEvent } from './events';
import { channelTopicName, keyOf, myIdentity, type ChannelRecord } from './state';

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
  const channel = await repo.channelForGroup<ChannelRecord>(groupId);
  if (!channel || channel.blocked) return;
  await emitToChannel(repo, channel, events);
}

export async function emitToChannel(repo: ChannelRepo, channel: ChannelRecord, events: ChannelEvent[]): Promise<void> {
  const me = await myIdentity(repo);
  const key = keyOf(channel);
  const topic = channelTopicName(channelTopic(key));
  for (const batch of batches(events)) {
    const payload = encodeEvents(batch);
    await repo.enqueue(channel.channelId, topic, (epoch, counter) =>
      sealEnvelope({ channelId: channel.channelId, sender: me, epoch, counter, epochKey: epochKey(key, epoch), payload }),
    );
  }
}

/**
 * Up to BATCH events, and never more bytes than one envelope carries. By
 * count alone, a resync answer (a session's markers and every field of its
 * note) could pass the 64 KiB limit; sealing then threw, and the whole
 * answer was lost. A single event over the limit still throws.
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
