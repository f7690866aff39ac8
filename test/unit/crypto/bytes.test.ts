// The framing every digest and signature in crypto/ is built on: a wrong length prefix or a
// lenient comparison would let two different inputs look the same.
import { sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { concatBytes, constantTimeEqual, digest32, framed, u32 } from '../../../crypto/bytes';
import { hex, toHex } from './support';

describe('u32', () => {
  it('writes big-endian and accepts exactly 0..2^32-1', () => {
    expect(toHex(u32(0))).toBe('00000000');
    expect(toHex(u32(0x01020304))).toBe('01020304');
    expect(toHex(u32(0xffffffff))).toBe('ffffffff');
    for (const bad of [-1, 0x1_0000_0000, 1.5, Number.NaN, Infinity]) expect(() => u32(bad)).toThrow(RangeError);
  });
});

describe('framed and digest32', () => {
  it('prefix each part with its u32 length, strings as UTF-8', () => {
    expect(toHex(framed('ab', 'c'))).toBe('00000002616200000001' + '63');
    expect(toHex(framed('a', 'bc'))).toBe('000000016100000002' + '6263');
    expect(toHex(framed(Uint8Array.of(0xff), '', 'é'))).toBe('00000001ff' + '00000000' + '00000002c3a9');
    expect(toHex(framed())).toBe('');
    expect(toHex(concatBytes())).toBe('');
    expect(toHex(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3)))).toBe('010203');
  });

  it('is the first 32 bytes of SHA-512 over the framed label and parts', () => {
    const want = sha512(hex('00000003' + '616263' + '00000002' + '0102')).subarray(0, 32);
    expect(toHex(digest32('abc', Uint8Array.of(1, 2)))).toBe(toHex(want));
    expect(digest32('abc')).toHaveLength(32);
    expect(toHex(digest32('ab', 'c'))).not.toBe(toHex(digest32('a', 'bc')));
  });
});

describe('constantTimeEqual', () => {
  it('is true only for the same bytes at the same length', () => {
    const a = Uint8Array.of(1, 2, 3, 4);
    expect(constantTimeEqual(a, Uint8Array.of(1, 2, 3, 4))).toBe(true);
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
    expect(constantTimeEqual(a, Uint8Array.of(1, 2, 3, 5))).toBe(false);
    expect(constantTimeEqual(a, Uint8Array.of(0, 2, 3, 4))).toBe(false);
    // A prefix, or the same bytes with more after them, is another value.
    expect(constantTimeEqual(a, Uint8Array.of(1, 2, 3, 4, 0))).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(1, 2, 3, 4, 0), a)).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(0, 0), Uint8Array.of(0))).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(0), Uint8Array.of(0, 0))).toBe(false);
  });
});
