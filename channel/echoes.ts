/**
 * Envelopes this device published, until the broker echoes them back (MQTT
 * 3.1.1 delivers a client its own messages on a topic it subscribes to).
 * An echo is recognised by its bytes, before any decryption or signature
 * check: opening our own envelopes again would be wasted work. Only exact
 * bytes we sent match; anything else claiming our device id, tampered or
 * forged, still goes through full verification and is counted if refused.
 */
export class SentEnvelopes {
  private readonly byTail = new Map<string, { bytes: Uint8Array; echoed: (() => void) | undefined }>();

  constructor(private readonly max = 1_000) {}

  /** `echoed`, if given, is called when the echo of these bytes is taken. */
  add(envelope: Uint8Array, echoed?: () => void): void {
    this.byTail.set(tail(envelope), { bytes: envelope, echoed });
    if (this.byTail.size > this.max) this.byTail.delete(this.byTail.keys().next().value!);
  }

  /** True (once) when these are exactly the bytes of an envelope added here. */
  take(bytes: Uint8Array): boolean {
    const key = tail(bytes);
    const entry = this.byTail.get(key);
    const sent = entry?.bytes;
    if (!sent || sent.length !== bytes.length) return false;
    for (let i = 0; i < sent.length; i++) if (sent[i] !== bytes[i]) return false;
    this.byTail.delete(key);
    entry.echoed?.();
    return true;
  }

  get size(): number {
    return this.byTail.size;
  }
}

/** The last 16 bytes: part of the Ed25519 signature, distinct for every envelope. */
function tail(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes.subarray(Math.max(0, bytes.length - 16))) out += b.toString(16).padStart(2, '0');
  return out;
}
