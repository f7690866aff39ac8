import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldOpenError, fieldCipher, newVaultKey, type FieldContext } from '../../../crypto';

// Small alphabets so that generated contexts sometimes coincide with the
// sealing context and the "same context, untouched bytes" branch is exercised.
const context: fc.Arbitrary<FieldContext> = fc.record({
  table: fc.constantFrom('notes', 'members', 'markers', 'note'),
  id: fc.constantFrom('1', '2', '12', 'a'),
  v: fc.integer({ min: 0, max: 2 }),
});

const same = (a: FieldContext, b: FieldContext) => a.table === b.table && a.id === b.id && a.v === b.v;

type Mutation =
  | { kind: 'none' }
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'truncate'; to: number }
  | { kind: 'append'; extra: Uint8Array }
  | { kind: 'splice'; at: number; bytes: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'none' }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), to: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }),
  }),
);

function apply(sealed: Uint8Array, m: Mutation): { bytes: Uint8Array; changed: boolean } {
  const b = sealed.slice();
  switch (m.kind) {
    case 'none':
      return { bytes: b, changed: false };
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
      const before = b.slice();
      b.set(m.bytes.subarray(0, b.length - at), at);
      return { bytes: b, changed: b.some((x, i) => x !== before[i]) };
    }
  }
}

/** Returns the opened text, or 'FieldOpenError'; any other exception fails the property. */
function tryOpen(open: () => string): string | typeof FieldOpenError {
  try {
    return open();
  } catch (e) {
    if (e instanceof FieldOpenError) return FieldOpenError;
    throw e;
  }
}

describe('field open under adversarial input', () => {
  const cipher = () => fieldCipher(newVaultKey());

  it('opens only untouched ciphertext in its own context, and only ever throws FieldOpenError', () => {
    const { seal, open } = cipher();
    fc.assert(
      // openCtx null means "the sealing context", so the success branch runs often too.
      fc.property(fc.string({ maxLength: 40 }), context, fc.option(context), mutation, (text, sealCtx, other, m) => {
        const openCtx = other ?? sealCtx;
        const { bytes, changed } = apply(seal(text, sealCtx), m);
        const got = tryOpen(() => open(bytes, openCtx));
        if (!changed && same(sealCtx, openCtx)) expect(got).toBe(text);
        else expect(got).toBe(FieldOpenError);
      }),
      { numRuns: 10_000 },
    );
  });

  it('never opens random bytes, with or without a valid version byte', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.uint8Array({ minLength: 72, maxLength: 200 }).map((b) => {
        b[0] = 1;
        return b;
      }),
    );
    const { open } = cipher();
    fc.assert(
      fc.property(bytes, context, (b, ctx) => {
        expect(tryOpen(() => open(b, ctx))).toBe(FieldOpenError);
      }),
      { numRuns: 10_000 },
    );
  });
});
