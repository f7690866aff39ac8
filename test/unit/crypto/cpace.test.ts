// CPace over ristretto255 (crypto/cpace.ts) against the CFRG draft's test
// vector, and its refusals of shares that would fix the key.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairingError } from '../../../crypto';
import { cpaceGenerator, cpaceIsk, cpaceSharedPoint, cpaceStart, scalarFrom } from '../../../crypto/cpace';
import { readVectors, toHex } from './support';

interface Vector {
  PRS: string;
  CI: string;
  sid: string;
  g: string;
  ya: string;
  ADa: string;
  Ya: string;
  yb: string;
  ADb: string;
  Yb: string;
  K: string;
  ISK_IR: string;
}
const v = readVectors<Vector>('cpace/ristretto255.json');
const b = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const hexOf = (s: string) => toHex(b(s));

describe('CPace ristretto255 known answers (draft-irtf-cfrg-cpace)', () => {
  it('derives the generator, both shares, the shared point and the ISK of the vector', () => {
    expect(toHex(cpaceGenerator(b(v.PRS), b(v.CI), b(v.sid)))).toBe(hexOf(v.g));
    const a = cpaceStart(b(v.PRS), b(v.CI), b(v.sid), b(v.ya));
    const r = cpaceStart(b(v.PRS), b(v.CI), b(v.sid), b(v.yb));
    expect(toHex(a.share)).toBe(hexOf(v.Ya));
    expect(toHex(r.share)).toBe(hexOf(v.Yb));
    expect(toHex(cpaceSharedPoint(a.scalar, r.share))).toBe(hexOf(v.K));
    expect(toHex(cpaceSharedPoint(r.scalar, a.share))).toBe(hexOf(v.K));
    const transcript = {
      sid: b(v.sid),
      initiatorShare: a.share,
      initiatorAd: b(v.ADa),
      responderShare: r.share,
      responderAd: b(v.ADb),
    };
    expect(toHex(cpaceIsk({ ...transcript, scalar: a.scalar, peerShare: r.share }))).toBe(hexOf(v.ISK_IR));
    expect(toHex(cpaceIsk({ ...transcript, scalar: r.scalar, peerShare: a.share }))).toBe(hexOf(v.ISK_IR));
  });

  it('gives another generator for another code, channel identifier or session id', () => {
    const g = toHex(cpaceGenerator(b(v.PRS), b(v.CI), b(v.sid)));
    expect(toHex(cpaceGenerator(new TextEncoder().encode('Passwore'), b(v.CI), b(v.sid)))).not.toBe(g);
    expect(toHex(cpaceGenerator(b(v.PRS), b(v.CI).subarray(1), b(v.sid)))).not.toBe(g);
    expect(toHex(cpaceGenerator(b(v.PRS), b(v.CI), b(v.sid).subarray(1)))).not.toBe(g);
  });
});

describe('CPace refusals', () => {
  const start = () => cpaceStart(b(v.PRS), b(v.CI), b(v.sid));

  it('refuses the identity, a non-canonical encoding and wrong lengths as the other share', () => {
    const { scalar } = start();
    const problem = (share: Uint8Array) => {
      try {
        cpaceSharedPoint(scalar, share);
        return 'ok';
      } catch (e) {
        return e instanceof PairingError ? e.problem : String(e);
      }
    };
    expect(problem(new Uint8Array(32))).toBe('weak-key');
    // 2^255 - 19 + 1 (= 1 mod p) is not the canonical encoding of anything.
    const nonCanonical = new Uint8Array(32).fill(0xff);
    nonCanonical[0] = 0xee;
    nonCanonical[31] = 0x7f;
    expect(problem(nonCanonical)).toBe('weak-key');
    expect(problem(b(v.Yb).subarray(1))).toBe('weak-key');
    expect(problem(new Uint8Array(33))).toBe('weak-key');
    expect(problem(b(v.Yb))).toBe('ok');
  });

  it('never gives two sides with different codes the same ISK (100 random pairs of codes)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 6, maxLength: 6 }), fc.string({ minLength: 6, maxLength: 6 }), (x, y) => {
        fc.pre(x !== y);
        const ci = b(v.CI);
        const sid = b(v.sid);
        const a = cpaceStart(new TextEncoder().encode(x), ci, sid);
        const r = cpaceStart(new TextEncoder().encode(y), ci, sid);
        const t = { sid, initiatorShare: a.share, initiatorAd: ci, responderShare: r.share, responderAd: sid };
        const ia = cpaceIsk({ ...t, scalar: a.scalar, peerShare: r.share });
        const ir = cpaceIsk({ ...t, scalar: r.scalar, peerShare: a.share });
        expect(toHex(ia)).not.toBe(toHex(ir));
      }),
      { numRuns: 100 },
    );
  });

  it('never takes a zero scalar', () => {
    expect(() => scalarFrom(new Uint8Array(64))).toThrow(RangeError);
  });
});
