import { FIRST_EPOCH, channelTopic, epochKey, epochTopic } from '../crypto';
import type { ChannelKey, EpochKey } from '../crypto/types';
import { channelSubscription, channelTopicName } from './state';

export interface EpochsDeps {
  /** The channel key this device holds now (it changes only when the record is read again). */
  channelKey(): ChannelKey;
}

/**
 * Which epoch keys open envelopes here, and the topics they travel on. Epoch
 * keys are derived from the channel key (crypto/epoch.ts). Every epoch has
 * its own topic under the channel's fixed, opaque prefix. Only the epochs
 * held here open anything: an envelope naming any other is refused.
 */
export class Epochs {
  constructor(private readonly d: EpochsDeps) {}

  /** The epoch this device seals in. */
  current(): number {
    return FIRST_EPOCH;
  }

  /** The topic of `epoch` (the current one unless told). */
  topic(epoch = this.current()): string {
    return topicOf(this.d.channelKey(), epoch);
  }

  /** What this device subscribes to: every epoch's topic under the channel's prefix. */
  subscription(): string {
    return channelSubscription(channelTopic(this.d.channelKey()));
  }

  /** The epochs whose envelopes open here, with their keys: a bounded few. */
  held(): [number, EpochKey][] {
    return [[FIRST_EPOCH, epochKey(this.d.channelKey(), FIRST_EPOCH)]];
  }
}

/** The topic an epoch's envelopes are published on, from the channel key (for senders outside an engine). */
export function topicOf(channelKey: ChannelKey, epoch: number): string {
  return channelTopicName(channelTopic(channelKey), epochTopic(epochKey(channelKey, epoch)));
}
