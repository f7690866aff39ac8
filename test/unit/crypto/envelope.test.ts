import { readFileSync } from 'node:fs';
import path from 'node:path';
import nacl from 'tweetnacl';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CHUNK_OVERHEAD,
  ENVELOPE_BYTES,
  ENVELOPE_CHUNK,
  EnvelopeError,
  MAX_ENVELOPE_PARTS,
  MAX_ENVELOPE_PAYLOAD,
  endorseKeyChange,
  envelopeParts,
  epochKey,
  newChannelId,
  newChannelKey,
  newDeviceIdentity,
  controlMessageKey,
  openChunk,
  openEnvelope,
  publicIdentity,
  sealChunk,
  sealEnvelope,
  sealHello,
  signDetached,
  utf8Decode,
  utf8Encode,
  verifyKeyChange,
  type ChannelKey,
  type DeviceIdentity,
  type EnvelopeProblem,
  type EpochKey,
  type PublicIdentity,
} from '../../../crypto';
import { concatBytes, digest32, framed, u32 } from '../../../crypto/bytes';
import { u53 } from '../../../crypto/wire';
import { channel, fixedIdentity, fixtureKeys, flipBit, thrown } from './channel-fixtures';
import { hex, repoRoot, toHex } from './support';

const problem = (fn: () => unknown): EnvelopeProblem => thrown(EnvelopeError, fn).reason;
const INNER = ENVELOPE_BYTES - 24 - 16;
const u16 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);

interface Inner {
  version?: number;
  type?: number;
  sender: DeviceIdentity;
  /** Signs; the sender unless told. */
  signer?: DeviceIdentity;
  channelId: string;
  epoch?: number;
  counter?: number;
  part?: number;
  parts?: number;
  length?: number;
  chunk?: Uint8Array;
  /** Bytes after the chunk, before the signature (zeros in a canonical envelope). */
  tail?: (inner: Uint8Array) => void;
  /** An events chunk as given, not sealed under the sender's message key. */
  raw?: boolean;
}

/** Builds an envelope by hand, to reach checks sealEnvelope never trips. */
function craft(key: EpochKey, o: Inner): Uint8Array {
  const plain = o.chunk ?? utf8Encode('{"v":1,"events":[{"t":"presence","state":"here","at":1}]}');
  const mk = controlMessageKey(key, o.sender.deviceId, o.counter ?? 1);
  const chunk = (o.type ?? 1) === 1 && !o.raw ? sealChunk(mk, plain) : plain;
  const inner = new Uint8Array(INNER);
  inner.set(
    concatBytes(
      Uint8Array.of(o.version ?? 3, o.type ?? 1),
      hex(o.sender.deviceId),
      u32(o.epoch ?? 0),
      u53(o.counter ?? 1),
      u16(o.part ?? 0),
      u16(o.parts ?? 1),
      u16(o.length ?? chunk.length),
      chunk,
    ),
  );
  o.tail?.(inner);
  const signed = framed('squircle/envelope/v3', hex(o.channelId), inner.subarray(0, INNER - 64));
  inner.set(signDetached(signed, (o.signer ?? o.sender).signing.secretKey), INNER - 64);
  const nonce = nacl.randomBytes(24);
  return concatBytes(nonce, nacl.secretbox(inner, nonce, digest32('squircle/envelope-key/v2', key)));
}

/** The inner part of an envelope, opened with the key as a member would. */
function innerOf(env: Uint8Array, key: EpochKey): Uint8Array {
  return nacl.secretbox.open(env.subarray(24), env.subarray(0, 24), digest32('squircle/envelope-key/v2', key))!;
}

describe('channel envelope', () => {
  // Made afresh for each test, so each test's coverage includes the fixture's work (npm run mutate).
  let ch: ReturnType<typeof channel>;
  let a: DeviceIdentity;
  let b: DeviceIdentity;
  let key: EpochKey;
  let sample: Uint8Array;
  beforeEach(() => {
    ch = channel(3);
    [a, b] = ch.ids as [DeviceIdentity, DeviceIdentity, DeviceIdentity];
    key = ch.keys.get(0)!;
    sample = seal(utf8Encode('over to you'), { counter: 41 })[0]!;
  });
  const seal = (payload: Uint8Array, o: { sender?: DeviceIdentity; epoch?: number; counter?: number } = {}) =>
    sealEnvelope({
      channelId: ch.channelId,
      sender: o.sender ?? a,
      epoch: o.epoch ?? 0,
      counter: o.counter ?? 1,
      epochKey: ch.keys.get(o.epoch ?? 0)!,
      payload,
      messageKeys: fixtureKeys(
        ch.keys.get(o.epoch ?? 0)!,
        (o.sender ?? a).deviceId,
        o.counter ?? 1,
        envelopeParts(payload.length),
      ),
    });

  it('round-trips type, sender, epoch, counter and payload', () => {
    const opened = openEnvelope(sample, ch.open);
    expect(opened.type).toBe('events');
    expect(opened.sender).toEqual(publicIdentity(a));
    expect([opened.epoch, opened.counter, opened.part, opened.parts]).toEqual([0, 41, 0, 1]);
    expect(utf8Decode(opened.payload)).toBe('over to you');
  });

  it('carries counters up to 2^53-1 and epochs up to 2^32-1', () => {
    const k = epochKey(ch.channelKey, 0xffffffff);
    ch.keys.set(0xffffffff, k);
    const [env] = sealEnvelope({
      channelId: ch.channelId,
      sender: b,
      epoch: 0xffffffff,
      counter: Number.MAX_SAFE_INTEGER,
      epochKey: k,
      payload: new Uint8Array(0),
      messageKeys: fixtureKeys(k, b.deviceId, Number.MAX_SAFE_INTEGER),
    });
    const opened = openEnvelope(env!, ch.open);
    expect([opened.epoch, opened.counter]).toEqual([0xffffffff, Number.MAX_SAFE_INTEGER]);
    expect(opened.sender.deviceId).toBe(b.deviceId);
  });

  it.each([0, 1, ENVELOPE_CHUNK, ENVELOPE_CHUNK + 1, 3 * ENVELOPE_CHUNK - 1, MAX_ENVELOPE_PAYLOAD])(
    'seals a %i-byte payload into envelopes of one size, with consecutive counters, and back',
    (length) => {
      const payload = nacl.randomBytes(length);
      const envs = seal(payload, { counter: 100 });
      expect(envs).toHaveLength(envelopeParts(length));
      expect(envs.every((e) => e.length === ENVELOPE_BYTES)).toBe(true);
      const opened = envs.map((e) => openEnvelope(e, ch.open));
      expect(opened.map((o) => o.counter)).toEqual(envs.map((_, i) => 100 + i));
      expect(opened.map((o) => [o.part, o.parts])).toEqual(envs.map((_, i) => [i, envs.length]));
      expect(toHex(concatBytes(...opened.map((o) => o.payload)))).toBe(toHex(payload));
    },
  );

  it('has one size for every envelope, hellos included, and refuses one byte over the largest payload', () => {
    expect(ENVELOPE_BYTES).toBe(2048);
    expect(ENVELOPE_CHUNK).toBe(2048 - 24 - 16 - 36 - 64 - CHUNK_OVERHEAD);
    expect(MAX_ENVELOPE_PARTS).toBe(Math.ceil(65532 / ENVELOPE_CHUNK));
    const hello = sealHello({ channelId: ch.channelId, me: a, epoch: 0, epochKey: key });
    expect(hello).toHaveLength(ENVELOPE_BYTES);
    expect(() => seal(new Uint8Array(MAX_ENVELOPE_PAYLOAD + 1))).toThrow(RangeError);
  });

  it('shows nothing in the clear: no channel id, sender, epoch, counter or type bytes', () => {
    const env = seal(new Uint8Array(3), { counter: 0x1_0000_0002 })[0]!;
    const text = toHex(env);
    for (const part of [ch.channelId, a.deviceId, toHex(u53(0x1_0000_0002)), toHex(utf8Encode(a.deviceId))])
      expect(text).not.toContain(part);
    // The same inner fields sealed twice share no byte pattern: a fresh nonce each time.
    const again = seal(new Uint8Array(3), { counter: 0x1_0000_0002 })[0]!;
    let same = 0;
    for (let i = 0; i < env.length; i++) if (env[i] === again[i]) same++;
    expect(same).toBeLessThan(40);
  });

  it('lays the inner part out in the documented order', () => {
    const inner = innerOf(seal(utf8Encode('abc'), { counter: 0x1_0000_0002 })[0]!, key);
    expect(toHex(inner.subarray(0, 2))).toBe('0301');
    expect(toHex(inner.subarray(2, 18))).toBe(a.deviceId);
    expect(toHex(inner.subarray(18, 36))).toBe('00000000' + '0000000100000002' + '0000' + '0001' + '0013');
    // The chunk, sealed under the message key of its counter: 3 bytes and 16 of MAC, nothing readable.
    const chunk = inner.subarray(36, 36 + 3 + CHUNK_OVERHEAD);
    expect(toHex(chunk)).not.toContain(toHex(utf8Encode('abc')));
    expect(utf8Decode(openChunk(controlMessageKey(key, a.deviceId, 0x1_0000_0002), chunk)!)).toBe('abc');
    expect(openChunk(controlMessageKey(key, a.deviceId, 0x1_0000_0001), chunk)).toBeUndefined();
    expect(inner.subarray(36 + 19, INNER - 64).every((x) => x === 0)).toBe(true);
  });

  it('opens a stored vector, so the format cannot drift unnoticed', () => {
    const vector = (v: number) =>
      hex(readFileSync(path.resolve(repoRoot, `test/fixtures/envelope-v${v}.hex`), 'utf8').trim());
    const one = publicIdentity(fixedIdentity(1));
    const k3 = epochKey(new Uint8Array(32).fill(7) as ChannelKey, 3);
    const options = {
      channelId: 'c0'.repeat(16),
      members: new Map([[one.deviceId, one]]),
      epochKeys: () => [[3, k3] as const],
      messageKey: (sender: string, _epoch: number, counter: number) => controlMessageKey(k3, sender, counter),
    };
    const opened = openEnvelope(vector(3), options);
    expect([opened.epoch, opened.counter, utf8Decode(opened.payload)]).toEqual([3, 7, 'over to you']);
    // Version 2 (one key for the whole epoch) is refused: there is no deployment to carry over.
    expect(problem(() => openEnvelope(vector(2), options))).toBe('unsupported-version');
  });

  it('refuses a bit flip anywhere, nonce or box, as tampered', () => {
    for (let i = 0; i < sample.length; i += 7) {
      expect(problem(() => openEnvelope(flipBit(sample, i), ch.open))).toBe('tampered');
    }
    expect(problem(() => openEnvelope(flipBit(sample, sample.length - 1, 7), ch.open))).toBe('tampered');
  });

  it('opens only under an epoch key it holds, and only if the envelope names that epoch', () => {
    const k2 = epochKey(ch.channelKey, 2);
    const [in2] = sealEnvelope({
      channelId: ch.channelId,
      sender: a,
      epoch: 2,
      counter: 1,
      epochKey: k2,
      payload: new Uint8Array(1),
      messageKeys: fixtureKeys(k2, a.deviceId, 1),
    });
    expect(problem(() => openEnvelope(in2!, ch.open))).toBe('tampered');
    ch.keys.set(2, k2);
    expect(openEnvelope(in2!, ch.open).epoch).toBe(2);
    // Sealed under epoch 2's key but naming epoch 0.
    const lying = craft(k2, { sender: a, channelId: ch.channelId, epoch: 0 });
    expect(problem(() => openEnvelope(lying, ch.open))).toBe('unknown-epoch');
    expect(problem(() => openEnvelope(sample, { ...ch.open, epochKeys: () => [] }))).toBe('tampered');
    expect(
      problem(() => openEnvelope(sample, { ...ch.open, epochKeys: () => [[0, epochKey(newChannelKey(), 0)]] })),
    ).toBe('tampered');
  });

  it('refuses a non-member, and a signature by anyone but the named sender, or for another channel', () => {
    const withoutA = new Map([...ch.members].filter(([id]) => id !== a.deviceId));
    expect(problem(() => openEnvelope(sample, { ...ch.open, members: withoutA }))).toBe('unknown-sender');
    for (const signer of [b, newDeviceIdentity()])
      expect(problem(() => openEnvelope(craft(key, { sender: a, signer, channelId: ch.channelId }), ch.open))).toBe(
        'bad-signature',
      );
    const moved = craft(key, { sender: a, channelId: newChannelId() });
    expect(problem(() => openEnvelope(moved, ch.open))).toBe('bad-signature');
    expect(openEnvelope(craft(key, { sender: a, channelId: ch.channelId }), ch.open).sender.deviceId).toBe(a.deviceId);
  });

  it('refuses the malleated signature S+L that plain tweetnacl accepts', () => {
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    const inner = innerOf(sample, key);
    const sigAt = INNER - 64;
    const s = inner.subarray(sigAt + 32).reduceRight((n, x) => (n << 8n) | BigInt(x), 0n) + L;
    for (let i = 0; i < 32; i++) inner[sigAt + 32 + i] = Number((s >> BigInt(8 * i)) & 0xffn);
    const signed = framed('squircle/envelope/v3', hex(ch.channelId), inner.subarray(0, sigAt));
    expect(nacl.sign.detached.verify(signed, inner.subarray(sigAt), a.signing.publicKey)).toBe(true);
    const nonce = nacl.randomBytes(24);
    const malleated = concatBytes(nonce, nacl.secretbox(inner, nonce, digest32('squircle/envelope-key/v2', key)));
    expect(problem(() => openEnvelope(malleated, ch.open))).toBe('bad-signature');
  });

  it.each<[string, Partial<Inner>, EnvelopeProblem]>([
    ['another version', { version: 1 }, 'unsupported-version'],
    ['an unknown type', { type: 3 }, 'malformed'],
    ['no parts', { parts: 0 }, 'malformed'],
    ['a part past the last', { part: 2, parts: 2 }, 'malformed'],
    ['too many parts', { parts: MAX_ENVELOPE_PARTS + 1 }, 'malformed'],
    ['a chunk longer than an envelope holds', { length: ENVELOPE_CHUNK + CHUNK_OVERHEAD + 1 }, 'malformed'],
    ['an events chunk too short to be sealed', { raw: true, chunk: new Uint8Array(CHUNK_OVERHEAD - 1) }, 'malformed'],
    ['an events chunk sealed under another key', { raw: true, chunk: new Uint8Array(40) }, 'tampered'],
    ['a short part before the last', { part: 0, parts: 2 }, 'malformed'],
    ['a byte after the chunk', { tail: (i: Uint8Array) => (i[INNER - 65] = 1) }, 'malformed'],
    ['a hello in two parts', { type: 2, parts: 2, part: 1 }, 'malformed'],
  ])('refuses %s even when sealed and signed', (_, change, expected) => {
    const bad = craft(key, { sender: a, channelId: ch.channelId, ...change });
    expect(problem(() => openEnvelope(bad, ch.open))).toBe(expected);
  });

  it('asks for the message key only once the signature holds, and opens nothing without the right one', () => {
    const asked: number[] = [];
    const messageKey = (sender: string, epoch: number, counter: number) => {
      asked.push(counter);
      return controlMessageKey(key, sender, counter);
    };
    const forged = craft(key, { sender: a, signer: b, channelId: ch.channelId, counter: 41 });
    expect(problem(() => openEnvelope(forged, { ...ch.open, messageKey }))).toBe('bad-signature');
    expect(asked).toEqual([]);
    expect(utf8Decode(openEnvelope(sample, { ...ch.open, messageKey }).payload)).toBe('over to you');
    expect(asked).toEqual([41]);
    // Gone (used, or never held): refused, and a wrong key is a tampered chunk.
    expect(problem(() => openEnvelope(sample, { ...ch.open, messageKey: () => undefined }))).toBe('no-message-key');
    const { messageKey: _, ...withoutKeys } = ch.open;
    expect(problem(() => openEnvelope(sample, withoutKeys))).toBe('no-message-key');
    const wrong = () => controlMessageKey(key, a.deviceId, 40);
    expect(problem(() => openEnvelope(sample, { ...ch.open, messageKey: wrong }))).toBe('tampered');
    // The key handed over is erased once used.
    const handed = controlMessageKey(key, a.deviceId, 41);
    openEnvelope(sample, { ...ch.open, messageKey: () => handed });
    expect(handed.every((x) => x === 0)).toBe(true);
  });

  it('opens a hello for anyone holding the epoch key, signed by the identity it announces, member or not', () => {
    const stranger = newDeviceIdentity();
    const hello = sealHello({ channelId: ch.channelId, me: stranger, epoch: 0, epochKey: key });
    const opened = openEnvelope(hello, ch.open);
    expect(opened.type).toBe('hello');
    expect(opened.sender).toEqual(publicIdentity(stranger));
    const reset = { ...newDeviceIdentity(), deviceId: a.deviceId };
    expect(
      openEnvelope(sealHello({ channelId: ch.channelId, me: reset, epoch: 0, epochKey: key }), ch.open).sender,
    ).toEqual(publicIdentity(reset));
  });

  it('refuses a hello naming another device than its identity, not in canonical form, or signed by another key', () => {
    const json = (id: PublicIdentity) => concatBytes(new Uint8Array(65), utf8Encode(JSON.stringify(id)));
    const me = publicIdentity(a);
    const cases: [Partial<Inner>, EnvelopeProblem][] = [
      [{ sender: b, chunk: json(me) }, 'malformed'],
      [{ chunk: concatBytes(new Uint8Array(65), utf8Encode(JSON.stringify(me, null, 1))) }, 'malformed'],
      [{ chunk: concatBytes(Uint8Array.of(2), new Uint8Array(64), utf8Encode(JSON.stringify(me))) }, 'malformed'],
      [
        { chunk: concatBytes(Uint8Array.of(0), new Uint8Array(63), Uint8Array.of(1), utf8Encode(JSON.stringify(me))) },
        'malformed',
      ],
      [{ chunk: json({ ...me, signPk: publicIdentity(b).signPk }) }, 'bad-signature'],
      [{ chunk: utf8Encode('{"v":1}') }, 'malformed'],
      [{ chunk: new Uint8Array(0) }, 'malformed'],
    ];
    for (const [change, expected] of cases)
      expect(
        problem(() =>
          openEnvelope(
            craft(key, { sender: a, channelId: ch.channelId, type: 2, chunk: json(me), ...change }),
            ch.open,
          ),
        ),
      ).toBe(expected);
    expect(
      openEnvelope(craft(key, { sender: a, channelId: ch.channelId, type: 2, chunk: json(me) }), ch.open).type,
    ).toBe('hello');
  });

  it('refuses wrong lengths as malformed', () => {
    for (const bad of [
      new Uint8Array(0),
      sample.subarray(0, 1),
      sample.subarray(0, sample.length - 1),
      concatBytes(sample, Uint8Array.of(0)),
    ]) {
      expect(problem(() => openEnvelope(bad, ch.open))).toBe('malformed');
    }
    expect(problem(() => openEnvelope('bytes' as never, ch.open))).toBe('malformed');
  });

  it('throws TypeError or RangeError for a caller’s mistakes, never an EnvelopeError', () => {
    const base = {
      channelId: ch.channelId,
      sender: a,
      epoch: 0,
      counter: 0,
      epochKey: key,
      payload: new Uint8Array(1),
      messageKeys: fixtureKeys(key, a.deviceId, 0),
    };
    expect(() => sealEnvelope({ ...base, channelId: 'nope' })).toThrow(TypeError);
    expect(() => sealEnvelope({ ...base, epochKey: new Uint8Array(16) as EpochKey })).toThrow(TypeError);
    expect(() => sealEnvelope({ ...base, payload: 'text' as never })).toThrow(TypeError);
    expect(() => sealEnvelope({ ...base, type: 'ping' as never })).toThrow(TypeError);
    expect(() => sealEnvelope({ ...base, messageKeys: [] })).toThrow(TypeError);
    expect(() => sealEnvelope({ ...base, messageKeys: [new Uint8Array(16)] })).toThrow(TypeError);
    expect(() => sealEnvelope({ ...base, type: 'decoy', payload: new Uint8Array(0) })).toThrow(TypeError);
    expect(() => sealEnvelope({ ...base, epoch: -1 })).toThrow(RangeError);
    expect(() => sealEnvelope({ ...base, counter: 2 ** 53 })).toThrow(RangeError);
    expect(() => sealEnvelope({ ...base, counter: 2 ** 53 - 2, payload: new Uint8Array(ENVELOPE_CHUNK * 3) })).toThrow(
      RangeError,
    );
    expect(() => openEnvelope(sample, { ...ch.open, channelId: 'C'.repeat(32) })).toThrow(TypeError);
    expect(() => openEnvelope(sample, { ...ch.open, epochKeys: () => [[0, new Uint8Array(3) as EpochKey]] })).toThrow(
      TypeError,
    );
    const misfiled = new Map<string, PublicIdentity>([[a.deviceId, publicIdentity(b)]]);
    expect(() => openEnvelope(sample, { ...ch.open, members: misfiled })).toThrow(TypeError);
  });
});

describe('key-change endorsement in a hello', () => {
  it('carries the old key’s endorsement of the new identity, which verifies only for that pair', () => {
    const ch = channel(2);
    const key = ch.keys.get(0)!;
    const old = ch.ids[0]!;
    const next = { ...newDeviceIdentity(), deviceId: old.deviceId };
    const endorsement = endorseKeyChange(old, next);
    const opened = openEnvelope(
      sealHello({ channelId: ch.channelId, me: next, epoch: 0, epochKey: key, endorsement }),
      ch.open,
    );
    expect(opened.endorsement).toEqual(endorsement);
    expect(verifyKeyChange(publicIdentity(old), opened.sender, opened.endorsement!)).toBe(true);
    expect(verifyKeyChange(publicIdentity(next), opened.sender, endorsement)).toBe(false);
    expect(
      verifyKeyChange(
        publicIdentity(old),
        publicIdentity({ ...newDeviceIdentity(), deviceId: old.deviceId }),
        endorsement,
      ),
    ).toBe(false);
    expect(verifyKeyChange(publicIdentity(ch.ids[1]!), opened.sender, endorsement)).toBe(false);
    expect(verifyKeyChange(publicIdentity(old), opened.sender, new Uint8Array(3))).toBe(false);
    expect(
      openEnvelope(sealHello({ channelId: ch.channelId, me: next, epoch: 0, epochKey: key }), ch.open).endorsement,
    ).toBeUndefined();
    expect(() => endorseKeyChange(old, newDeviceIdentity())).toThrow(TypeError);
    expect(() =>
      sealHello({ channelId: ch.channelId, me: next, epoch: 0, epochKey: key, endorsement: new Uint8Array(5) }),
    ).toThrow(TypeError);
  });
});

describe('decoy envelopes', () => {
  it('are the size of every other, open as decoys with no payload, and carry nothing else', () => {
    const ch = channel(2);
    const key = ch.keys.get(0)!;
    const [decoy] = sealEnvelope({
      channelId: ch.channelId,
      sender: ch.ids[0]!,
      epoch: 0,
      counter: 0,
      epochKey: key,
      type: 'decoy',
      payload: new Uint8Array(0),
    });
    expect(decoy).toHaveLength(ENVELOPE_BYTES);
    const opened = openEnvelope(decoy!, ch.open);
    expect([opened.type, opened.payload.length, opened.sender.deviceId]).toEqual(['decoy', 0, ch.ids[0]!.deviceId]);
    const [full] = sealEnvelope({
      channelId: ch.channelId,
      sender: ch.ids[0]!,
      epoch: 0,
      counter: 0,
      epochKey: key,
      type: 'decoy',
      payload: new Uint8Array(1),
    });
    expect(thrown(EnvelopeError, () => openEnvelope(full!, ch.open)).reason).toBe('malformed');
  });
});
