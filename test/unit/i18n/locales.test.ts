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

  it.each(LANGUAGES)('%s names its own language in localeCode (what the browser picked, read at start)', async (l) => {
    expect((await builtMessages(l)).localeCode?.message).toBe(l);
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
  it('reads the chosen language, fills named placeholders and picks plural forms', async () => {
    useMessages('de', await builtMessages('de'), await builtMessages('en'));
    expect(t('nav.history')).toBe('Verlauf');
    expect(t('panel.managedBy', { clinic: 'Praxis Nord' })).toBe('Verwaltet von Praxis Nord');
    useMessages('en', await builtMessages('en'));
    expect(t('panel.managedBy', { clinic: 'North Clinic' })).toBe('Managed by North Clinic');
    expect(t('session.markerCount', 1)).toBe('1 marker');
    expect(t('session.markerCount', 3)).toBe('3 markers');
  });

  it('answers a key the language lacks in English', async () => {
    useMessages('he', { nav_history: { message: 'היסטוריה' } }, await builtMessages('en'));
    expect(t('nav.history')).toBe('היסטוריה');
    expect(t('nav.backup')).toBe('Backup');
  });
});

describe('resolveLanguage', () => {
  it('keeps a chosen language', () => {
    expect(resolveLanguage('he', ['de-DE'])).toBe('he');
  });
  it('follows the first browser language Squircle is written in', () => {
    expect(resolveLanguage('auto', ['fr-FR', 'es-419', 'de'])).toBe('es');
    expect(resolveLanguage('auto', ['iw'])).toBe('he');
    expect(resolveLanguage('auto', ['de_AT'])).toBe('de');
  });
  it('falls back to English', () => {
    expect(resolveLanguage('auto', ['fr', 'ja'])).toBe('en');
    expect(resolveLanguage('auto', [])).toBe('en');
  });
});
