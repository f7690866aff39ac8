/**
 * Text and base64 helpers that behave the same in Node 20 and in browsers
 * (both have TextEncoder, atob and btoa globally).
 */

const encoder = new TextEncoder();
// fatal: a stored field that is not UTF-8 is corrupt, never silently "fixed".
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Lone surrogates cannot be encoded and become U+FFFD, as in every browser API.
 * Never throws.
 */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Throws TypeError on bytes that are not valid UTF-8; never substitutes characters. */
export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Standard base64 with padding. Never throws. */
export function toBase64(bytes: Uint8Array): string {
  // Chunked so long inputs do not overflow the argument limit of fromCharCode.
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Strict: only canonical padded base64 is accepted, so one value has exactly
 * one stored form (atob alone skips whitespace and ignores stray bits).
 * Throws a TypeError on anything else; never returns partial data.
 */
export function fromBase64(text: string): Uint8Array {
  if (typeof text !== 'string' || !BASE64.test(text)) {
    throw new TypeError('Not canonical base64.');
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (toBase64(bytes) !== text) throw new TypeError('Not canonical base64.');
  return bytes;
}

/** How many bytes a stored field decodes to: -1 when it is not a string of canonical base64. */
export function decodedLength(x: unknown): number {
  try {
    return typeof x === 'string' ? fromBase64(x).length : -1;
  } catch {
    return -1;
  }
}
