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

  // The guesses a cracking tool tries first, and this product's own words.
  it.each([
    'password',
    'passw0rd',
    'p@ssw0rd',
    'password1',
    'qwerty',
    'qwertyuiop',
    'asdfghjkl',
    'zxcvbnm',
    'azerty',
    'qwertz',
    'qazwsx',
    'zaq12wsx',
    '1q2w3e4r',
    '1qaz2wsx',
    'letmein',
    'iloveyou',
    'welcome',
    'admin',
    'administrator',
    'login',
    'monkey',
    'dragon',
    'master',
    'shadow',
    'sunshine',
    'princess',
    'football',
    'baseball',
    'superman',
    'batman',
    'trustno1',
    'whatever',
    'starwars',
    'michael',
    'secret',
    'changeme',
    'default',
    'abc123',
    'test',
    'hello',
    'freedom',
    'computer',
    'internet',
    'squircle',
    'therapy',
    'therapist',
    'counselling',
    'counseling',
    'session',
    'group',
    'clinic',
  ])('refuses %j as a first guess, however it is padded to length', (word) => {
    const first = 'This is one of the first guesses anyone tries. Choose words that only you would put together.';
    expect(passphraseStrength(word, 1)).toEqual({ ok: false, score: 0, hint: first });
    expect(passphraseStrength(word.toUpperCase(), 1).hint).toBe(first);
  });

  it('finds a common word inside digits and symbols, or repeated, but not inside other words', () => {
    const first = /first guesses/;
    expect(passphraseStrength('2024dragon!!!').hint).toMatch(first);
    expect(passphraseStrength('monkeymonkeymonkey').hint).toMatch(first);
    expect(passphraseStrength('1234567890123').hint).toMatch(first);
    expect(passphraseStrength('!!!!').hint).toMatch(first);
    expect(passphraseStrength('12121212').hint).toMatch(first);
    expect(passphraseStrength('dragonfly meadow lantern').hint).not.toMatch(first);
    expect(passphraseStrength('monkeymonkeyx').hint).not.toMatch(first);
  });

  it('names how far a short passphrase is from the minimum', () => {
    const tail = 'A few unrelated words in a row work well.';
    expect(passphraseStrength('')).toEqual({
      ok: false,
      score: 0,
      hint: 'Choose a passphrase: a few unrelated words in a row work well.',
    });
    expect(passphraseStrength('xkq7 zv9p')).toEqual({
      ok: false,
      score: 1,
      hint: `Almost there: add 3 more characters. ${tail}`,
    });
    expect(passphraseStrength('xkq7 zv9pw')).toMatchObject({
      score: 1,
      hint: `Almost there: add 2 more characters. ${tail}`,
    });
    expect(passphraseStrength('xkq7 zv9pwb')).toMatchObject({
      score: 1,
      hint: `Almost there: add 1 more character. ${tail}`,
    });
    expect(passphraseStrength('xkq7 zv9')).toMatchObject({
      score: 1,
      hint: `A little longer, please: add 4 more characters. ${tail}`,
    });
    // Half the minimum (6 of 12) still scores 1; below half scores 0.
    expect(passphraseStrength('xkq7 z')).toMatchObject({ score: 1 });
    expect(passphraseStrength('xkq7 ')).toMatchObject({ score: 0 });
    expect(passphraseStrength('xk', 4)).toMatchObject({
      score: 1,
      hint: `Almost there: add 2 more characters. ${tail}`,
    });
    // Characters, not UTF-16 units: each emoji is one.
    expect(passphraseStrength('x🌲y🌊z').hint).toContain('add 7 more characters');
  });

  it('gives each score its own advice', () => {
    const strong = {
      ok: true,
      score: 4,
      hint: 'Strong. Keep it somewhere safe: it cannot be recovered if it is lost.',
    };
    const good = { ok: true, score: 3, hint: 'Good. One more unrelated word would make it stronger still.' };
    const fair = { ok: true, score: 2, hint: 'Acceptable. Adding another word or two would make it much stronger.' };
    const oneKind = 'Only one kind of character so far: add more words, or mix in capitals, digits or symbols.';
    const runs = 'Repeated parts and keyboard runs are easy to guess. Try a few unrelated words instead.';
    expect(passphraseStrength('zebra quilt fox jumps')).toEqual(strong);
    expect(passphraseStrength('Hello-World-2024')).toEqual(strong);
    expect(passphraseStrength('Zebra-Quilt-9x')).toEqual(good);
    expect(passphraseStrength('ZebraQuiltFox1')).toEqual(good);
    expect(passphraseStrength('mountain river lake')).toEqual(good);
    expect(passphraseStrength('mountainriverlakeside')).toEqual(good);
    expect(passphraseStrength('zebra quilt fox')).toEqual(fair);
    expect(passphraseStrength('zebraquiltfoxjumps')).toEqual(fair);
    expect(passphraseStrength('mountainriverlake')).toEqual(fair);
    expect(passphraseStrength('a1b2c3d4e5f6')).toEqual(fair);
    expect(passphraseStrength('TigerLily12!x')).toEqual(fair);
    expect(passphraseStrength('zebraquiltfox')).toEqual({ ok: false, score: 1, hint: oneKind });
    expect(passphraseStrength('TIGERLILYMOON')).toEqual({ ok: false, score: 1, hint: oneKind });
    expect(passphraseStrength('qazwsxedcrfv')).toEqual({ ok: false, score: 0, hint: oneKind });
    expect(passphraseStrength('tigerlily12345')).toEqual({ ok: false, score: 1, hint: runs });
    expect(passphraseStrength('abcdefghijkl')).toEqual({ ok: false, score: 0, hint: runs });
    expect(passphraseStrength('zxcvbnmqwerty')).toEqual({ ok: false, score: 0, hint: runs });
    expect(passphraseStrength('abcxyzabcxyz')).toEqual({ ok: false, score: 0, hint: runs });
    expect(passphraseStrength('aaabbbcccddd')).toEqual({ ok: false, score: 0, hint: runs });
    expect(passphraseStrength('qwe rty uio p12')).toEqual({ ok: false, score: 1, hint: runs });
  });
});
