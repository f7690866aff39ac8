/**
 * Numbers and the locale behind every date, in the panel's chosen language
 * (util/i18n.ts), not the browser's: a German reader sees "2,50" even in an
 * English browser. Dates themselves are written by domain/clock.ts, with the
 * locale named here.
 */
import { currentLanguage, type Language } from './i18n';

/** How each language writes dates and numbers: English as in Britain (day before month, 24-hour clock). */
export const LOCALE: Readonly<Record<Language, string>> = { en: 'en-GB', de: 'de-DE', es: 'es', he: 'he-IL' };

/** The locale of the current language, for Intl. */
export const localeTag = (): string => LOCALE[currentLanguage()];

const numbers = new Map<string, Intl.NumberFormat>();
function numberFormat(min: number, max: number): Intl.NumberFormat {
  const key = `${currentLanguage()} ${min} ${max}`;
  let f = numbers.get(key);
  if (!f) {
    f = new Intl.NumberFormat(localeTag(), { minimumFractionDigits: min, maximumFractionDigits: max });
    numbers.set(key, f);
  }
  return f;
}

/** A number with exactly `digits` decimals ("2.50" in English, "2,50" in German); "–" for none. */
export const fixed = (v: number | null | undefined, digits: number): string =>
  v === null || v === undefined || Number.isNaN(v) ? '–' : numberFormat(digits, digits).format(v);

/** A number with at most `maxDigits` decimals, as many as it needs ("12.5", "12,5", "3"). */
export const decimal = (v: number, maxDigits = 1): string => numberFormat(0, maxDigits).format(v);
