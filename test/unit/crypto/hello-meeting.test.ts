// A device's hello on the channel topic, and the keyed meeting fingerprint.
import { sha512 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import {
  meetingHash,
  newChannelKey,
  newDeviceIdentity,
  newVaultKey,
  publicIdentity,
  signDetached,
  utf8Encode,
  type VaultKey,
} from '../../../crypto';
import { concatBytes, digest32, framed } from '../../../crypto/bytes';
import { isHello, openHello, sealHello } from '../../../crypto/hello';
import { fixedIdentity } from './channel-fixtures';
import { toHex } from './support';

/** A hello built by hand, so the parts can be chosen independently. */
function craft(channelKey: Uint8Array, pubBytes: Uint8Array, signer = newDeviceIdentity()): Uint8Array {
  const sig = signDetached(framed('squircle/hello/v1', pubBytes), signer.signing.secretKey);
  const nonce = nacl.randomBytes(24);
  const box = nacl.secretbox(concatBytes(sig, pubBytes), nonce, digest32('squircle/hello/v1', channelKey));
  return concatBytes(Uint8Array.of(0x48), nonce, box);
}

describe('hello', () => {
  it('opens for anyone with the channel key, to the sender’s public identity', () => {
    const me = newDeviceIdentity();
    const key = newChannelKey();
    const hello = sealHello(key, me);
    const json = utf8Encode(JSON.stringify(publicIdentity(me)));
    expect(hello).toHaveLength(1 + 24 + 16 + 64 + json.length);
    expect(hello[0]).toBe(0x48);
    expect(isHello(hello)).toBe(true);
    expect(openHello(key, hello)).toEqual(publicIdentity(me));
    expect(toHex(sealHello(key, me))).not.toBe(toHex(hello));
    expect(openHello(key, craft(key, json, me))).toEqual(publicIdentity(me));
  });

  it('is refused under another channel key, changed, cut short, or signed by someone else', () => {
    const me = fixedIdentity(3);
    const key = newChannelKey();
    const hello = sealHello(key, me);
    expect(openHello(newChannelKey(), hello)).toBeUndefined();
    for (const at of [0, 1, 30, hello.length - 1]) {
      const b = hello.slice();
      b[at]! ^= 0x01;
      expect(openHello(key, b), `byte ${at}`).toBeUndefined();
    }
    expect(openHello(key, hello.subarray(0, hello.length - 1))).toBeUndefined();
    expect(openHello(key, hello.subarray(0, 1 + 24 + 16 + 64))).toBeUndefined();
    const json = utf8Encode(JSON.stringify(publicIdentity(me)));
    expect(openHello(key, craft(key, json, newDeviceIdentity()))).toBeUndefined();
    expect(openHello(key, craft(key, utf8Encode('{"v":1}'), me))).toBeUndefined();
    expect(openHello(key, craft(key, utf8Encode('not json'), me))).toBeUndefined();
    expect(openHello(key, craft(key, new Uint8Array(0), me))).toBeUndefined();
  });

  it('is told apart from other bytes by its first byte', () => {
    expect(isHello(Uint8Array.of(0x48, 0))).toBe(true);
    expect(isHello(Uint8Array.of(0x48))).toBe(false);
    expect(isHello(Uint8Array.of(0x01, 0x48))).toBe(false);
    expect(isHello(new Uint8Array(0))).toBe(false);
    expect(openHello(newChannelKey(), Uint8Array.of(0x01, ...new Uint8Array(200)))).toBeUndefined();
  });
});

describe('meetingHash', () => {
  it('is the first 16 bytes of the framed SHA-512 under the vault key, in hex', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i) as VaultKey;
    const framedInput = concatBytes(framed('squircle/meeting/v1', key, 'meet', 'abc-defg-hij'));
    const want = toHex(sha512(framedInput).subarray(0, 16));
    expect(meetingHash(key, 'meet', 'abc-defg-hij')).toBe(want);
    expect(want).toMatch(/^[0-9a-f]{32}$/);
  });

  it('changes with the key, the platform and the meeting, and never confuses where one ends', () => {
    const key = newVaultKey();
    const h = meetingHash(key, 'meet', 'abc');
    expect(meetingHash(key, 'meet', 'abc')).toBe(h);
    expect(meetingHash(newVaultKey(), 'meet', 'abc')).not.toBe(h);
    expect(meetingHash(key, 'zoom', 'abc')).not.toBe(h);
    expect(meetingHash(key, 'meet', 'abd')).not.toBe(h);
    expect(meetingHash(key, 'mee', 'tabc')).not.toBe(h);
  });
});
