import { describe, expect, it } from 'vitest';
import { foldForSearch, queryWords, snippetAround } from '../../../domain/search-text';

describe('search text folding', () => {
  it('folds case, accents, compatibility forms and letters Unicode does not decompose', () => {
    expect(foldForSearch('Zoë ÅNGSTRÖM')).toBe('zoe angstrom');
    expect(foldForSearch('Straße Søren Łódź Œuvre ﬁne')).toBe('strasse soren lodz oeuvre fine');
    expect(foldForSearch('e\u0301lan')).toBe(foldForSearch('élan'));
    expect(foldForSearch('ΟΔΟΣ')).toBe(foldForSearch('οδοσ'));
  });

  it('splits a query into distinct folded words', () => {
    expect(queryWords('  Café  cafe CHEST ')).toEqual(['cafe', 'chest']);
    expect(queryWords('')).toEqual([]);
  });

  it('cuts a snippet around the first match at word boundaries, mapping positions back', () => {
    const text = `${'word '.repeat(30)}the Ångström moment ${'tail '.repeat(30)}`;
    const s = snippetAround(text, ['angstrom'], 20);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.text.slice(s.match![0], s.match![1])).toBe('Ångström');
    expect(snippetAround('short text', ['absent'])).toEqual({ text: 'short text', match: null });
  });

  it('maps positions through characters that fold to more or fewer letters', () => {
    const text = 'Die Straße, e\u0301lan, und Kaffee';
    const s = snippetAround(text, ['kaffee']);
    expect(s.text.slice(s.match![0], s.match![1])).toBe('Kaffee');
    const t = snippetAround(text, ['elan']);
    expect(t.text.slice(t.match![0], t.match![1])).toBe('e\u0301lan');
  });
});
