/**
 * Hex, base64url and a bounds-checked reader for the channel's binary
 * formats. Internal to crypto/: decoders pass their own typed error to the
 * reader, so a short or overlong input surfaces as that error and nothing else.
 */
import { fromBase64, toBase64 } from './encoding';

const HEX = /^(?:[0-9a-f]{2})*$/;

/** Lowercase hex. Never throws. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Strict lowercase hex of exactly `length` bytes, or undefined. Never throws. */
export function fromHex(text: unknown, length: number): Uint8Array | undefined {
  if (typeof text !== 'string' || text.length !== length * 2 || !HEX.test(text)) return undefined;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** base64url without padding (RFC 4648 §5). Never throws. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Canonical unpadded base64url only (no stray trailing bits), so one value
 * has one text form. Returns undefined for anything else; never throws.
 */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    return fromBase64(padded);
  } catch {
    return undefined;
  }
}

/** Reads fields in order; every overrun throws the error `fail` makes. */
export class Reader {
  private at = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly fail: () => Error,
  ) {}

  /** A view, not a copy: callers copy what they keep. */
  take(n: number): Uint8Array {
    if (n < 0 || this.at + n > this.bytes.length) throw this.fail();
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  u8(): number {
    return this.take(1)[0]!;
  }

  u16(): number {
    const b = this.take(2);
    return (b[0]! << 8) | b[1]!;
  }

  u32(): number {
    const b = this.take(4);
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, false);
  }

  /** A u64 written as two big-endian u32; anything above 2^53-1 is refused. */
  u53(): number {
    const hi = this.u32();
    const lo = this.u32();
    if (hi > 0x1fffff) throw this.fail();
    return hi * 0x1_0000_0000 + lo;
  }

  get offset(): number {
    return this.at;
  }

  /** Trailing bytes are an error: one message, one encoding. */
  end(): void {
    if (this.at !== this.bytes.length) throw this.fail();
  }
}

/** Big-endian u64 as two u32, for integers 0..2^53-1. Throws RangeError otherwise. */
export function u53(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Not a whole number in 0..2^53-1: ${n}`);
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(n / 0x1_0000_0000), false);
  view.setUint32(4, n % 0x1_0000_0000, false);
  return out;
}
