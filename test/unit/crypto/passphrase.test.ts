import { describe, expect, it } from 'vitest';
import { passphraseStrength } from '../../../crypto';

describe('passphraseStrength', () => {
  it('says how many characters are missing', () => {
    const r = passphraseStrength('short');
    expect(r.ok).toBe(false);
    expect(r.hint).toContain('7 more characters');
    expect(passphraseStrength('elevenchars').hint).toContain('1 more character.');
    expect(passphraseStrength('abcd', 6).hint).toContain('2 more characters');
  });

  it.each(['password', 'Password123!', 'P@ssw0rd', 'qwertyuiop12', 'dragondragon', 'Squircle2024!', '123456789012'])(
    'rates the common choice %j as 0',
    (p) => {
      expect(passphraseStrength(p)).toMatchObject({ ok: false, score: 0 });
    },
  );

  it.each(['aaaaaaaaaaaaaaaa', 'abcdefghijklmnop', 'abababababababab', 'zyxwvutsrqponmlk'])(
    'rates repeated characters and runs %j as weak',
    (p) => {
      const r = passphraseStrength(p);
      expect(r.ok).toBe(false);
      expect(r.score).toBeLessThanOrEqual(1);
    },
  );

  it('lowers a single character class', () => {
    const oneClass = passphraseStrength('mountainriver');
    const mixed = passphraseStrength('Mountain-river7');
    expect(oneClass.score).toBeLessThan(mixed.score);
  });

  it.each(['correct horse battery staple', 'the kettle sings at dawn', 'Blue-otter-walks-slowly'])(
    'rates several words %j as strong',
    (p) => {
      expect(passphraseStrength(p)).toMatchObject({ ok: true, score: 4 });
    },
  );

  it('accepts a long enough mixed passphrase', () => {
    expect(passphraseStrength('Tr0ub4dor&3-kite').ok).toBe(true);
  });

  it('always gives a calm hint and a score in range', () => {
    for (const p of ['', ' ', '\u0000', '😀'.repeat(20), 'x'.repeat(10_000)]) {
      const r = passphraseStrength(p);
      expect(r.hint.length).toBeGreaterThan(10);
      expect(r.hint).not.toMatch(/!|invalid|error/i);
      expect([0, 1, 2, 3, 4]).toContain(r.score);
    }
  });
});
