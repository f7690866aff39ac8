// Device identities at their edges: each stored form refused for what is wrong with it, the
// public identity compared field by field, and decoded keys reused only for frozen records.
import { describe, expect, it } from 'vitest';
import {
  deserializeIdentity,
  identityBytes,
  keysOf,
  newDeviceIdentity,
  publicIdentity,
  samePublicIdentity,
  serializeIdentity,
  validatePublicIdentity,
} from '../../../crypto/identity';
import { MalformedRecordError, type DeviceIdentity, type PublicIdentity } from '../../../crypto/types';

describe('stored identities', () => {
  it('refuses to store an identity whose secret keys have the wrong length', () => {
    const id = newDeviceIdentity();
    const shortSign = { ...id, signing: { ...id.signing, secretKey: id.signing.secretKey.subarray(0, 32) } };
    const shortBox = { ...id, box: { ...id.box, secretKey: id.box.secretKey.subarray(0, 31) } };
    for (const bad of [shortSign, shortBox])
      expect(() => serializeIdentity(bad as DeviceIdentity)).toThrow(new TypeError('Not a device identity.'));
    expect(deserializeIdentity(serializeIdentity(id)).deviceId).toBe(id.deviceId);
  });

  it('refuses damaged stored identities', () => {
    const good = serializeIdentity(newDeviceIdentity());
    for (const x of [
      null,
      'identity',
      { ...good, v: 2 },
      { ...good, deviceId: 'zz' },
      { ...good, signSeed: 42 },
      { ...good, signSeed: good.boxSecretKey.slice(0, 8) },
      { ...good, boxSecretKey: 'not base64' },
    ])
      expect(() => deserializeIdentity(x), JSON.stringify(x)).toThrow(
        new MalformedRecordError('The stored device identity is damaged.'),
      );
  });
});

describe('public identities', () => {
  it('are the same only when every field is', () => {
    const a = publicIdentity(newDeviceIdentity());
    const b = publicIdentity(newDeviceIdentity());
    expect(samePublicIdentity(a, { ...a })).toBe(true);
    for (const field of ['deviceId', 'signPk', 'boxPk'] as const)
      expect(samePublicIdentity(a, { ...a, [field]: b[field] }), field).toBe(false);
    expect(samePublicIdentity(a, { ...a, v: 2 } as unknown as PublicIdentity)).toBe(false);
  });

  it('refuses what is not a public identity, and decodes an unfrozen one afresh each time', () => {
    for (const x of [null, undefined, 'id', 7])
      expect(() => keysOf(x as unknown as PublicIdentity)).toThrow(new TypeError('Not a public identity.'));
    const a = publicIdentity(newDeviceIdentity());
    const b = publicIdentity(newDeviceIdentity());
    // An unfrozen record may still change: its keys are not kept.
    const loose = { ...a };
    expect(identityBytes(loose)).toEqual(identityBytes(a));
    Object.assign(loose, { signPk: b.signPk });
    expect(keysOf(loose).signPk).toEqual(keysOf(b).signPk);
    // A frozen one cannot change, and its decoded keys are reused.
    const frozen = validatePublicIdentity({ ...a });
    expect(keysOf(frozen)).toBe(keysOf(frozen));
  });
});
