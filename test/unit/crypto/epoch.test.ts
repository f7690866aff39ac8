import { sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { channelTopic, epochKey, newChannelId, newChannelKey, utf8Encode, type ChannelKey } from '../../../crypto';
import { toHex } from './support';

/** digest32 written again from its definition, on an independent SHA-512. */
function referenceDigest32(label: string, ...parts: Uint8Array[]): Uint8Array {
  const framed = [utf8Encode(label), ...parts].flatMap((p) => {
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, p.length, false);
    return [...len, ...p];
  });
  return sha512(Uint8Array.from(framed)).slice(0, 32);
}

const be32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);

describe('epoch keys', () => {
  const fixed = new Uint8Array(32).fill(7) as ChannelKey;

  it('are digest32("squircle/epoch/v1", channelKey, u32(epoch)) (known answer)', () => {
    expect(toHex(epochKey(fixed, 3))).toBe('037bbc22c739a4ffae967fe1456f3348cb44279387ed0d65043b6966011e7595');
    for (const e of [0, 1, 3, 0xffffffff]) {
      expect(toHex(epochKey(fixed, e))).toBe(toHex(referenceDigest32('squircle/epoch/v1', fixed, be32(e))));
    }
  });

  it('differ per epoch and per channel key, and repeat for the same inputs', () => {
    const k = newChannelKey();
    expect(toHex(epochKey(k, 0))).toBe(toHex(epochKey(k, 0)));
    expect(toHex(epochKey(k, 0))).not.toBe(toHex(epochKey(k, 1)));
    expect(toHex(epochKey(k, 0))).not.toBe(toHex(epochKey(newChannelKey(), 0)));
  });

  it('refuse epochs outside u32 and keys that are not 32 bytes', () => {
    const k = newChannelKey();
    for (const e of [-1, 1.5, 2 ** 32, Number.NaN]) expect(() => epochKey(k, e)).toThrow(RangeError);
    expect(() => epochKey(k.subarray(1) as ChannelKey, 0)).toThrow(TypeError);
  });
});

describe('channel topic and id', () => {
  it('is 32 hex characters that only the key determines (known answer)', () => {
    const fixed = new Uint8Array(32).fill(7) as ChannelKey;
    expect(channelTopic(fixed)).toBe('7317ea4a92c67794e9f3137f90c8e66d');
    expect(channelTopic(fixed)).toBe(toHex(referenceDigest32('squircle/channel-topic/v1', fixed).subarray(0, 16)));
    const k = newChannelKey();
    expect(channelTopic(k)).toMatch(/^[0-9a-f]{32}$/);
    expect(channelTopic(k)).not.toBe(channelTopic(newChannelKey()));
    // Domain separation: the topic is not a prefix of any epoch key.
    expect(toHex(epochKey(k, 0))).not.toContain(channelTopic(k));
  });

  it('makes random 16-byte channel ids', () => {
    expect(newChannelId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newChannelId()).not.toBe(newChannelId());
  });
});
