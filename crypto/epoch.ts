/**
 * The channel key, the epoch keys derived from it, and the channel's topic.
 *
 * The first epoch's key is derived from the channel key, which every member
 * keeps: it carries only commits, prekeys and hellos, and has no forward
 * secrecy. Every later epoch comes from a commit's fresh secret
 * (crypto/epoch-commit.ts) and has a per-sender ratchet inside it
 * (crypto/ratchet.ts).
 */
import nacl from 'tweetnacl';
import { digest32, u32 } from './bytes';
import type { ChannelKey, EpochKey } from './types';
import { toHex } from './wire';

const KEY_BYTES = 32;
export const CHANNEL_ID_BYTES = 16;

/** 32 random bytes, made once by the channel's first leader. Never throws. */
export function newChannelKey(): ChannelKey {
  return nacl.randomBytes(KEY_BYTES) as ChannelKey;
}

/** 16 random bytes, hex: names the channel inside envelopes and invites. Never throws. */
export function newChannelId(): string {
  return toHex(nacl.randomBytes(CHANNEL_ID_BYTES));
}

/**
 * digest32('squircle/epoch/v1', channelKey, u32(epoch)). Throws TypeError on
 * a key that is not 32 bytes, RangeError on an epoch outside 0..2^32-1.
 */
export function epochKey(channelKey: ChannelKey, epoch: number): EpochKey {
  requireKey(channelKey);
  return digest32('squircle/epoch/v1', channelKey, u32(epoch)) as EpochKey;
}

/** The epoch every channel starts in. */
export const FIRST_EPOCH = 1;

/**
 * The topic part of one epoch (32 hex characters), below the channel's
 * prefix: it changes with every epoch, and only holders of the epoch key
 * can compute it. Throws TypeError on a key that is not 32 bytes.
 */
export function epochTopic(key: EpochKey): string {
  requireKey(key);
  return toHex(digest32('squircle/epoch-topic/v1', key).subarray(0, 16));
}

/**
 * An opaque MQTT topic suffix (32 hex characters) that only key holders can
 * compute: the broker sees no channel id, name or member. Throws TypeError
 * on a key that is not 32 bytes.
 */
export function channelTopic(channelKey: ChannelKey): string {
  requireKey(channelKey);
  return toHex(digest32('squircle/channel-topic/v1', channelKey).subarray(0, 16));
}

function requireKey(k: Uint8Array): void {
  if (!(k instanceof Uint8Array) || k.length !== KEY_BYTES) throw new TypeError('A channel or epoch key is 32 bytes.');
}
