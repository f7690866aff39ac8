/**
 * Base64 for backup files. storage/ reaches crypto/ only through types and
 * the operations it is handed, so it keeps its own copy of this encoding.
 */

/** Standard padded base64. Never throws. */
export function bytesToBase64(bytes: Uint8Array): string {
  // Chunked so long inputs do not overflow the argument limit of fromCharCode.
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Strict: only canonical padded base64, so a value has one written form.
 * Returns undefined on anything else; never returns partial data.
 */
export function base64ToBytes(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytesToBase64(bytes) === text ? bytes : undefined;
}
