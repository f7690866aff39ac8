import { describe, expect, it } from 'vitest';
import {
  MalformedRecordError,
  deserializeIdentity,
  fromBase64,
  newDeviceIdentity,
  publicIdentity,
  samePublicIdentity,
  serializeIdentity,
  signDetached,
  utf8Encode,
  validatePublicIdentity,
  verifyStrict,
  x25519,
} from '../../../crypto';
import { fixedIdentity, thrown } from './channel-fixtures';
import { toHex } from './support';

describe('device identity', () => {
  it('has a 16-byte hex device id and fresh keys each time', () => {
    const a = newDeviceIdentity();
    const b = newDeviceIdentity();
    expect(a.deviceId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.deviceId).not.toBe(b.deviceId);
    expect(toHex(a.signing.publicKey)).not.toBe(toHex(b.signing.publicKey));
    expect(a.signing.secretKey).toHaveLength(64);
    expect(a.box.publicKey).toHaveLength(32);
  });

  it('publishes only the public half, as versioned base64', () => {
    const a = newDeviceIdentity();
    const pub = publicIdentity(a);
    expect(Object.keys(pub).sort()).toEqual(['boxPk', 'deviceId', 'signPk', 'v']);
    expect(pub.v).toBe(1);
    expect(toHex(fromBase64(pub.signPk))).toBe(toHex(a.signing.publicKey));
    expect(toHex(fromBase64(pub.boxPk))).toBe(toHex(a.box.publicKey));
    expect(Object.isFrozen(pub)).toBe(true);
  });

  it('round-trips through its stored record, which is plain JSON', () => {
    const a = newDeviceIdentity();
    const stored = JSON.parse(JSON.stringify(serializeIdentity(a))) as unknown;
    const back = deserializeIdentity(stored);
    expect(back.deviceId).toBe(a.deviceId);
    expect(toHex(back.signing.secretKey)).toBe(toHex(a.signing.secretKey));
    expect(toHex(back.box.secretKey)).toBe(toHex(a.box.secretKey));
    expect(samePublicIdentity(publicIdentity(back), publicIdentity(a))).toBe(true);
    const msg = utf8Encode('pinned');
    expect(verifyStrict(msg, signDetached(msg, back.signing.secretKey), a.signing.publicKey)).toBe(true);
    const peer = newDeviceIdentity();
    expect(toHex(x25519(back.box.secretKey, peer.box.publicKey))).toBe(
      toHex(x25519(peer.box.secretKey, a.box.publicKey)),
    );
  });

  it('derives the same keys from the same stored seeds (known answer)', () => {
    expect(publicIdentity(fixedIdentity(1))).toEqual({
      v: 1,
      deviceId: '01010101010101010101010101010101',
      signPk: 'iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=',
      boxPk: 'zo060cy2M+x7cMF4FKXHbs0CloUFDTRHRboFhw5YfVk=',
    });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'identity'],
    ['another version', { ...serializeIdentity(fixedIdentity(3)), v: 2 }],
    ['an upper-case device id', { ...serializeIdentity(fixedIdentity(10)), deviceId: '0A'.repeat(16) }],
    ['a short device id', { ...serializeIdentity(fixedIdentity(3)), deviceId: '03'.repeat(15) }],
    ['a short seed', { ...serializeIdentity(fixedIdentity(3)), signSeed: 'AAAA' }],
    ['a box key that is not base64', { ...serializeIdentity(fixedIdentity(3)), boxSecretKey: '!'.repeat(44) }],
    ['a missing field', { v: 1, deviceId: '03'.repeat(16), signSeed: serializeIdentity(fixedIdentity(3)).signSeed }],
  ])('refuses a stored identity with %s', (_, record) => {
    expect(thrown(MalformedRecordError, () => deserializeIdentity(record)).message).toMatch(/damaged/);
  });

  it('validates public identities read from storage or a peer', () => {
    const pub = publicIdentity(newDeviceIdentity());
    expect(validatePublicIdentity(JSON.parse(JSON.stringify(pub)))).toEqual(pub);
    for (const bad of [
      null,
      { ...pub, v: 2 },
      { ...pub, signPk: pub.signPk.slice(4) },
      { ...pub, boxPk: 1 },
      { ...pub, deviceId: 'x' },
    ]) {
      expect(() => validatePublicIdentity(bad)).toThrow(MalformedRecordError);
    }
  });

  it('compares public identities by device and both keys', () => {
    const pub = publicIdentity(newDeviceIdentity());
    const other = publicIdentity(newDeviceIdentity());
    expect(samePublicIdentity(pub, { ...pub })).toBe(true);
    expect(samePublicIdentity(pub, { ...pub, boxPk: other.boxPk })).toBe(false);
    expect(samePublicIdentity(pub, { ...pub, signPk: other.signPk })).toBe(false);
    expect(samePublicIdentity(pub, { ...pub, deviceId: other.deviceId })).toBe(false);
  });

  it('throws TypeError, not a record error, for an identity with keys of the wrong length', () => {
    const a = newDeviceIdentity();
    const broken = { ...a, box: { ...a.box, publicKey: a.box.publicKey.subarray(1) } } as typeof a;
    expect(() => publicIdentity(broken)).toThrow(TypeError);
    expect(() => serializeIdentity(broken)).toThrow(TypeError);
  });
});
