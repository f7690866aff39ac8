import { sha512 } from '@noble/hashes/sha2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  SAFETY_NUMBER_ITERATIONS,
  fromBase64,
  newDeviceIdentity,
  publicIdentity,
  safetyNumber,
  type PublicIdentity,
} from '../../../crypto';
import { fixedIdentity } from './channel-fixtures';
import { hex } from './support';

/** The documented construction, written again on an independent SHA-512. */
function referenceHalf(p: PublicIdentity): string {
  const id = Uint8Array.from([1, ...hex(p.deviceId), ...fromBase64(p.signPk), ...fromBase64(p.boxPk)]);
  const label = new TextEncoder().encode('squircle/safety-number/v1');
  const be32 = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  let h = sha512(Uint8Array.from([...be32(label.length), ...label, ...be32(id.length), ...id]));
  for (let i = 1; i < SAFETY_NUMBER_ITERATIONS; i++) h = sha512(Uint8Array.from([...h, ...id]));
  let out = '';
  for (let c = 0; c < 6; c++) {
    const n = h.subarray(c * 5, c * 5 + 5).reduce((acc, b) => acc * 256 + b, 0);
    out += String(n % 100000).padStart(5, '0');
  }
  return out;
}

describe('safety number', () => {
  // Made afresh for each test, so each test's coverage includes the fixture's work (npm run mutate).
  let a: PublicIdentity;
  let b: PublicIdentity;
  let ab: string;
  beforeEach(() => {
    a = publicIdentity(newDeviceIdentity());
    b = publicIdentity(newDeviceIdentity());
    ab = safetyNumber(a, b);
  });

  it('is 60 digits in 12 groups of 5', () => {
    expect(ab).toMatch(/^\d{5}( \d{5}){11}$/);
    expect(ab.replace(/ /g, '')).toHaveLength(60);
  });

  it('is the same on both sides, whatever the order', () => {
    expect(safetyNumber(b, a)).toBe(ab);
  });

  it('changes when either device changes any key or its id', () => {
    const other = publicIdentity(newDeviceIdentity());
    for (const changed of [
      safetyNumber({ ...a, signPk: other.signPk }, b),
      safetyNumber({ ...a, boxPk: other.boxPk }, b),
      safetyNumber(a, { ...b, signPk: other.signPk }),
      safetyNumber(a, { ...b, deviceId: other.deviceId }),
    ]) {
      expect(changed).not.toBe(ab);
    }
  });

  it('matches the documented construction, iterated 5200 times (known answer)', () => {
    expect(SAFETY_NUMBER_ITERATIONS).toBe(5200);
    const one = publicIdentity(fixedIdentity(1));
    const two = publicIdentity(fixedIdentity(2));
    const expected = '21922 06489 33937 10905 62231 53656 26136 45518 24959 96233 71614 92001';
    expect(safetyNumber(one, two)).toBe(expected);
    expect([referenceHalf(one), referenceHalf(two)].sort().join('').match(/\d{5}/g)!.join(' ')).toBe(expected);
  });

  it('throws TypeError for a malformed identity', () => {
    expect(() => safetyNumber({ ...a, signPk: 'AAAA' }, b)).toThrow(TypeError);
  });
});
