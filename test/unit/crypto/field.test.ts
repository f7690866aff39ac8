import { beforeEach, describe, expect, it } from 'vitest';
import {
  FieldOpenError,
  MIN_SEALED_BYTES,
  VaultLockedError,
  fieldCipher,
  newVaultKey,
  openBytes,
  sealBytes,
  wipe,
  type FieldContext,
} from '../../../crypto';
import { toHex } from './support';

const ctx: FieldContext = { table: 'notes', id: 'note-42', v: 1 };

describe('clinical field cipher', () => {
  // Made afresh for each test, so each test's coverage includes the fixture's work (npm run mutate).
  let cipher: ReturnType<typeof fieldCipher>;
  beforeEach(() => {
    cipher = fieldCipher(newVaultKey());
  });

  const mixed = 'Ärger · 心 · 👩🏽‍⚕️ · \u0000 · '.repeat(50);
  it.each(['', 'Member felt unseen when the camera froze.', mixed])('round-trips %#', (text) => {
    expect(cipher.open(cipher.seal(text, ctx), ctx)).toBe(text);
  });

  it('has the documented layout: version byte, nonce, box of framed context and payload', () => {
    const sealed = cipher.seal('abc', ctx);
    expect(sealed[0]).toBe(1);
    // context framed as (u32 len + "notes") (u32 len + "note-42") (u32 len + u32 v) = 9 + 11 + 8
    expect(sealed.length).toBe(MIN_SEALED_BYTES + 28 + 3);
    expect(MIN_SEALED_BYTES).toBe(1 + 24 + 16 + 2);
  });

  it('gives a different ciphertext each time for the same text', () => {
    expect(toHex(cipher.seal('same', ctx))).not.toBe(toHex(cipher.seal('same', ctx)));
  });

  it.each<[string, FieldContext]>([
    ['another id', { ...ctx, id: 'note-43' }],
    ['another table', { ...ctx, table: 'members' }],
    ['another version', { ...ctx, v: 2 }],
    ['a boundary shift between table and id', { table: 'notesn', id: 'ote-42', v: 1 }],
  ])('refuses a ciphertext moved to %s', (_, moved) => {
    expect(() => cipher.open(cipher.seal('private', ctx), moved)).toThrow(FieldOpenError);
  });

  it('refuses a flipped bit anywhere', () => {
    const sealed = cipher.seal('a short note', ctx);
    for (let i = 0; i < sealed.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const t = sealed.slice();
        t[i]! ^= bit;
        expect(() => cipher.open(t, ctx), `byte ${i} bit ${bit}`).toThrow(FieldOpenError);
      }
    }
  });

  it('refuses every truncation and an appended byte', () => {
    const sealed = cipher.seal('a short note', ctx);
    for (let n = 0; n < sealed.length; n++) {
      expect(() => cipher.open(sealed.subarray(0, n), ctx)).toThrow(FieldOpenError);
    }
    const longer = new Uint8Array(sealed.length + 1);
    longer.set(sealed);
    expect(() => cipher.open(longer, ctx)).toThrow(FieldOpenError);
  });

  it('refuses an unknown format version even if everything else is intact', () => {
    const sealed = cipher.seal('x', ctx);
    sealed[0] = 2;
    expect(() => cipher.open(sealed, ctx)).toThrow(FieldOpenError);
  });

  it('refuses a ciphertext sealed under another key', () => {
    expect(() => fieldCipher(newVaultKey()).open(cipher.seal('x', ctx), ctx)).toThrow(FieldOpenError);
  });

  it('names the record in the error, never the content', () => {
    const err = (() => {
      try {
        cipher.open(cipher.seal('secret words', ctx), { ...ctx, id: 'other' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toContain('notes/other');
    expect(err?.message).not.toContain('secret');
  });

  it('treats an empty context as a programmer error on both sides', () => {
    expect(() => cipher.seal('x', { ...ctx, table: '' })).toThrow(TypeError);
    expect(() => cipher.seal('x', { ...ctx, id: '' })).toThrow(TypeError);
    expect(() => cipher.seal('x', { ...ctx, v: 1.5 })).toThrow(TypeError);
    expect(() => cipher.open(cipher.seal('x', ctx), { ...ctx, id: '' })).toThrow(TypeError);
  });

  it('seals binary payloads in the same format', () => {
    const key = newVaultKey();
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    const sealed = sealBytes(key, bytes, ctx);
    expect(openBytes(key, sealed, ctx)).toEqual(bytes);
    expect(fieldCipher(key).openBytes(fieldCipher(key).sealBytes(bytes, ctx), ctx)).toEqual(bytes);
    expect(() => openBytes(key, sealed, { ...ctx, v: 9 })).toThrow(FieldOpenError);
    // Authentic bytes that are not UTF-8 cannot come back as a string.
    expect(() => fieldCipher(key).open(sealBytes(key, new Uint8Array([0xff]), ctx), ctx)).toThrow(FieldOpenError);
  });

  it('stops working once lock wipes the key it was given', () => {
    const key = newVaultKey();
    const c = fieldCipher(key);
    const sealed = c.seal('before lock', ctx);
    wipe(key);
    expect(key.every((b) => b === 0)).toBe(true);
    expect(() => c.seal('after lock', ctx)).toThrow(VaultLockedError);
    expect(() => c.open(sealed, ctx)).toThrow(FieldOpenError);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => fieldCipher(new Uint8Array(31) as never)).toThrow(TypeError);
  });
});
