/**
 * A device's hello on the channel topic: an envelope of type 'hello' whose
 * payload is the device's public identity, signed by that identity itself
 * (crypto/envelope.ts). It is how a leader learns that a co-leader's keys
 * changed: after "make new keys" the device announces its new identity,
 * endorsed by its previous signing key. A co-leader takes a changed key
 * into consideration only with that endorsement, and then still stops the
 * channel until the leaders compare the new safety number; a hello for a
 * pinned device without it (anyone holding the channel key can make one)
 * is refused. A device that lost its old key pairs again with a new invite.
 * It has the size of every other envelope, so the broker cannot tell it apart.
 */
import { framed } from './bytes';
import { helloPayload, sealEnvelope } from './envelope';
import { keysOf, publicIdentity } from './identity';
import { signDetached, verifyStrict } from './strict';
import type { DeviceIdentity, EpochKey, PublicIdentity } from './types';

/**
 * Throws TypeError on a malformed channel id, identity, key or endorsement,
 * RangeError on an epoch outside u32.
 */
export function sealHello(o: {
  channelId: string;
  me: DeviceIdentity;
  epoch: number;
  epochKey: EpochKey;
  endorsement?: Uint8Array;
}): Uint8Array {
  return sealEnvelope({
    channelId: o.channelId,
    sender: o.me,
    epoch: o.epoch,
    epochKey: o.epochKey,
    counter: 0,
    type: 'hello',
    payload: helloPayload(o.me, o.endorsement),
  })[0]!;
}

const signedChange = (next: PublicIdentity) => framed('squircle/key-change/v1', next.deviceId, next.signPk, next.boxPk);

/** The previous identity's signature over the next one, same device. Throws TypeError on another device id. */
export function endorseKeyChange(previous: DeviceIdentity, next: DeviceIdentity): Uint8Array {
  const pub = publicIdentity(next);
  if (pub.deviceId !== previous.deviceId) throw new TypeError('A key change keeps the device id.');
  return signDetached(signedChange(pub), previous.signing.secretKey);
}

/** Whether `endorsement` is the pinned identity's strict signature over `announced`, same device. Never throws. */
export function verifyKeyChange(pinned: PublicIdentity, announced: PublicIdentity, endorsement: Uint8Array): boolean {
  try {
    if (pinned.deviceId !== announced.deviceId) return false;
    return verifyStrict(signedChange(announced), endorsement, keysOf(pinned).signPk);
  } catch {
    return false;
  }
}
