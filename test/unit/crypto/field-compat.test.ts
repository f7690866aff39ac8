// The field cipher opens boxes with tweetnacl's low-level crypto_secretbox_open
// on the stored bytes in place, and builds its context without framed(), for
// speed. Stored fields were sealed by the earlier code and must open unchanged
// (no migration), and fields sealed now must be what that code would open.
// Here the v1 format is rebuilt from nacl.secretbox and framed(), the
// reference it was written against, and each side opens the other's output.
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import {
  FieldOpenError,
  fieldCipher,
  newVaultKey,
  openBytes,
  sealBytes,
  type FieldContext,
  type VaultKey,
} from '../../../crypto';
import { concatBytes, framed, u32 } from '../../../crypto/bytes';
import { hex, toHex } from './support';

const enc = new TextEncoder();

/** Field format v1 as the tweetnacl code wrote it: [0x01][nonce][secretbox(u16 n || framed ctx || payload)]. */
function legacySeal(
  key: Uint8Array,
  plaintext: Uint8Array,
  ctx: FieldContext,
  nonce = nacl.randomBytes(24),
): Uint8Array {
  const ad = framed(ctx.table, ctx.id, u32(ctx.v));
  const inner = concatBytes(new Uint8Array([ad.length >> 8, ad.length & 0xff]), ad, plaintext);
  return concatBytes(new Uint8Array([1]), nonce, nacl.secretbox(inner, nonce, key));
}

/** As the tweetnacl code opened a field; null where it refused. */
function legacyOpen(key: Uint8Array, sealed: Uint8Array, ctx: FieldContext): Uint8Array | null {
  if (sealed[0] !== 1) return null;
  const inner = nacl.secretbox.open(sealed.subarray(25), sealed.subarray(1, 25), key);
  if (!inner) return null;
  const ad = framed(ctx.table, ctx.id, u32(ctx.v));
  const n = (inner[0]! << 8) | inner[1]!;
  if (n !== ad.length || toHex(inner.subarray(2, 2 + n)) !== toHex(ad)) return null;
  return inner.slice(2 + n);
}

const TEXTS = [
  '',
  'a',
  'Member felt unseen when the camera froze.',
  'Ärger · 心 · 👩🏽‍⚕️ · \u0000 · '.repeat(40),
  'x'.repeat(20_000),
];
const CONTEXTS: FieldContext[] = [
  { table: 'markers', id: 'm-1', v: 1 },
  { table: 'notes', id: 'note-42:draft', v: 0xffffffff },
  { table: 'sessions', id: 'ß'.repeat(100), v: 0 },
];

describe('field cipher: byte-compatible with the tweetnacl format', () => {
  it('XSalsa20-Poly1305 known answer (the NaCl secretbox test vector)', () => {
    const key = hex('1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389');
    const nonce = hex('69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37');
    const m = hex(
      [
        'be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c6129',
        '6cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde',
        '048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705',
      ].join(''),
    );
    const c = [
      'f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186a',
      'c0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae',
      '90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74',
      'e355a5',
    ].join('');
    expect(toHex(nacl.secretbox(m, nonce, key))).toBe(c);
    expect(toHex(nacl.secretbox.open(hex(c), nonce, key)!)).toBe(toHex(m));
  });

  it('opens a field pinned from the tweetnacl code (known answer for the whole format)', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i + 1) as VaultKey;
    const nonce = Uint8Array.from({ length: 24 }, (_, i) => 0xa0 + i);
    const ctx: FieldContext = { table: 'markers', id: 'm-0001', v: 3 };
    const pinned = [
      '01a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b71c006927b97f4f39048b56c1ffa53caebb535d76aea6f6',
      '28e3e52d086f020d712dc6078465f0a8acc9de0ef1c5516caaf4e330bf53020d4170155253f5c5d89b45da9c9fc88e0c',
    ].join('');
    expect(toHex(legacySeal(key, enc.encode('{"text":"Ärger · 心"}'), ctx, nonce))).toBe(pinned);
    expect(fieldCipher(key).open(hex(pinned), ctx)).toBe('{"text":"Ärger · 心"}');
    expect(() => fieldCipher(key).open(hex(pinned), { ...ctx, v: 4 })).toThrow(FieldOpenError);
    // The stored bytes may sit anywhere in a larger buffer (a subarray), and are never written to.
    const buffer = new Uint8Array(7 + pinned.length / 2 + 5).fill(0x5a);
    buffer.set(hex(pinned), 7);
    const view = buffer.subarray(7, 7 + pinned.length / 2);
    expect(fieldCipher(key).open(view, ctx)).toBe('{"text":"Ärger · 心"}');
    expect(toHex(view)).toBe(pinned);
    expect([...buffer.subarray(0, 7), ...buffer.subarray(-5)].every((b) => b === 0x5a)).toBe(true);
  });

  it.each(CONTEXTS.flatMap((ctx) => TEXTS.map((t) => [ctx, t] as const)))(
    'old seal opens with the new code and back: %o %#',
    (ctx, text) => {
      const key = newVaultKey();
      const bytes = enc.encode(text);
      const old = legacySeal(key, bytes, ctx);
      expect(fieldCipher(key).open(old, ctx)).toBe(text);
      expect(toHex(openBytes(key, old, ctx))).toBe(toHex(bytes));
      const now = sealBytes(key, bytes, ctx);
      expect(now.length).toBe(old.length);
      expect(toHex(legacyOpen(key, now, ctx) ?? new Uint8Array([0xde, 0xad]))).toBe(toHex(bytes));
      expect(toHex(legacyOpen(key, fieldCipher(key).seal(text, ctx), ctx) ?? new Uint8Array([0xde, 0xad]))).toBe(
        toHex(bytes),
      );
    },
  );

  it('the same nonce gives the same bytes as tweetnacl (the box is identical, not just compatible)', () => {
    const key = newVaultKey();
    const ctx = CONTEXTS[0]!;
    const sealed = sealBytes(key, enc.encode('same bytes'), ctx);
    expect(toHex(legacySeal(key, enc.encode('same bytes'), ctx, sealed.subarray(1, 25)))).toBe(toHex(sealed));
  });

  it('both refuse what the other refuses: a flipped bit, another key, another context', () => {
    const key = newVaultKey();
    const ctx = CONTEXTS[1]!;
    const old = legacySeal(key, enc.encode('private'), ctx);
    for (let i = 0; i < old.length; i++) {
      const t = old.slice();
      t[i]! ^= 0x04;
      expect(() => openBytes(key, t, ctx), `byte ${i}`).toThrow(FieldOpenError);
      expect(legacyOpen(key, t, ctx), `byte ${i}`).toBeNull();
    }
    expect(() => openBytes(newVaultKey(), old, ctx)).toThrow(FieldOpenError);
    expect(() => openBytes(key, old, { ...ctx, id: 'other' })).toThrow(FieldOpenError);
    const now = sealBytes(key, enc.encode('private'), ctx);
    expect(legacyOpen(newVaultKey(), now, ctx)).toBeNull();
    expect(legacyOpen(key, now, { ...ctx, table: 'members' })).toBeNull();
  });
});
