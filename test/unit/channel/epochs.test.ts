// The engine's epochs: the topics and epoch keys come from the channel key it holds now.
import { expect, it } from 'vitest';
import { Epochs, topicOf } from '../../../channel/epochs';
import { FIRST_EPOCH, channelTopic, epochKey, epochTopic, newChannelKey } from '../../../crypto';
import type { ChannelKey } from '../../../crypto/types';

it('derives topics and the held epoch keys from the channel key held at the time', () => {
  let key: ChannelKey = newChannelKey();
  const epochs = new Epochs({ channelKey: () => key });
  const prefix = `sq/v1/c/${channelTopic(key)}`;
  expect(epochs.current()).toBe(FIRST_EPOCH);
  expect(epochs.topic()).toBe(`${prefix}/${epochTopic(epochKey(key, FIRST_EPOCH))}`);
  expect(epochs.topic()).toBe(topicOf(key, FIRST_EPOCH));
  expect(epochs.subscription()).toBe(`${prefix}/+`);
  // Each epoch its own topic under the one prefix.
  expect(epochs.topic(2)).not.toBe(epochs.topic());
  expect(epochs.topic(2).startsWith(`${prefix}/`)).toBe(true);
  expect(epochs.held()).toEqual([[FIRST_EPOCH, epochKey(key, FIRST_EPOCH)]]);
  const before = epochs.topic();
  key = newChannelKey();
  expect(epochs.topic()).not.toBe(before);
  expect(epochs.held()).toEqual([[FIRST_EPOCH, epochKey(key, FIRST_EPOCH)]]);
});
