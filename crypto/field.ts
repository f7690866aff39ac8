/**
 * Clinical field format, version 1:
 *   [0x01][24-byte nonce][secretbox(u16 n || context (n bytes) || payload)]
 * The framed context inside the box ties a ciphertext to its table, record id
 * and record version: copied onto another record it no longer opens. The
 * context is carried as is rather than hashed: a SHA-512 per field would be
 * most of the cost of reading a session, and the box already authenticates
 * every byte of it.
 *
 * Opening runs for every field of every record read, so it avoids copies:
 * tweetnacl's own crypto_secretbox_open is called on the stored bytes in
 * place (test/unit/crypto/field-compat.test.ts checks the result against
 * nacl.secretbox and known answers).
 */
import nacl from 'tweetnacl';
import { constantTimeEqual } from './bytes';
import { utf8Decode, utf8Encode } from './encoding';
import {
  FieldOpenError,
  VaultLockedError,
  type BytesCipher,
  type FieldCipher,
  type FieldContext,
  type VaultKey,
} from './types';
import { indexTagger } from './index-key';
import { wipe } from './wipe';

const FORMAT_V1 = 1;
/** The part of tweetnacl's nacl.lowlevel used here (its typings leave nacl.lowlevel out). */
interface LowLevel {
  crypto_secretbox_open(m: Uint8Array, c: Uint8Array, d: number, n: Uint8Array, k: Uint8Array): number;
  crypto_secretbox_BOXZEROBYTES: number;
  crypto_secretbox_ZEROBYTES: number;
}
const lowlevel = (nacl as unknown as { lowlevel: LowLevel }).lowlevel;

const NONCE_BYTES = nacl.secretbox.nonceLength;
const MAC_BYTES = nacl.secretbox.overheadLength;
/** crypto_secretbox_open reads the box after 16 bytes it ignores (BOXZEROBYTES). */
const BOX_ZERO_BYTES = lowlevel.crypto_secretbox_BOXZEROBYTES;
/** ...and writes the plaintext after 32 bytes it zeroes (ZEROBYTES). */
const ZERO_BYTES = lowlevel.crypto_secretbox_ZEROBYTES;
const AD_LEN_BYTES = 2;
const HEADER_BYTES = 1 + NONCE_BYTES;
/** The shortest well-formed field: header, MAC, context length, empty payload. */
export const MIN_SEALED_BYTES = HEADER_BYTES + MAC_BYTES + AD_LEN_BYTES;

/**
 * Seals bytes for one field of one record. Throws TypeError on an empty or
 * malformed context or a key that is not 32 bytes, VaultLockedError when the
 * key has been wiped. Never reuses a nonce; never copies the key.
 */
export function sealBytes(key: VaultKey, plaintext: Uint8Array, ctx: FieldContext): Uint8Array {
  const ad = contextBytes(ctx);
  requireUnlocked(key);
  const nonce = nacl.randomBytes(NONCE_BYTES);
  const inner = new Uint8Array(AD_LEN_BYTES + ad.length + plaintext.length);
  inner[0] = ad.length >>> 8;
  inner[1] = ad.length & 0xff;
  inner.set(ad, AD_LEN_BYTES);
  inner.set(plaintext, AD_LEN_BYTES + ad.length);
  const box = nacl.secretbox(inner, nonce, key);
  wipe(inner);
  const out = new Uint8Array(HEADER_BYTES + box.length);
  out[0] = FORMAT_V1;
  out.set(nonce, 1);
  out.set(box, HEADER_BYTES);
  return out;
}

/**
 * Opens a sealed field. Throws FieldOpenError for anything wrong with the
 * ciphertext: unknown version, truncation, tampering, another key, or a
 * context other than the one it was sealed for. Throws TypeError only for a
 * malformed context (programmer error). Never returns unauthenticated bytes.
 */
export function openBytes(key: VaultKey, sealed: Uint8Array, ctx: FieldContext): Uint8Array {
  const { inner, end } = openInner(key, sealed, ctx);
  const out = inner.slice(end);
  wipe(inner);
  return out;
}

/** The authenticated box contents and where the payload starts in it. Throws as openBytes. */
function openInner(key: VaultKey, sealed: Uint8Array, ctx: FieldContext): { inner: Uint8Array; end: number } {
  const ad = contextBytes(ctx);
  if (!(sealed instanceof Uint8Array) || sealed.length < MIN_SEALED_BYTES || sealed[0] !== FORMAT_V1 || !isKey(key)) {
    throw new FieldOpenError(ctx);
  }
  // nacl.secretbox.open copies the box behind 16 zero bytes first; the 16
  // bytes before it here (the nonce's tail) serve as well, since they are
  // never read as anything. It checks the MAC before it decrypts.
  const box = sealed.subarray(HEADER_BYTES - BOX_ZERO_BYTES);
  const out = new Uint8Array(box.length);
  if (lowlevel.crypto_secretbox_open(out, box, box.length, sealed.subarray(1, HEADER_BYTES), key) !== 0) {
    throw new FieldOpenError(ctx);
  }
  const inner = out.subarray(ZERO_BYTES);
  const adLen = inner.length >= AD_LEN_BYTES ? (inner[0]! << 8) | inner[1]! : -1;
  const end = AD_LEN_BYTES + ad.length;
  if (adLen !== ad.length || inner.length < end || !constantTimeEqual(inner.subarray(AD_LEN_BYTES, end), ad)) {
    wipe(inner);
    throw new FieldOpenError(ctx);
  }
  return { inner, end };
}

/**
 * The FieldCipher handed to storage/. It holds the caller's key by
 * reference, not a copy, so wiping the vault key on lock disables it: seal
 * then throws VaultLockedError and open throws FieldOpenError.
 * Throws TypeError if `key` is not 32 bytes.
 */
export function fieldCipher(key: VaultKey): FieldCipher & BytesCipher {
  if (!isKey(key)) throw new TypeError('The vault key must be 32 bytes.');
  let tagger: ((label: string, value: string) => string) | undefined;
  return Object.freeze({
    tag: (label: string, value: string) => {
      requireUnlocked(key);
      tagger ??= indexTagger(key);
      return tagger(label, value);
    },
    seal: (plaintext: string, ctx: FieldContext) => sealBytes(key, utf8Encode(plaintext), ctx),
    open: (sealed: Uint8Array, ctx: FieldContext) => {
      const { inner, end } = openInner(key, sealed, ctx);
      try {
        return utf8Decode(inner.subarray(end));
      } catch {
        // Authenticated but not UTF-8: sealed by sealBytes, not seal. Still unusable here.
        throw new FieldOpenError(ctx);
      } finally {
        wipe(inner);
      }
    },
    sealBytes: (plaintext: Uint8Array, ctx: FieldContext) => sealBytes(key, plaintext, ctx),
    openBytes: (sealed: Uint8Array, ctx: FieldContext) => openBytes(key, sealed, ctx),
  });
}

/** Framed (length-prefixed) so no two distinct contexts encode alike. */
function contextBytes(ctx: FieldContext): Uint8Array {
  if (
    typeof ctx !== 'object' ||
    ctx === null ||
    typeof ctx.table !== 'string' ||
    ctx.table === '' ||
    typeof ctx.id !== 'string' ||
    ctx.id === '' ||
    !Number.isInteger(ctx.v) ||
    ctx.v < 0 ||
    ctx.v > 0xffffffff
  ) {
    throw new TypeError('A field context needs a table, an id and a whole-number version.');
  }
  // framed(table, id, u32(v)) from bytes.ts, written straight into one buffer:
  // this runs for every field read, and ids and table names are ASCII.
  const { table, id, v } = ctx;
  const t = isAscii(table) ? table : utf8Encode(table);
  const i = isAscii(id) ? id : utf8Encode(id);
  const length = 16 + t.length + i.length;
  if (length > 0xffff) throw new TypeError('A field context must be shorter than 64 KiB.');
  const bytes = new Uint8Array(length);
  let at = putPart(bytes, 0, t);
  at = putPart(bytes, at, i);
  putU32(bytes, at, 4);
  putU32(bytes, at + 4, v);
  return bytes;
}

const isAscii = (s: string) => {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) > 0x7f) return false;
  return true;
};

function putU32(out: Uint8Array, at: number, n: number): void {
  out[at] = n >>> 24;
  out[at + 1] = (n >>> 16) & 0xff;
  out[at + 2] = (n >>> 8) & 0xff;
  out[at + 3] = n & 0xff;
}

/** A u32 length, then the bytes (an ASCII string's char codes are its UTF-8). Returns where it ended. */
function putPart(out: Uint8Array, at: number, part: string | Uint8Array): number {
  putU32(out, at, part.length);
  at += 4;
  if (typeof part === 'string') for (let k = 0; k < part.length; k++) out[at + k] = part.charCodeAt(k);
  else out.set(part, at);
  return at + part.length;
}

function isKey(key: Uint8Array): boolean {
  return key instanceof Uint8Array && key.length === 32;
}

function requireUnlocked(key: Uint8Array): void {
  if (!isKey(key)) throw new TypeError('The vault key must be 32 bytes.');
  let any = 0;
  for (const b of key) any |= b;
  // An all-zero key is what wipe() leaves behind; sealing under it would be readable by anyone.
  if (any === 0) throw new VaultLockedError();
}
