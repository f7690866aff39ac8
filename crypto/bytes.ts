/**
 * Unambiguous byte framing and digests shared by the vault and field formats.
 * Internal to crypto/.
 */
import nacl from 'tweetnacl';
import { utf8Encode } from './encoding';

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Throws RangeError outside 0..2^32-1, so a framed length can never wrap. */
export function u32(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`Not a u32: ${n}`);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, false);
  return out;
}

/** Length-prefixing every part means ("ab","c") and ("a","bc") never collide. */
export function framed(...parts: (Uint8Array | string)[]): Uint8Array {
  return concatBytes(
    ...parts.flatMap((p) => {
      const bytes = typeof p === 'string' ? utf8Encode(p) : p;
      return [u32(bytes.length), bytes];
    }),
  );
}

/** First 32 bytes of SHA-512 over a framed domain label and parts; labels keep uses apart. */
export function digest32(label: string, ...parts: (Uint8Array | string)[]): Uint8Array {
  return nacl.hash(framed(label, ...parts)).slice(0, 32);
}

/** Time depends only on the lengths, never on where the first difference is. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
