/**
 * Clinical field format, version 1:
 *   [0x01][24-byte nonce][secretbox(u16 n || context (n bytes) || payload)]
 * The framed context inside the box ties a ciphertext to its table, record id
 * and record version: copied onto another record it no longer opens. The
 * context is carried as is rather than hashed: a SHA-512 per field was most
 * of the cost of reading a session (see BENCHMARKS.md), and the box already
 * authenticates every byte of it.
 */
import nacl from 'tweetnacl';
import { constantTimeEqual, framed, u32 } from './bytes';
import { utf8Decode, utf8Encode } from './encoding';
import {
  FieldOpenError,
  VaultLockedError,
  type BytesCipher,
  type FieldCipher,
  type FieldContext,
  type VaultKey,
} from './types';
import { wipe } from './wipe';

const FORMAT_V1 = 1;
const NONCE_BYTES = nacl.secretbox.nonceLength;
const AD_LEN_BYTES = 2;
const HEADER_BYTES = 1 + NONCE_BYTES;
/** The shortest well-formed field: header, MAC, context length, empty payload. */
export const MIN_SEALED_BYTES = HEADER_BYTES + nacl.secretbox.overheadLength + AD_LEN_BYTES;

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
  new DataView(inner.buffer).setUint16(0, ad.length, false);
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
  const ad = contextBytes(ctx);
  if (
    !(sealed instanceof Uint8Array) ||
    sealed.length < MIN_SEALED_BYTES ||
    sealed[0] !== FORMAT_V1 ||
    !isKey(key)
  ) {
    throw new FieldOpenError(ctx);
  }
  const inner = nacl.secretbox.open(sealed.subarray(HEADER_BYTES), sealed.subarray(1, HEADER_BYTES), key);
  if (!inner) throw new FieldOpenError(ctx);
  const adLen = inner.length >= AD_LEN_BYTES ? (inner[0]! << 8) | inner[1]! : -1;
  const end = AD_LEN_BYTES + ad.length;
  if (adLen !== ad.length || inner.length < end || !constantTimeEqual(inner.subarray(AD_LEN_BYTES, end), ad)) {
    wipe(inner);
    throw new FieldOpenError(ctx);
  }
  return inner.slice(end);
}

/**
 * The FieldCipher handed to storage/. It holds the caller's key by
 * reference, not a copy, so wiping the vault key on lock disables it: seal
 * then throws VaultLockedError and open throws FieldOpenError.
 * Throws TypeError if `key` is not 32 bytes.
 */
export function fieldCipher(key: VaultKey): FieldCipher & BytesCipher {
  if (!isKey(key)) throw new TypeError('The vault key must be 32 bytes.');
  return Object.freeze({
    seal: (plaintext: string, ctx: FieldContext) => sealBytes(key, utf8Encode(plaintext), ctx),
    open: (sealed: Uint8Array, ctx: FieldContext) => {
      const bytes = openBytes(key, sealed, ctx);
      try {
        return utf8Decode(bytes);
      } catch {
        // Authenticated but not UTF-8: sealed by sealBytes, not seal. Still unusable here.
        throw new FieldOpenError(ctx);
      } finally {
        wipe(bytes);
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
  const bytes = framed(ctx.table, ctx.id, u32(ctx.v));
  if (bytes.length > 0xffff) throw new TypeError('A field context must be shorter than 64 KiB.');
  return bytes;
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
