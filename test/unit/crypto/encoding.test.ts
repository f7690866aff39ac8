import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64, utf8Decode, utf8Encode } from '../../../crypto';
import { decodedLength } from '../../../crypto/encoding';

describe('base64', () => {
  it('matches Node for every length around the padding boundaries', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const b64 = Buffer.from(bytes).toString('base64');
      expect(toBase64(bytes)).toBe(b64);
      expect(fromBase64(b64)).toEqual(bytes);
    }
  });

  it('round-trips arbitrary bytes, including inputs larger than one chunk', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100_000 }), (b) => {
        expect(fromBase64(toBase64(b))).toEqual(b);
      }),
      { numRuns: 50 },
    );
  });

  it.each(['YQ', 'YQ=', 'Y Q==', 'YQ==\n', 'YR==', 'YWI=x', '====', 'YW-_', 'é'])('refuses non-canonical %j', (s) => {
    expect(() => fromBase64(s)).toThrow(TypeError);
  });
});

describe('utf8', () => {
  it('round-trips unicode text', () => {
    const text = 'Gruppe: Ärger, 心, 👩🏽‍⚕️';
    expect(utf8Decode(utf8Encode(text))).toBe(text);
  });

  it('refuses bytes that are not UTF-8 instead of substituting', () => {
    expect(() => utf8Decode(new Uint8Array([0xc3, 0x28]))).toThrow(TypeError);
  });
});

describe('decodedLength', () => {
  it('counts the bytes of canonical base64, and says -1 for anything a stored record must not hold', () => {
    expect(decodedLength(toBase64(new Uint8Array(32)))).toBe(32);
    expect(decodedLength('')).toBe(0);
    for (const bad of ['AAA', 'AAB=', ' AAAA', 'AA==AA==', 32, null, undefined, { length: 4 }]) {
      expect(decodedLength(bad)).toBe(-1);
    }
  });
});
