// Numbers and dates follow the panel's chosen language, not the browser's (the
// unit tests run in an English Node): what a German, Spanish or Hebrew reader expects.
import { describe, expect, it } from 'vitest';
import { momentDate, sessionDate, sessionDay } from '../../../domain/clock';
import { decimal, fixed, localeTag } from '../../../util/format';
import { useMessages, type Language } from '../../../util/i18n';
import { builtMessages } from '../../support/messages';

const speak = async (lang: Language) => useMessages(lang, await builtMessages(lang), await builtMessages('en'));
const at = new Date(2026, 2, 2, 9, 5).getTime();

describe('numbers in the chosen language', () => {
  it('English: decimal point', async () => {
    await speak('en');
    expect(fixed(2.5, 2)).toBe('2.50');
    expect(decimal(12.25)).toBe('12.3');
    expect(decimal(3)).toBe('3');
  });
  it('German: decimal comma, dot for thousands', async () => {
    await speak('de');
    expect(localeTag()).toBe('de-DE');
    expect(fixed(2.5, 2)).toBe('2,50');
    expect(decimal(12.25)).toBe('12,3');
    expect(fixed(12345.678, 1)).toBe('12.345,7');
  });
  it('Spanish: decimal comma', async () => {
    await speak('es');
    expect(fixed(2.5, 2)).toBe('2,50');
    expect(decimal(7.5)).toBe('7,5');
  });
  it('Hebrew: decimal point, Western digits', async () => {
    await speak('he');
    expect(fixed(2.5, 2)).toBe('2.50');
    expect(decimal(7.5)).toBe('7.5');
  });
  it('no number is a dash, never "NaN"', async () => {
    await speak('de');
    expect(fixed(null, 2)).toBe('–');
    expect(fixed(undefined, 2)).toBe('–');
    expect(fixed(Number.NaN, 2)).toBe('–');
  });
});

describe('dates in the chosen language', () => {
  it('German', async () => {
    await speak('de');
    expect(sessionDate(at)).toBe('Mo., 2. März 2026, 09:05');
    expect(sessionDay(at)).toBe('2. März 2026');
    expect(momentDate(at)).toBe('2. März 2026, 09:05');
  });
  it('Spanish', async () => {
    await speak('es');
    expect(sessionDay(at)).toBe('2 mar 2026');
    expect(momentDate(at)).toBe('2 mar 2026, 09:05');
  });
  it('Hebrew', async () => {
    await speak('he');
    expect(sessionDay(at)).toBe('2 במרץ 2026');
    expect(momentDate(at)).toContain('09:05');
  });
});
