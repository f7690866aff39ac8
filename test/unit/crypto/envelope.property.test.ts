// Envelopes come from the broker: on any bytes openEnvelope returns or throws EnvelopeError, nothing else.
import fc from 'fast-check';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import {
  CHUNK_OVERHEAD,
  ENVELOPE_BYTES,
  ENVELOPE_CHUNK,
  controlMessageKey,
  EnvelopeError,
  openEnvelope,
  openEnvelopeAsync,
  sealEnvelope,
  sealHello,
  type EpochKey,
} from '../../../crypto';
import { concatBytes, digest32 } from '../../../crypto/bytes';
import {
  FUZZ_RUNS,
  channel,
  expectOpens,
  fixtureKeys,
  hostile,
  mutation,
  mutate,
  outcome,
  type Mutation,
} from './channel-fixtures';

const INNER = ENVELOPE_BYTES - 24 - 16;

const boxKey = (k: EpochKey) => digest32('squircle/envelope-key/v2', k);
const CHUNK_FIELD = ENVELOPE_CHUNK + CHUNK_OVERHEAD;

describe('openEnvelope on hostile bytes', () => {
  const ch = channel(2);
  const key = ch.keys.get(0)!;
  const valid = [
    ...sealEnvelope({
      channelId: ch.channelId,
      sender: ch.ids[0]!,
      epoch: 0,
      counter: 5,
      epochKey: key,
      payload: new Uint8Array(3000).fill(7),
      messageKeys: fixtureKeys(key, ch.ids[0]!.deviceId, 5, 2),
    }),
    sealHello({ channelId: ch.channelId, me: ch.ids[1]!, epoch: 0, epochKey: key }),
  ];
  /**
   * Where a mutation of the inner part lands: mostly where the decoder
   * checks structure (version, type, sender, epoch, part fields, the zeros
   * after the chunk); a change anywhere else (counter, chunk, signature) is
   * refused by the signature check alone.
   */
  const at = (inner: Uint8Array) => {
    const length = (inner[34]! << 8) | inner[35]!;
    return fc.oneof(
      { weight: 12, arbitrary: fc.oneof(fc.integer({ min: 0, max: 17 }), fc.integer({ min: 30, max: 35 })) },
      { weight: 4, arbitrary: fc.integer({ min: 18, max: 21 }) },
      { weight: 6, arbitrary: fc.integer({ min: Math.min(36 + length, INNER - 65), max: INNER - 65 }) },
      { weight: 2, arbitrary: fc.nat({ max: INNER - 1 }) },
    );
  };
  const open = (b: Uint8Array) =>
    outcome(
      EnvelopeError,
      (e) => e.reason,
      () => openEnvelope(b, ch.open),
    );

  it('opens only untouched envelopes and throws only EnvelopeError otherwise (outer bytes)', () => {
    const input = fc.oneof(...valid.map((v) => hostile(v, 24)));
    fc.assert(
      fc.property(input, ({ bytes, untouched }) => expectOpens(open(bytes), untouched)),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('opens only untouched inner parts, sealed again under the right key (the decoder behind the box)', async () => {
    const inners = valid.map((v) => nacl.secretbox.open(v.subarray(24), v.subarray(0, 24), boxKey(key))!);
    const aimed = (inner: Uint8Array): fc.Arbitrary<Mutation> =>
      mutation.chain((m): fc.Arbitrary<Mutation> =>
        m.kind === 'flip' || m.kind === 'splice' ? at(inner).map((i) => ({ ...m, at: i })) : fc.constant(m),
      );
    const input = fc
      .nat({ max: inners.length - 1 })
      .chain((i) => aimed(inners[i]!).map((m) => [i, m] as const))
      .map(([i, m]) => {
        const { bytes, changed } = mutate(inners[i]!, m);
        const nonce = nacl.randomBytes(24);
        return { bytes: concatBytes(nonce, nacl.secretbox(bytes, nonce, boxKey(key))), untouched: !changed };
      });
    // Through WebCrypto's Ed25519, as the engine opens them: the same decoder, a faster signature check.
    const openAsync = (b: Uint8Array) =>
      openEnvelopeAsync(b, ch.open).then(
        () => 'ok',
        (e: unknown) => {
          if (e instanceof EnvelopeError) return e.reason;
          throw e;
        },
      );
    await fc.assert(
      fc.asyncProperty(input, async ({ bytes, untouched }) => {
        const got = await openAsync(bytes);
        // A truncated or longer inner part gives an envelope of another size: malformed before any key is tried.
        if (bytes.length !== ENVELOPE_BYTES) return got === 'malformed';
        expectOpens(got, untouched);
        return true;
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, 120_000);
});

describe('the version 3 decoder and its message keys', () => {
  const ch = channel(2);
  const key = ch.keys.get(0)!;
  const sender = ch.ids[0]!;
  const sealed = [0, 1, 2 ** 40].map((counter) => ({
    counter,
    env: sealEnvelope({
      channelId: ch.channelId,
      sender,
      epoch: 0,
      counter,
      epochKey: key,
      payload: new Uint8Array(CHUNK_FIELD).fill(counter % 251),
      messageKeys: fixtureKeys(key, sender.deviceId, counter, 2),
    })[1]!,
  }));

  it('opens an events envelope only under the message key of its own sender and counter', async () => {
    const input = fc.record({
      which: fc.nat({ max: sealed.length - 1 }),
      off: fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 1, max: 2 ** 45 })),
      other: fc.boolean(),
    });
    // Through WebCrypto's Ed25519, as the engine opens them: each case checks the signature first.
    await fc.assert(
      fc.asyncProperty(input, async ({ which, off, other }) => {
        const { counter, env } = sealed[which]!;
        const from = other ? ch.ids[1]!.deviceId : sender.deviceId;
        const messageKey = (_s: string, _e: number, c: number) =>
          c + off >= 0 ? controlMessageKey(key, from, c + off) : undefined;
        const got = await openEnvelopeAsync(env, { ...ch.open, messageKey }).then(
          () => 'ok',
          (e: unknown) => {
            if (e instanceof EnvelopeError) return e.reason;
            throw e;
          },
        );
        const right = off === 0 && !other;
        // The second part of each: counter + 1, its own key.
        expect(got, `counter ${counter + 1}, off ${off}, other ${other}`).toBe(
          right ? 'ok' : counter + 1 + off < 0 ? 'no-message-key' : 'tampered',
        );
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, 120_000);
});
