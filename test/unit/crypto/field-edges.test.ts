// The field cipher's refusals at their edges: every malformed context is a programmer error
// (TypeError, said plainly), every unusable ciphertext a FieldOpenError, never data.
import { describe, expect, it } from 'vitest';
import { fieldCipher, openBytes } from '../../../crypto/field';
import { FieldOpenError, type FieldContext, type VaultKey } from '../../../crypto/types';

const KEY = new Uint8Array(32).fill(7) as VaultKey;
const CTX: FieldContext = { table: 'markers', id: 'm1', v: 1 };
const CONTEXT_MESSAGE = 'A field context needs a table, an id and a whole-number version.';

describe('field contexts', () => {
  it('refuses each malformed part of a context by name of what it needs', () => {
    const cipher = fieldCipher(KEY);
    const bad: unknown[] = [
      null,
      'markers/m1',
      { table: 1, id: 'm1', v: 1 },
      { table: '', id: 'm1', v: 1 },
      { table: 'markers', id: 2, v: 1 },
      { table: 'markers', id: '', v: 1 },
      { table: 'markers', id: 'm1', v: 1.5 },
      { table: 'markers', id: 'm1', v: -1 },
      { table: 'markers', id: 'm1', v: 2 ** 32 },
    ];
    for (const ctx of bad)
      expect(() => cipher.seal('x', ctx as FieldContext), JSON.stringify(ctx)).toThrow(new TypeError(CONTEXT_MESSAGE));
  });

  it('takes versions up to 2^32 - 1 and contexts up to 64 KiB, and no longer ones', () => {
    const cipher = fieldCipher(KEY);
    const top = { ...CTX, v: 2 ** 32 - 1 };
    expect(cipher.open(cipher.seal('kept', top), top)).toBe('kept');
    // 16 framing bytes + table + id: exactly 0xffff bytes is allowed.
    const longest = { table: 't'.repeat(0xffff - 16 - 1), id: 'x', v: 1 };
    expect(cipher.open(cipher.seal('kept', longest), longest)).toBe('kept');
    expect(() => cipher.seal('x', { ...longest, id: 'xy' })).toThrow(
      new TypeError('A field context must be shorter than 64 KiB.'),
    );
  });

  it('binds non-ASCII ids by their UTF-8 bytes', () => {
    const cipher = fieldCipher(KEY);
    const ctx = { table: 'members', id: 'zoë-1', v: 1 };
    const sealed = cipher.seal('kept', ctx);
    expect(cipher.open(sealed, ctx)).toBe('kept');
    expect(() => cipher.open(sealed, { ...ctx, id: 'zoe-1' })).toThrow(FieldOpenError);
  });
});

describe('opening', () => {
  it('refuses a ciphertext whose format byte changed, though the box itself is intact', () => {
    const cipher = fieldCipher(KEY);
    const sealed = cipher.sealBytes(new Uint8Array([1, 2, 3]), CTX);
    const other = sealed.slice();
    other[0] = 2;
    expect(() => cipher.openBytes(other, CTX)).toThrow(FieldOpenError);
    expect(cipher.openBytes(sealed, CTX)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('refuses what is not a byte array, and a key that is not 32 bytes, as unopenable', () => {
    const sealed = fieldCipher(KEY).sealBytes(new Uint8Array([1]), CTX);
    expect(() => openBytes(KEY, Array.from(sealed) as unknown as Uint8Array, CTX)).toThrow(FieldOpenError);
    expect(() => openBytes(new Uint8Array(31) as VaultKey, sealed, CTX)).toThrow(FieldOpenError);
    expect(() => fieldCipher(new Uint8Array(31) as VaultKey)).toThrow(new TypeError('The vault key must be 32 bytes.'));
  });
});
