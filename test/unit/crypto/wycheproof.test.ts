// Every Wycheproof case, none skipped: the counts are checked against the files' own totals.
import { describe, expect, it } from 'vitest';
import {
  WeakKeyError,
  verifyStrict,
  x25519,
  type BoxPublicKey,
  type BoxSecretKey,
  type SigningPublicKey,
} from '../../../crypto';
import { hex, readVectors, toHex } from './support';

interface Suite<G> {
  numberOfTests: number;
  testGroups: G[];
}
interface EdTest {
  tcId: number;
  comment: string;
  msg: string;
  sig: string;
  result: 'valid' | 'invalid';
}
interface EdGroup {
  publicKey: { pk: string };
  tests: EdTest[];
}
interface XTest {
  tcId: number;
  comment: string;
  public: string;
  private: string;
  shared: string;
  result: string;
}
interface XGroup {
  curve: string;
  tests: XTest[];
}

const ed = readVectors<Suite<EdGroup>>('wycheproof/ed25519_test.json');
const edCases = ed.testGroups.flatMap((g) => g.tests.map((t) => ({ ...t, pk: g.publicKey.pk })));
const xdh = readVectors<Suite<XGroup>>('wycheproof/x25519_test.json');
const xCases = xdh.testGroups.flatMap((g) => g.tests);

describe('Wycheproof ed25519_test.json with verifyStrict', () => {
  it('covers every case in the file', () => {
    expect(edCases).toHaveLength(ed.numberOfTests);
    expect(edCases).toHaveLength(151);
  });

  it.each(edCases)('tcId $tcId ($result) $comment', (t) => {
    expect(verifyStrict(hex(t.msg), hex(t.sig), hex(t.pk) as SigningPublicKey)).toBe(t.result === 'valid');
  });
});

describe('Wycheproof x25519_test.json with x25519', () => {
  it('covers every case in the file, all on curve25519', () => {
    expect(xCases).toHaveLength(xdh.numberOfTests);
    expect(xdh.testGroups.every((g) => g.curve === 'curve25519')).toBe(true);
    // Every case is valid or acceptable: none may be rejected except for a zero result.
    expect(xCases.every((t) => t.result === 'valid' || t.result === 'acceptable')).toBe(true);
  });

  it.each(xCases)('tcId $tcId ($result) $comment', (t) => {
    const run = () => x25519(hex(t.private) as BoxSecretKey, hex(t.public) as BoxPublicKey);
    if (/^(00)+$/.test(t.shared)) expect(run).toThrow(WeakKeyError);
    else expect(toHex(run())).toBe(t.shared);
  });
});
