// Every language has every message of the English source, with the same placeholders, and t() reads them.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParsedMessage } from '@wxt-dev/i18n/build';
import { LANGUAGES, resolveLanguage, t, useMessages, type Language } from '../../../util/i18n';
import { builtMessages, LOCALES_DIR, parsedMessages } from '../../support/messages';

/** What a translation must keep of a message: its kind and its placeholders. */
function shape(m: ParsedMessage): string {
  const named = [...m.namedSubstitutions].sort().join(',');
  return `${m.type === 'plural' ? 'plural' : 'text'} $${m.substitutions} {${named}}`;
}
const shapes = async (lang: Language) =>
  new Map((await parsedMessages(lang)).map((m) => [m.key.join('.'), shape(m)] as const));

describe('locales', () => {
  it('has one file per language Squircle offers, and no other', () => {
    expect(readdirSync(LOCALES_DIR).sort()).toEqual(LANGUAGES.map((l) => `${l}.yml`).sort());
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every English key with the same placeholders', async (lang) => {
    const english = await shapes('en');
    const other = await shapes(lang);
    expect(
      [...other.keys()].filter((k) => !english.has(k)),
      'keys English lacks',
    ).toEqual([]);
    expect(
      [...english.keys()].filter((k) => !other.has(k)),
      'keys still to translate',
    ).toEqual([]);
    const differ = [...english].filter(([k, s]) => other.get(k) !== s).map(([k, s]) => `${k}: ${s} ≠ ${other.get(k)}`);
    expect(differ).toEqual([]);
  });

  it.each(LANGUAGES)('%s has no empty message and no plural with other than 2 or 3 forms', async (lang) => {
    for (const m of await parsedMessages(lang)) {
      const forms = m.type === 'plural' ? Object.values(m.plurals) : [m.type === 'chrome' ? m.message : m.message];
      expect(forms.length === 1 || forms.length === 2 || forms.length === 3, m.key.join('.')).toBe(true);
      for (const f of forms) expect(f.trim(), m.key.join('.')).not.toBe('');
    }
  });
});

describe('t()', () => {
  it('fills named placeholders and picks plural forms', async () => {
    useMessages('en', await builtMessages('en'));
    expect(t('panel.managedBy', { clinic: 'North Clinic' })).toBe('Managed by North Clinic');
    expect(t('session.markerCount', 1)).toBe('1 marker');
    expect(t('session.markerCount', 3)).toBe('3 markers');
  });

  it('answers a key the language lacks from the fallback', async () => {
    useMessages('en', { nav_history: { message: 'Past sessions' } }, await builtMessages('en'));
    expect(t('nav.history')).toBe('Past sessions');
    expect(t('nav.backup')).toBe('Backup');
  });
});

describe('resolveLanguage', () => {
  it('falls back to English', () => {
    expect(resolveLanguage('auto', ['fr', 'ja'])).toBe('en');
    expect(resolveLanguage('auto', ['en-GB'])).toBe('en');
    expect(resolveLanguage('auto', [])).toBe('en');
  });
});
