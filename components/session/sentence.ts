/**
 * Ends a sentence with one full stop: a sentence that already ends in one (after an initial such as
 * "Casey R.") or in ? or ! gets none more.
 */
export function sentenceEnd(text: string): string {
  const t = text.trimEnd();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}
