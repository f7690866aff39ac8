import nacl from 'tweetnacl';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ENVELOPE_OVERHEAD,
  ENVELOPE_PAD_SIZES,
  envelopeSenderId,
  EnvelopeError,
  MAX_ENVELOPE_PAYLOAD,
  epochKey,
  newChannelId,
  newChannelKey,
  newDeviceIdentity,
  openEnvelope,
  publicIdentity,
  sealEnvelope,
  signDetached,
  utf8Decode,
  utf8Encode,
  type ChannelKey,
  type DeviceIdentity,
  type EnvelopeProblem,
  type EpochKey,
  type PublicIdentity,
} from '../../../crypto';
import { concatBytes, digest32, framed, u32 } from '../../../crypto/bytes';
import { channel, fixedIdentity, flipBit, thrown } from './channel-fixtures';
import { hex, toHex } from './support';

const problem = (fn: () => unknown): EnvelopeProblem => thrown(EnvelopeError, fn).reason;

const REGIONS = {
  version: [0, 1],
  channelId: [1, 17],
  sender: [17, 33],
  epoch: [33, 37],
  counter: [37, 45],
  nonce: [45, 69],
} as const;

/** Builds an envelope by hand from a padded plaintext, to reach checks sealEnvelope never trips. */
function craft(sender: DeviceIdentity, channelId: string, key: EpochKey, padded: Uint8Array): Uint8Array {
  const nonce = nacl.randomBytes(24);
  const header = concatBytes(Uint8Array.of(1), hex(channelId), hex(sender.deviceId), u32(0), u32(0), u32(9), nonce);
  const body = concatBytes(header, nacl.secretbox(padded, nonce, digest32('squircle/envelope-key/v1', key, header)));
  return concatBytes(body, signDetached(framed('squircle/envelope/v1', body), sender.signing.secretKey));
}

describe('channel envelope', () => {
  // Made afresh for each test, so each test's coverage includes the fixture's work (npm run mutate).
  let ch: ReturnType<typeof channel>;
  let a: DeviceIdentity;
  let b: DeviceIdentity;
  let sample: Uint8Array;
  beforeEach(() => {
    ch = channel(3);
    [a, b] = ch.ids as [DeviceIdentity, DeviceIdentity, DeviceIdentity];
    sample = seal(utf8Encode('over to you'), { counter: 41 });
  });
  const seal = (payload: Uint8Array, o: { sender?: DeviceIdentity; epoch?: number; counter?: number } = {}) =>
    sealEnvelope({
      channelId: ch.channelId,
      sender: o.sender ?? a,
      epoch: o.epoch ?? 0,
      counter: o.counter ?? 1,
      epochKey: ch.keys.get(o.epoch ?? 0)!,
      payload,
    });

  it('round-trips sender, epoch, counter and payload', () => {
    const opened = openEnvelope(sample, ch.open);
    expect(opened.sender).toEqual(publicIdentity(a));
    expect(opened.epoch).toBe(0);
    expect(opened.counter).toBe(41);
    expect(utf8Decode(opened.payload)).toBe('over to you');
  });

  it('carries counters up to 2^53-1 and epochs up to 2^32-1', () => {
    const k = epochKey(ch.channelKey, 0xffffffff);
    ch.keys.set(0xffffffff, k);
    const env = sealEnvelope({
      channelId: ch.channelId,
      sender: b,
      epoch: 0xffffffff,
      counter: Number.MAX_SAFE_INTEGER,
      epochKey: k,
      payload: new Uint8Array(0),
    });
    const opened = openEnvelope(env, ch.open);
    expect([opened.epoch, opened.counter]).toEqual([0xffffffff, Number.MAX_SAFE_INTEGER]);
    expect(opened.sender.deviceId).toBe(b.deviceId);
    ch.keys.delete(0xffffffff);
  });

  it.each(
    ENVELOPE_PAD_SIZES.flatMap((size, i) => [
      [size - 4, size],
      [Math.max(0, (ENVELOPE_PAD_SIZES[i - 1] ?? 4) - 3), size],
    ]),
  )('pads a %i-byte payload into the %i-byte class and back', (length, size) => {
    const payload = nacl.randomBytes(length);
    const env = seal(payload);
    expect(env.length).toBe(size + ENVELOPE_OVERHEAD);
    expect(toHex(openEnvelope(env, ch.open).payload)).toBe(toHex(payload));
  });

  it('pads the empty payload to 256 and refuses one byte over the largest class', () => {
    expect(ENVELOPE_OVERHEAD).toBe(69 + 16 + 64);
    expect(seal(new Uint8Array(0)).length).toBe(256 + ENVELOPE_OVERHEAD);
    expect(MAX_ENVELOPE_PAYLOAD).toBe(65532);
    expect(() => seal(new Uint8Array(MAX_ENVELOPE_PAYLOAD + 1))).toThrow(RangeError);
  });

  it('lays the header out in the documented order, in the clear', () => {
    const env = seal(new Uint8Array(3), { epoch: 0, counter: 0x1_0000_0002 });
    expect(env[0]).toBe(1);
    expect(toHex(env.subarray(1, 17))).toBe(ch.channelId);
    expect(toHex(env.subarray(17, 33))).toBe(a.deviceId);
    expect(toHex(env.subarray(33, 45))).toBe('00000000' + '00000001' + '00000002');
  });

  it('opens a stored vector, so the format cannot drift unnoticed', () => {
    const golden = hex(
      [
        '01c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c001010101010101010101010101010101000000030000000000000007773c8b',
        '167c1cdec82bf53190007da9cde431b508459fc6f881d8c2757d1fc87128d76c6ea3945bc1c85735e3b0a8df99ce587d',
        '918d4940714afbae166f1e39323614d41ebbc6b20bc130fb480b69ba50c1c09a73c4e699a057180083b7d6b535a72efa',
        '2ee1c2e278630f203d6bc43da018307e66b1070f5f1a4c2ed70bf11f557523621a1096585b9130c826b079ed09e64586',
        '0578672eb86dbcbb19e22fb00f42f1091f11d58503a8bb5345c3e178247b7a78cdadb7e4c2f7c5c99375e4cd1457370e',
        '0bd19e81ced627023691e10924f91d2ba681c82bd37a2ba8a604c70e780c8fe8c222e34e86b5e17f6178eb6ce6dc03a1',
        '14464bf396256f3d2f9376e3bbade1ea489b72392d42f3d608c7118b47c042c62edd63209c12432a7518e2055a7711ca',
        'd4d533df4e7141863512f3d034bad4c2464509e610bec190d637370c9312c44c00e0c359840ab2cb010f6dfe25ae426d',
        'a63bf15e752cabaac9eee2c542e5af586dcad44a03',
      ].join(''),
    );
    const one = publicIdentity(fixedIdentity(1));
    const key = epochKey(new Uint8Array(32).fill(7) as ChannelKey, 3);
    const opened = openEnvelope(golden, {
      channelId: 'c0'.repeat(16),
      members: new Map([[one.deviceId, one]]),
      epochKey: (e) => (e === 3 ? key : undefined),
    });
    expect([opened.epoch, opened.counter, utf8Decode(opened.payload)]).toEqual([3, 7, 'over to you']);
  });

  it.each<[keyof typeof REGIONS, EnvelopeProblem]>([
    ['version', 'unsupported-version'],
    ['channelId', 'wrong-channel'],
    ['sender', 'unknown-sender'],
    ['epoch', 'unknown-epoch'],
    ['counter', 'tampered'],
    ['nonce', 'tampered'],
  ])('refuses a bit flip anywhere in the %s as %s', (region, expected) => {
    const [from, to] = REGIONS[region];
    for (let i = from; i < to; i++) {
      for (const bit of [0, 7]) {
        const bad = flipBit(sample, i, bit);
        // A counter above 2^53-1 cannot be a JavaScript number: malformed, before any key is used.
        const tooBig = new DataView(bad.buffer).getUint32(37) > 0x1fffff;
        expect(problem(() => openEnvelope(bad, ch.open))).toBe(tooBig ? 'malformed' : expected);
      }
    }
  });

  it('refuses a bit flip anywhere in the ciphertext as tampered, in the signature as a bad signature', () => {
    const sigAt = sample.length - 64;
    for (let i = 69; i < sigAt; i++) expect(problem(() => openEnvelope(flipBit(sample, i), ch.open))).toBe('tampered');
    for (let i = sigAt; i < sample.length; i++)
      expect(problem(() => openEnvelope(flipBit(sample, i), ch.open))).toBe('bad-signature');
    expect(problem(() => openEnvelope(flipBit(sample, 37, 7), ch.open))).toBe('malformed');
  });

  it('binds the epoch in the header: a flip to another known epoch is tampered', () => {
    ch.keys.set(1, epochKey(ch.channelKey, 1));
    expect(problem(() => openEnvelope(flipBit(sample, 36), ch.open))).toBe('tampered');
    ch.keys.delete(1);
  });

  it('refuses another channel, a non-member and an epoch it has no key for', () => {
    expect(problem(() => openEnvelope(sample, { ...ch.open, channelId: newChannelId() }))).toBe('wrong-channel');
    const withoutA = new Map([...ch.members].filter(([id]) => id !== a.deviceId));
    expect(problem(() => openEnvelope(sample, { ...ch.open, members: withoutA }))).toBe('unknown-sender');
    expect(problem(() => openEnvelope(sample, { ...ch.open, epochKey: () => undefined }))).toBe('unknown-epoch');
    const otherKey = epochKey(newChannelKey(), 0);
    expect(problem(() => openEnvelope(sample, { ...ch.open, epochKey: () => otherKey }))).toBe('tampered');
  });

  it('refuses a signature by another key, a member’s or a stranger’s', () => {
    const body = sample.subarray(0, sample.length - 64);
    for (const signer of [b, newDeviceIdentity()]) {
      const resigned = concatBytes(body, signDetached(framed('squircle/envelope/v1', body), signer.signing.secretKey));
      expect(problem(() => openEnvelope(resigned, ch.open))).toBe('bad-signature');
    }
  });

  it('refuses the malleated signature S+L that plain tweetnacl accepts', () => {
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    const sigAt = sample.length - 64;
    const s = sample.subarray(sigAt + 32).reduceRight((n, x) => (n << 8n) | BigInt(x), 0n) + L;
    const malleated = sample.slice();
    for (let i = 0; i < 32; i++) malleated[sigAt + 32 + i] = Number((s >> BigInt(8 * i)) & 0xffn);
    const body = framed('squircle/envelope/v1', sample.subarray(0, sigAt));
    expect(nacl.sign.detached.verify(body, malleated.subarray(sigAt), a.signing.publicKey)).toBe(true);
    expect(problem(() => openEnvelope(malleated, ch.open))).toBe('bad-signature');
  });

  it('stops a member re-signing another member’s ciphertext as their own', () => {
    const stolen = sample.slice(0, sample.length - 64);
    stolen.set(hex(b.deviceId), 17);
    const resigned = concatBytes(stolen, signDetached(framed('squircle/envelope/v1', stolen), b.signing.secretKey));
    expect(problem(() => openEnvelope(resigned, ch.open))).toBe('tampered');
  });

  it('refuses wrong lengths, and padding that is not canonical even when sealed and signed', () => {
    for (const bad of [
      new Uint8Array(0),
      sample.subarray(0, 1),
      sample.subarray(0, sample.length - 1),
      concatBytes(sample, Uint8Array.of(0)),
    ]) {
      expect(problem(() => openEnvelope(bad, ch.open))).toBe('malformed');
    }
    expect(problem(() => openEnvelope('bytes' as never, ch.open))).toBe('malformed');
    const key = ch.keys.get(0)!;
    const junk = new Uint8Array(256);
    junk.set(u32(3), 0);
    junk[200] = 1;
    expect(problem(() => openEnvelope(craft(a, ch.channelId, key, junk), ch.open))).toBe('malformed');
    const long = new Uint8Array(256);
    long.set(u32(253), 0);
    expect(problem(() => openEnvelope(craft(a, ch.channelId, key, long), ch.open))).toBe('malformed');
    const exact = new Uint8Array(256);
    exact.set(u32(252), 0);
    expect(openEnvelope(craft(a, ch.channelId, key, exact), ch.open).payload).toHaveLength(252);
  });

  it('throws TypeError or RangeError for a caller’s mistakes, never an EnvelopeError', () => {
    const key = ch.keys.get(0)!;
    const base = {
      channelId: ch.channelId,
      sender: a,
      epoch: 0,
      counter: 0,
      epochKey: key,
      payload: new Uint8Array(1),
    };
    expect(() => sealEnvelope({ ...base, channelId: 'nope' })).toThrow(TypeError);
    expect(() => sealEnvelope({ ...base, epochKey: new Uint8Array(16) as EpochKey })).toThrow(TypeError);
    expect(() => sealEnvelope({ ...base, payload: 'text' as never })).toThrow(TypeError);
    expect(() => sealEnvelope({ ...base, epoch: -1 })).toThrow(RangeError);
    expect(() => sealEnvelope({ ...base, counter: 2 ** 53 })).toThrow(RangeError);
    expect(() => openEnvelope(sample, { ...ch.open, channelId: 'C'.repeat(32) })).toThrow(TypeError);
    expect(() => openEnvelope(sample, { ...ch.open, epochKey: () => new Uint8Array(3) as EpochKey })).toThrow(
      TypeError,
    );
    const misfiled = new Map<string, PublicIdentity>([[a.deviceId, publicIdentity(b)]]);
    expect(() => openEnvelope(sample, { ...ch.open, members: misfiled })).toThrow(TypeError);
  });

  it('gives a different nonce, and so different bytes, every time', () => {
    const again = seal(utf8Encode('over to you'), { counter: 41 });
    expect(toHex(again.subarray(45, 69))).not.toBe(toHex(sample.subarray(45, 69)));
  });
});

describe('envelopeSenderId', () => {
  it('reads the sender from the header of anything shaped like an envelope, and nothing else', () => {
    const ch = channel(2);
    const sender = ch.ids[1]!;
    for (const size of [0, 300, 5000]) {
      const env = sealEnvelope({
        channelId: ch.channelId,
        sender,
        epoch: 0,
        counter: 1,
        epochKey: ch.keys.get(0)!,
        payload: new Uint8Array(size),
      });
      expect(envelopeSenderId(env)).toBe(sender.deviceId);
      const other = env.slice();
      other[0] = 2;
      expect(envelopeSenderId(other)).toBeUndefined();
      expect(envelopeSenderId(env.subarray(0, env.length - 1))).toBeUndefined();
      expect(envelopeSenderId(concatBytes(env, Uint8Array.of(0)))).toBeUndefined();
    }
    expect(envelopeSenderId(new Uint8Array(0))).toBeUndefined();
    expect(envelopeSenderId('text' as never)).toBeUndefined();
  });
});
