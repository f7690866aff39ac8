// Shared by the co-leader channel tests: fixed identities, a paired channel, byte mutations.
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  controlMessageKey,
  createInvite,
  deserializeIdentity,
  epochKey,
  newChannelId,
  newChannelKey,
  newDeviceIdentity,
  publicIdentity,
  toBase64,
  type DeviceIdentity,
  type EpochKey,
  type PublicIdentity,
} from '../../../crypto';

/** A fixed instant, so expiry tests never depend on the clock. */
export const NOW = 1_760_000_000_000;
export const BROKER = 'wss://broker.clinic.example:8884/mqtt';

/** A deterministic identity: seeds are `fill` repeated, the device id `fill` as hex. */
export function fixedIdentity(fill: number): DeviceIdentity {
  return deserializeIdentity({
    v: 1,
    deviceId: fill.toString(16).padStart(2, '0').repeat(16),
    signSeed: toBase64(new Uint8Array(32).fill(fill)),
    boxSecretKey: toBase64(new Uint8Array(32).fill(fill + 1)),
  });
}

export function inviteFrom(inviter: DeviceIdentity, o: { expiresAt?: number; channelId?: string } = {}) {
  return createInvite({ inviter, brokerUrl: BROKER, channelId: o.channelId ?? newChannelId(), now: NOW, ...o });
}

/** Returns what `fn` threw if it is an instance of `type`; fails the test on success or any other error. */
export function thrown<E extends Error>(type: new (...a: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  expect.fail(`expected ${type.name}`);
}

/** One sender's view of a channel: ids, keys and a members map for openEnvelope. */
export function channel(n = 2) {
  const ids = Array.from({ length: n }, () => newDeviceIdentity());
  const channelId = newChannelId();
  const channelKey = newChannelKey();
  const keys = new Map<number, EpochKey>([[0, epochKey(channelKey, 0)]]);
  const members = new Map<string, PublicIdentity>(ids.map((id) => [id.deviceId, publicIdentity(id)]));
  return {
    ids,
    channelId,
    channelKey,
    keys,
    members,
    open: { channelId, members, epochKeys: () => keys.entries(), messageKey: fixtureMessageKey(keys) },
  };
}

/**
 * Message keys for envelopes sealed in tests: one per sender, epoch and
 * counter, derived from the epoch key without state (as the first epoch's
 * are), so a test opens what it sealed as often as it likes.
 */
export function fixtureMessageKey(keys: ReadonlyMap<number, EpochKey>) {
  return (sender: string, epoch: number, counter: number): Uint8Array | undefined => {
    const key = keys.get(epoch);
    return key ? controlMessageKey(key, sender, counter) : undefined;
  };
}

/** The message keys of `parts` envelopes from `sender`, counters `counter` on, as fixtureMessageKey gives them. */
export function fixtureKeys(key: EpochKey, sender: string, counter: number, parts = 1): Uint8Array[] {
  return Array.from({ length: parts }, (_, i) => controlMessageKey(key, sender, counter + i));
}

export type Mutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'truncate'; to: number }
  | { kind: 'append'; extra: Uint8Array }
  | { kind: 'splice'; at: number; bytes: Uint8Array };

/** Applies a mutation; `changed` is false when it happened to leave the bytes as they were. */
export function mutate(original: Uint8Array, m: Mutation): { bytes: Uint8Array; changed: boolean } {
  const b = original.slice();
  switch (m.kind) {
    case 'flip':
      b[m.at % b.length]! ^= m.mask;
      return { bytes: b, changed: true };
    case 'truncate':
      return { bytes: b.subarray(0, m.to % b.length), changed: true };
    case 'append': {
      const out = new Uint8Array(b.length + m.extra.length);
      out.set(b);
      out.set(m.extra, b.length);
      return { bytes: out, changed: true };
    }
    case 'splice': {
      const at = m.at % b.length;
      b.set(m.bytes.subarray(0, b.length - at), at);
      return { bytes: b, changed: b.some((x, i) => x !== original[i]) };
    }
  }
}

export function flipBit(bytes: Uint8Array, at: number, bit = 0): Uint8Array {
  const out = bytes.slice();
  out[at]! ^= 1 << bit;
  return out;
}

// ---- for the property tests ------------------------------------------------

/** At least this many runs per decoder; the weights below keep the slow paths (signatures) rare. */
export const FUZZ_RUNS = 10_000;

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), to: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      extra: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('splice' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }),
    }),
  },
);

/** Random bytes with `template`'s length and its first `keep` bytes, so a decoder gets past its first checks. */
export const shaped = (template: Uint8Array, keep: number): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: template.length, maxLength: template.length }).map((b) => {
    b.set(template.subarray(0, keep));
    return b;
  });

/** A hostile input: random bytes, bytes behind a valid header, a mutation, or (rarely) the original. */
export function hostile(
  valid: Uint8Array,
  headerBytes: number,
): fc.Arbitrary<{ bytes: Uint8Array; untouched: boolean }> {
  return fc.oneof(
    {
      weight: 100,
      arbitrary: fc.uint8Array({ maxLength: valid.length + 16 }).map((bytes) => ({ bytes, untouched: false })),
    },
    { weight: 100, arbitrary: shaped(valid, headerBytes).map((bytes) => ({ bytes, untouched: false })) },
    {
      weight: 300,
      arbitrary: mutation.map((m) => mutate(valid, m)).map(({ bytes, changed }) => ({ bytes, untouched: !changed })),
    },
    { weight: 1, arbitrary: fc.constant({ bytes: valid, untouched: true }) },
  );
}

/**
 * Runs fn and returns 'ok' or the typed error's kind; any other exception
 * escapes and fails the property, which is the point.
 */
export function outcome<E extends Error>(
  type: new (...a: never[]) => E,
  kind: (e: E) => string,
  fn: () => unknown,
): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof type) return kind(e);
    throw e;
  }
}

/** Only untouched messages open; everything else is a typed refusal. */
export function expectOpens(got: string, untouched: boolean): void {
  if (untouched) expect(got).toBe('ok');
  else expect(got).not.toBe('ok');
}
