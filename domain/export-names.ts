/**
 * A name for an exported file or a print title that names no one: the
 * session's date and a short random tag ("session-2026-03-14-k3f9q"). Such
 * names end up in the download history, recent-file lists and window
 * titles, none of which is encrypted.
 */
export function neutralName(startedAt: number, tag: string = randomTag()): string {
  return `session-${localDay(startedAt)}-${tag}`;
}

/** The day in the browser's time zone as YYYY-MM-DD: an evening session is named for its own day. */
function localDay(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** Five random characters from a-z and 0-9. */
export function randomTag(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => alphabet[b % alphabet.length]).join('');
}
