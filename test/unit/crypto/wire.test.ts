// The encodings and the bounds-checked reader every channel format is parsed with.
import { describe, expect, it } from 'vitest';
import { Reader, fromBase64Url, fromHex, toBase64Url, toHex, u53 } from '../../../crypto/wire';
import { toHex as hexOf } from './support';

class Short extends Error {}
const reader = (...bytes: number[]) => new Reader(Uint8Array.from(bytes), () => new Short());

describe('hex', () => {
  it('writes two lowercase digits a byte and reads back exactly that length', () => {
    expect(toHex(Uint8Array.of(0, 9, 0xab, 0xff))).toBe('0009abff');
    expect(toHex(new Uint8Array(0))).toBe('');
    expect(fromHex('0009abff', 4)).toEqual(Uint8Array.of(0, 9, 0xab, 0xff));
    expect(fromHex('', 0)).toEqual(new Uint8Array(0));
    for (const [text, n] of [
      ['0009abff', 3],
      ['0009abff', 5],
      ['0009ABFF', 4],
      ['0009abf', 4],
      ['0009abfg', 4],
      [' 009abff', 4],
    ] as const)
      expect(fromHex(text, n), text).toBeUndefined();
    expect(fromHex(9, 1)).toBeUndefined();
    expect(fromHex(undefined, 0)).toBeUndefined();
  });
});

describe('base64url', () => {
  it('writes RFC 4648 §5 without padding, and reads only that form back', () => {
    const b = Uint8Array.of(0xfb, 0xff, 0xbf);
    expect(toBase64Url(b)).toBe('-_-_');
    expect(toBase64Url(Uint8Array.of(0xfb))).toBe('-w');
    expect(toBase64Url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
    expect(fromBase64Url('-_-_')).toEqual(b);
    expect(fromBase64Url('-w')).toEqual(Uint8Array.of(0xfb));
    expect(fromBase64Url('-_8')).toEqual(Uint8Array.of(0xfb, 0xff));
    expect(fromBase64Url('')).toEqual(new Uint8Array(0));
    // Padding, standard letters, stray bits, an impossible length: refused.
    for (const bad of ['-w==', '+/+/', '-x', '-_9', 'abcde', 'ab cd', 'ab\n'])
      expect(fromBase64Url(bad), bad).toBeUndefined();
  });
});

describe('Reader', () => {
  it('reads big-endian fields in order and tracks the offset', () => {
    const r = reader(7, 0x01, 0x02, 0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 1, 0, 0, 0, 2, 9);
    expect(r.u8()).toBe(7);
    expect(r.u16()).toBe(0x0102);
    expect(r.u32()).toBe(0xdeadbeef);
    expect(r.offset).toBe(7);
    expect(r.u53()).toBe(2 ** 32 + 2);
    expect(hexOf(r.take(1))).toBe('09');
    expect(r.take(0)).toHaveLength(0);
    r.end();
  });

  it('throws the caller’s error on an overrun, a negative take, trailing bytes or a u64 above 2^53-1', () => {
    expect(() => reader(1).u16()).toThrow(Short);
    expect(() => reader(1, 2, 3).u32()).toThrow(Short);
    expect(() => reader().u8()).toThrow(Short);
    expect(() => reader(1, 2).take(-1)).toThrow(Short);
    expect(() => reader(1, 2).take(3)).toThrow(Short);
    expect(() => reader(1, 2).end()).toThrow(Short);
    const r = reader(1, 2);
    r.take(1);
    expect(() => r.end()).toThrow(Short);
    expect(reader(0, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff).u53()).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => reader(0, 0x20, 0, 0, 0, 0, 0, 0).u53()).toThrow(Short);
  });

  it('hands out views of the input at the right place', () => {
    const bytes = Uint8Array.of(1, 2, 3, 4, 5);
    const r = new Reader(bytes.subarray(1), () => new Short());
    r.u8();
    expect(r.u16()).toBe(0x0304);
    expect(new Reader(bytes.subarray(1), () => new Short()).u32()).toBe(0x02030405);
    const v = new Reader(bytes, () => new Short()).take(2);
    bytes[0] = 9;
    expect([...v]).toEqual([9, 2]);
  });
});

describe('u53', () => {
  it('writes 0..2^53-1 as a big-endian u64 and refuses anything else', () => {
    expect(hexOf(u53(0))).toBe('0000000000000000');
    expect(hexOf(u53(0x1_0000_0001))).toBe('0000000100000001');
    expect(hexOf(u53(Number.MAX_SAFE_INTEGER))).toBe('001fffffffffffff');
    for (const bad of [-1, 2 ** 53, 1.5, Number.NaN]) expect(() => u53(bad)).toThrow(RangeError);
  });
});
