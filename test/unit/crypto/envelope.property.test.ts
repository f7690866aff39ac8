// Envelopes come from the broker: on any bytes openEnvelope returns or throws EnvelopeError, nothing else.
import fc from 'fast-check';
import nacl from 'tweetnacl';
import { describe, it } from 'vitest';
import {
  ENVELOPE_BYTES,
  EnvelopeError,
  openEnvelope,
  openEnvelopeAsync,
  sealEnvelope,
  sealHello,
  type EpochKey,
} from '../../../crypto';
import { concatBytes, digest32 } from '../../../crypto/bytes';
import { FUZZ_RUNS, channel, expectOpens, hostile, mutation, mutate, outcome, type Mutation } from './channel-fixtures';

const INNER = ENVELOPE_BYTES - 24 - 16;

const boxKey = (k: EpochKey) => digest32('squircle/envelope-key/v2', k);

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
