// A pseudo-locale made from the English messages: every letter accented, each message about 30 % longer and
// marked at both ends, so that a page shown in it tells at a glance (and a test by search) which text did not
// come from the message files, and whether a layout survives longer words.
import type { Messages } from '../../util/i18n';

const ACCENTED: Readonly<Record<string, string>> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i) => [
    c,
    [...'àƀçđéƒĝĥíĵķĺɱñöþǫŕšţûṽŵẋýžÀßÇÐÉƑĜĤÍĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i]!,
  ]),
);
/** Where a pseudo message starts and ends. */
export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';
/** What stays as it is: {named} placeholders, $1 and the " | " between plural forms. */
const KEEP = /(\{[A-Za-z0-9_]+\}|\$\d| \| )/;

function accent(text: string): string {
  return text
    .split(KEEP)
    .map((part, i) => (i % 2 === 1 ? part : [...part].map((c) => ACCENTED[c] ?? c).join('')))
    .join('');
}

/** One message in the pseudo-locale: accented, padded to about 130 % of its length, between ⟦ and ⟧. */
export function pseudoMessage(message: string): string {
  return message
    .split(' | ')
    .map((form) => {
      const letters = form.replace(/\{[A-Za-z0-9_]+\}|\$\d/g, '').length;
      const pad = '·'.repeat(Math.ceil(letters * 0.3));
      return `${PSEUDO_OPEN}${accent(form)}${pad}${PSEUDO_CLOSE}`;
    })
    .join(' | ');
}

/** The pseudo-locale's messages.json, from English's; the language code is kept so the page stays usable. */
export function pseudoMessages(english: Messages): Messages {
  return Object.fromEntries(
    Object.entries(english).map(([k, v]) => [
      k,
      { message: k === 'localeCode' ? v.message : pseudoMessage(v.message) },
    ]),
  );
}

/**
 * The text in `text` that is neither from a pseudo message nor one of the given data values (names and
 * places the test put in): what a component wrote in its own code.
 */
export function unextracted(text: string, data: readonly string[] = []): string | undefined {
  let rest = text;
  // Innermost first: a message can hold another (a state inside "Channel {state}").
  for (let prev = ''; prev !== rest;) [prev, rest] = [rest, rest.replace(/⟦[^⟦⟧]*⟧/g, ' ')];
  for (const d of [...data].sort((a, b) => b.length - a.length)) rest = rest.split(d).join(' ');
  return /\p{L}{2,}/u.test(rest) ? rest.replace(/\s+/g, ' ').trim() : undefined;
}
