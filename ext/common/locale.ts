import { browser } from 'wxt/browser';
import {
  directionOf,
  resolveLanguage,
  useMessages,
  type Language,
  type LanguageChoice,
  type Messages,
} from '../../util/i18n';

/** One built messages.json of this extension (the build writes _locales/<lang>/messages.json from locales/). */
async function readMessages(lang: Language): Promise<Messages> {
  const res = await fetch(`/_locales/${lang}/messages.json`);
  if (!res.ok) throw new Error(`The ${lang} messages could not be read (${res.status}).`);
  return (await res.json()) as Messages;
}

/**
 * Loads the language the settings ask for (the browser's own for 'auto') into t(),
 * and marks the page with its language and direction. English answers any key
 * a language lacks; if the language cannot be read, the page stays in English.
 */
export async function applyLanguage(choice: LanguageChoice, doc: Document = document): Promise<Language> {
  // Which of Squircle's languages the browser itself picked for its own language (its extension messages follow
  // the UI language, falling back to English), then the UI language as the page reports it.
  // WXT types getMessage's names from public/_locales only; locales/ is built by @wxt-dev/i18n.
  const picked = (browser.i18n.getMessage as (name: string) => string)('localeCode');
  const wanted = resolveLanguage(
    choice,
    [picked, browser.i18n.getUILanguage(), ...navigator.languages].filter(Boolean),
  );
  const english = await readMessages('en');
  let lang: Language = wanted;
  let messages = english;
  if (wanted !== 'en') {
    try {
      messages = await readMessages(wanted);
    } catch (e) {
      console.warn(e);
      lang = 'en';
    }
  }
  useMessages(lang, messages, english);
  doc.documentElement.lang = lang;
  doc.documentElement.dir = directionOf(lang);
  return lang;
}
