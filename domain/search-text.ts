/**
 * Text folding for search: case, accents and a few letters that Unicode does
 * not decompose ("ø", "ß", "ł") compare alike, so "Zoë" is found by "zoe".
 * Pure; used to pre-fold an index once and to fold each query.
 */

const EXTRA: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ı: 'i',
};
const EXTRA_RE = /[ßẞøØłŁđĐæÆœŒı]/g;
const MARKS = /\p{M}+/gu;

/** Lower case, accents removed, compatibility forms unified. Never throws. */
export function foldForSearch(text: string): string {
  const lower = text
    .replace(EXTRA_RE, (c) => EXTRA[c] ?? c)
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase();
  // Word-final sigma depends on context; one form keeps folding the same char by char.
  return lower.replace(/ς/g, 'σ');
}

/** The folded words of a query, without duplicates; [] for a blank query. */
export function queryWords(query: string): string[] {
  return [
    ...new Set(
      foldForSearch(query)
        .split(/\s+/)
        .filter((w) => w !== ''),
    ),
  ];
}

/** Folds `text` code point by code point, remembering where each folded char came from. */
function foldWithMap(text: string): { folded: string; from: number[] } {
  let folded = '';
  const from: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = foldForSearch(ch);
    folded += f;
    for (let k = 0; k < f.length; k++) from.push(i);
    i += ch.length;
  }
  from.push(text.length);
  return { folded, from };
}

/**
 * ASCII text folds by lower-casing alone, one char to one char, so
 * positions stay as they are and one native pass is enough. Anything else
 * is folded char by char to keep the map exact.
 */
function foldFast(text: string): { folded: string; at: (i: number) => number } | undefined {
  if (!/^[\x20-\x7e\t\n\r]*$/.test(text)) return undefined;
  return { folded: text.toLowerCase(), at: (i) => i };
}

function mapped(text: string): { folded: string; at: (i: number) => number } {
  const { folded, from } = foldWithMap(text);
  return { folded, at: (i) => from[i] ?? text.length };
}

export interface Snippet {
  text: string;
  /** Where the first matched word is inside `text`, for highlighting; null when it matched elsewhere. */
  match: [number, number] | null;
}

/**
 * A short excerpt of `text` around the first of `words` that occurs in it
 * (words already folded), with ellipses where it was cut. Never throws.
 */
export function snippetAround(text: string, words: string[], radius = 60): Snippet {
  const { folded, at: origin } = foldFast(text) ?? mapped(text);
  let hit = -1;
  let hitLen = 0;
  for (const w of words) {
    const at = folded.indexOf(w);
    if (at >= 0 && (hit < 0 || at < hit)) [hit, hitLen] = [at, w.length];
  }
  if (hit < 0) return cut(text, 0, Math.min(text.length, radius * 2), null);
  const start = origin(hit);
  const end = origin(hit + hitLen);
  return cut(text, Math.max(0, start - radius), Math.min(text.length, end + radius), [start, end]);
}

function cut(text: string, from: number, to: number, match: [number, number] | null): Snippet {
  // Move the edges to whitespace so no word is cut in half.
  if (from > 0) {
    const sp = text.indexOf(' ', from);
    if (sp >= 0 && (!match || sp < match[0])) from = sp + 1;
  }
  if (to < text.length) {
    const sp = text.lastIndexOf(' ', to);
    if (sp > (match ? match[1] : from)) to = sp;
  }
  const head = from > 0 ? '…' : '';
  const tail = to < text.length ? '…' : '';
  const shift = head.length - from;
  return {
    text: `${head}${text.slice(from, to)}${tail}`,
    match: match ? [match[0] + shift, match[1] + shift] : null,
  };
}
