// The engine's epochs: the topic and epoch keys come from the channel key it holds now.
import { expect, it } from 'vitest';
import { Epochs } from '../../../channel/epochs';
import { channelTopic, epochKey, newChannelKey } from '../../../crypto';
import type { ChannelKey } from '../../../crypto/types';

it('derives the topic and each epoch key from the channel key held at the time', () => {
  let key: ChannelKey = newChannelKey();
  const epochs = new Epochs({ channelKey: () => key });
  expect(epochs.topic()).toBe(`sq/v1/c/${channelTopic(key)}`);
  expect(epochs.key(1)).toEqual(epochKey(key, 1));
  expect(epochs.key(2)).not.toEqual(epochs.key(1));
  const before = epochs.topic();
  key = newChannelKey();
  expect(epochs.topic()).not.toBe(before);
  expect(epochs.key(1)).toEqual(epochKey(key, 1));
});
