/**
 * Zero-fills key material in place, so lock leaves no usable key in this
 * context's memory. Copies made elsewhere (structured clone, storage.session,
 * inside WebAssembly) are out of reach and must be wiped where they live.
 * Accepts null/undefined so callers can wipe optional slots in one call.
 * Never throws; never reallocates.
 */
export function wipe(...buffers: (Uint8Array | null | undefined)[]): void {
  for (const b of buffers) b?.fill(0);
}
