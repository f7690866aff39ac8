// The passphrase gate: zxcvbn's estimate (common dictionaries) must reach 10^10 guesses, a floor
// suited to an offline attack on the Argon2id-wrapped key, and the policy's minimum length.
import { beforeAll, describe, expect, it } from 'vitest';
import { MIN_GUESSES, loadPassphraseChecker, passphraseStrength } from '../../../crypto';

describe('passphraseStrength', () => {
  beforeAll(() => loadPassphraseChecker());

  it('has a floor of 10^10 estimated guesses', () => expect(MIN_GUESSES).toBe(1e10));

  // prettier-ignore
  const TABLE: [string, boolean][] = [
    ['Winter2025!!', false],
    ['correct horse', false],
    ['Password123!', false],
    ['P@ssw0rd2024', false],
    ['qwertyuiop12', false],
    ['aaaaaaaaaaaaaaaa', false],
    ['abcdefghijklmnop', false],
    ['Squircle2024!', false],
    ['123456789012', false],
    ['Jennifer1987!', false],
    ['quiet harbour lantern 47', true],
    ['backup orchard kettle 58', true],
    ['the kettle sings at dawn', true],
    ['violet spanner drifts under moss', true],
    ['Blue-otter-walks-slowly-Tuesday', true],
    ['fixture harbour lantern 2024', true],
  ];

  it.each(TABLE)('%j: accepted %s', (p, ok) => {
    const r = passphraseStrength(p);
    expect(r.ok, r.hint).toBe(ok);
    expect(r.pending).toBeUndefined();
    if (!ok) expect(r.score).toBeLessThanOrEqual(2);
    else expect(r.score).toBeGreaterThanOrEqual(3);
  });

  it('says in plain words why a passphrase is refused', () => {
    expect(passphraseStrength('Winter2025!!').hint).not.toMatch(/[a-z][A-Z]/); // no translation keys like "recentYears"
    expect(passphraseStrength('password1234').hint).toMatch(/common password/);
    expect(passphraseStrength('Winter2025!!').hint.length).toBeGreaterThan(20);
    expect(passphraseStrength('the kettle sings at dawn').hint).toMatch(/^(Strong|Good)\./);
  });

  it('says how many characters are missing, under the policy minimum', () => {
    expect(passphraseStrength('short')).toMatchObject({ ok: false });
    expect(passphraseStrength('short').hint).toContain('7 more characters');
    expect(passphraseStrength('elevenchars').hint).toContain('1 more character.');
    // A strong passphrase is still refused under a clinic's longer minimum.
    const r = passphraseStrength('the kettle sings at dawn', 30);
    expect(r.ok).toBe(false);
    expect(r.hint).toContain('6 more characters');
  });

  it('asks for something when empty, and never throws on odd input', () => {
    expect(passphraseStrength('')).toMatchObject({ ok: false, score: 0 });
    expect(() => passphraseStrength(undefined as unknown as string)).not.toThrow();
  });
});
