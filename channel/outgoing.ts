import { epochKey, sealEnvelope, channelTopic } from '../crypto';
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
  for (let i = 0; i < events.length; i += BATCH) {
    const payload = encodeEvents(events.slice(i, i + BATCH));
    await repo.enqueue(channel.channelId, topic, (epoch, counter) =>
      sealEnvelope({ channelId: channel.channelId, sender: me, epoch, counter, epochKey: epochKey(key, epoch), payload }),
    );
  }
}
