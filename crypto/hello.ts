/**
 * A device's hello on the channel topic: an envelope of type 'hello' whose
 * payload is the device's public identity, signed by that identity itself
 * (crypto/envelope.ts). It is how a leader learns that a co-leader's keys
 * changed (a reinstall, a reset): the hello opens for any member, and a new
 * key under a known device id stops the channel until the leaders verify
 * again. A hello grants no trust by itself. It has the size of every other
 * envelope, so the broker cannot tell it apart.
 */
import { helloPayload, sealEnvelope } from './envelope';
import type { DeviceIdentity, EpochKey } from './types';

/** Throws TypeError on a malformed channel id, identity or key, RangeError on an epoch outside u32. */
export function sealHello(o: { channelId: string; me: DeviceIdentity; epoch: number; epochKey: EpochKey }): Uint8Array {
  return sealEnvelope({ ...o, sender: o.me, counter: 0, type: 'hello', payload: helloPayload(o.me) })[0]!;
}
