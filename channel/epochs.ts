import { channelTopic, epochKey } from '../crypto';
import type { ChannelKey, EpochKey } from '../crypto/types';
import { channelTopicName } from './state';

export interface EpochsDeps {
  /** The channel key this device holds now (it changes only when the record is read again). */
  channelKey(): ChannelKey;
}

/**
 * Which epoch keys open envelopes here, and the topic they travel on. Epoch
 * keys are derived from the channel key (crypto/epoch.ts); the topic is the
 * channel key's opaque hash under `sq/v1/c/`.
 */
export class Epochs {
  constructor(private readonly d: EpochsDeps) {}

  /** The full MQTT topic envelopes and hellos are published on. */
  topic(): string {
    return channelTopicName(channelTopic(this.d.channelKey()));
  }

  /** The key of `epoch`, for opening an envelope that names it. Throws RangeError on an epoch outside u32. */
  key(epoch: number): EpochKey | undefined {
    return epochKey(this.d.channelKey(), epoch);
  }
}
