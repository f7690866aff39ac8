import { afterEach, describe, expect, it } from 'vitest';
import { DE, EN, ES, HE, WORDS, tablesFor, useWords } from '../../../calls/adapters/words';

afterEach(() => useWords([]));

describe('word tables', () => {
  it.each([
    ['de', [DE]],
    ['de-AT', [DE]],
    ['ES-419', [ES]],
    ['he', [HE]],
    ['iw', [HE]],
    ['en', []],
    ['en-GB', []],
  ])('a page in %s gets its own language only', (lang, want) => {
    expect(tablesFor(lang)).toEqual(want);
  });

  it.each([[''], ['fr'], ['x-pseudo'], ['deu'], [undefined], [42], ['  ']])(
    'a page naming no language we have a table for (%s) gets every table',
    (lang) => {
      expect(tablesFor(lang)).toEqual([DE, ES, HE]);
    },
  );

  it('every word is lower case (matching lowers the text, never the word) and every table word is new', () => {
    for (const table of [EN, DE, ES, HE])
      for (const words of Object.values(table) as string[][]) for (const w of words) expect(w).toBe(w.toLowerCase());
    for (const table of [DE, ES, HE])
      for (const [k, words] of Object.entries(table) as [keyof typeof EN, string[]][])
        for (const w of words) expect(EN[k]).not.toContain(w);
  });

  it('useWords adds tables to English, replaces the tables added before, and drops what is not a word', () => {
    useWords([DE]);
    expect(WORDS.me).toEqual([...EN.me, ...DE.me!]);
    expect(WORDS.avatar).toEqual(EN.avatar);
    useWords([ES, { me: [7, '(x)'] } as never, null as never]);
    expect(WORDS.me).toEqual([...EN.me, ...ES.me!, '(x)']);
    expect(WORDS.joined).toEqual([...EN.joined, ...ES.joined!]);
    useWords([]);
    expect(WORDS).toEqual(EN);
  });
});
