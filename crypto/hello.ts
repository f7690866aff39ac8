/**
 * A device's hello on the channel topic: its public identity, sealed under
 * a key derived from the channel key and signed by the identity itself.
 * It is how a leader learns that a co-leader's keys changed (a reinstall, a
 * reset): the hello opens for any member, and a new key under a known
 * device id stops the channel until the leaders verify again. A hello
 * grants no trust by itself.
 */
import nacl from 'tweetnacl';
import { concatBytes, digest32, framed } from './bytes';
import { utf8Decode, utf8Encode } from './encoding';
import { publicIdentity, validatePublicIdentity, keysOf } from './identity';
import { signDetached, verifyStrict } from './strict';
import type { ChannelKey, DeviceIdentity, PublicIdentity } from './types';

const MAGIC = 0x48; // 'H': never a valid envelope version byte (1)
const NONCE = nacl.secretbox.nonceLength;

const helloKey = (channelKey: ChannelKey) => digest32('squircle/hello/v1', channelKey);

/** Throws TypeError on a malformed identity or key. */
export function sealHello(channelKey: ChannelKey, me: DeviceIdentity): Uint8Array {
  const pub = utf8Encode(JSON.stringify(publicIdentity(me)));
  const sig = signDetached(framed('squircle/hello/v1', pub), me.signing.secretKey);
  const nonce = nacl.randomBytes(NONCE);
  return concatBytes(
    new Uint8Array([MAGIC]),
    nonce,
    nacl.secretbox(concatBytes(sig, pub), nonce, helloKey(channelKey)),
  );
}

export const isHello = (bytes: Uint8Array): boolean => bytes.length > 1 && bytes[0] === MAGIC;

/** The announced identity, or undefined for anything that is not a valid hello. Never throws. */
export function openHello(channelKey: ChannelKey, bytes: Uint8Array): PublicIdentity | undefined {
  try {
    if (!isHello(bytes) || bytes.length < 1 + NONCE + 16 + 64) return undefined;
    const inner = nacl.secretbox.open(bytes.subarray(1 + NONCE), bytes.subarray(1, 1 + NONCE), helloKey(channelKey));
    if (!inner) return undefined;
    const pubBytes = inner.subarray(64);
    const pub = validatePublicIdentity(JSON.parse(utf8Decode(pubBytes)));
    return verifyStrict(framed('squircle/hello/v1', pubBytes), inner.subarray(0, 64), keysOf(pub).signPk)
      ? pub
      : undefined;
  } catch {
    return undefined;
  }
}
