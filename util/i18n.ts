/**
 * The panel's text, in the language the user (or the clinic) chose.
 *
 * Messages are written in locales/*.yml and built by @wxt-dev/i18n into each
 * build's _locales/<lang>/messages.json, with the keys' types generated from
 * locales/en.yml. Its own t() reads browser.i18n, which always follows the
 * browser's language; Squircle lets a user or a clinic choose another one, so
 * the pages load the chosen messages.json (ext/common/locale.ts) and this t()
 * reads it, with the library's generated keys and its message rules (named
 * {placeholders}; plurals as "one | many" or "zero | one | many").
 * No browser API here: components and tests use it alike.
 */
import type { GeneratedI18nStructure } from '#i18n';

/** The languages Squircle is written in, English first (the source). */
export const LANGUAGES = ['en', 'de', 'es', 'he'] as const;
export type Language = (typeof LANGUAGES)[number];
/** The language setting: a language, or the browser's own. */
export type LanguageChoice = Language | 'auto';

/** Each language by its own name, as a language menu shows it whatever the page's language. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  de: 'Deutsch',
  es: 'Español',
  he: 'עברית',
};

const RTL: ReadonlySet<Language> = new Set(['he']);

/** A built messages.json: Chrome's format, one `message` per key (dots in keys become underscores). */
export type Messages = Record<string, { message: string }>;

export type MessageKey = keyof GeneratedI18nStructure & string;
/** A key whose message takes nothing to fill in: what a table of labels holds, read as t(key). */
export type LabelKey = {
  [K in MessageKey]: GeneratedI18nStructure[K] extends { plural: false; substitutions: 0 }
    ? GeneratedI18nStructure[K] extends { namedSubstitutions: readonly string[] }
      ? never
      : K
    : never;
}[MessageKey];

let current: { lang: Language; messages: Messages; fallback: Messages } = {
  lang: 'en',
  messages: {},
  fallback: {},
};

/** Installs the messages t() reads; `fallback` (English) answers a key the language lacks. */
export function useMessages(lang: Language, messages: Messages, fallback: Messages = messages): void {
  current = { lang, messages, fallback };
}

export const currentLanguage = (): Language => current.lang;
export const directionOf = (lang: Language): 'rtl' | 'ltr' => (RTL.has(lang) ? 'rtl' : 'ltr');

export const isLanguage = (v: unknown): v is Language => (LANGUAGES as readonly unknown[]).includes(v);

/**
 * The language to show: the choice when it is one of ours, else the first of
 * the browser's languages (e.g. "de-AT" → de) Squircle is written in, else English.
 */
export function resolveLanguage(choice: LanguageChoice, browserLanguages: readonly string[]): Language {
  if (choice !== 'auto') return choice;
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    // "iw" is the older code for Hebrew that some systems still report.
    const lang = primary === 'iw' ? 'he' : primary;
    if (isLanguage(lang)) return lang;
  }
  return 'en';
}

const NAMED = /\{([A-Za-z0-9_]+)\}/g;

function translate(key: string, ...args: unknown[]): string {
  const id = key.replaceAll('.', '_');
  let message = current.messages[id]?.message ?? current.fallback[id]?.message;
  if (message === undefined) {
    console.warn(`[i18n] Message not found: "${key}"`);
    return key;
  }
  let named: Record<string, unknown> | undefined;
  let count: number | undefined;
  for (const a of args) {
    if (typeof a === 'number') count = a;
    else if (a && typeof a === 'object' && !Array.isArray(a)) named = a as Record<string, unknown>;
  }
  if (count !== undefined) {
    const forms = message.split(' | ');
    const form = forms.length === 3 ? forms[Math.min(count, 2)] : forms[forms.length === 2 && count === 1 ? 0 : 1];
    message = (form ?? forms[0]!).replaceAll('$1', String(count));
    named = { n: count, ...named };
  }
  const subs = named;
  return subs ? message.replace(NAMED, (m, name: string) => (name in subs ? String(subs[name]) : m)) : message;
}

/**
 * The message for a key of locales/en.yml, in the current language. A key that takes nothing is called alone; one
 * with placeholders or a plural only with its count or named values. Typed with two overloads rather than the
 * library's per-key signature: that one is resolved against every key for each call with a key held in a variable
 * (a table of labels), which made tsc take minutes. The names a call fills in are not checked by the compiler.
 */
export const t = translate as {
  (key: LabelKey): string;
  (key: MessageKey, ...args: [number] | [object] | [number, object]): string;
};

/**
 * Text set apart from the sentence around it for the bidirectional algorithm (FSI … PDI): a Latin name
 * inside a Hebrew message, where the message is a plain string (a label, a name passed on) and <bdi> cannot go.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;

/** The message for a key with its named placeholders filled from `named` (for callers that build them). */
export const translateWith = (key: MessageKey, named: Readonly<Record<string, string | number>>): string =>
  translate(key, named);

/**
 * A table of labels that reads each message when it is read, so a table made once at load follows the language
 * chosen later; what is stored keeps the table's keys, never the words.
 */
export function labelsOf<K extends string>(keys: Readonly<Record<K, LabelKey>>): Readonly<Record<K, string>> {
  const out = {} as Record<K, string>;
  for (const k of Object.keys(keys) as K[]) {
    Object.defineProperty(out, k, { get: () => t(keys[k]), enumerable: true });
  }
  return out;
}
