/**
 * Errors a person reads. A service throws them in English (their `message`, for logs and for code that
 * matches it); each names the message in locales/ that says the same, so the page shows it in the user's
 * language. Errors of other kinds show their own message.
 */
import { translateWith, type MessageKey } from './i18n';

/** What an error carries to be shown translated: its message's key, what fills its placeholders, a detail. */
export interface ShownError {
  readonly messageKey: MessageKey;
  readonly messageNamed?: Readonly<Record<string, string | number>>;
  /** Added in brackets as it is (a file's name, a browser's own words): not translated. */
  readonly messageDetail?: string;
}

/** An error for the person at the screen, with its message in every language (`english` must be en.yml's). */
export class UserError extends Error implements ShownError {
  override readonly name = 'UserError';
  constructor(
    readonly messageKey: MessageKey,
    english: string,
    readonly messageNamed: Readonly<Record<string, string | number>> = {},
  ) {
    super(english);
  }
}

const isShown = (e: unknown): e is Error & ShownError =>
  e instanceof Error && typeof (e as Partial<ShownError>).messageKey === 'string';

/** What a page shows for an error: its message in the user's language where it names one, else its own. */
export function shownError(e: unknown): string {
  if (!isShown(e)) return e instanceof Error ? e.message : String(e);
  const text = translateWith(e.messageKey, e.messageNamed ?? {});
  return e.messageDetail ? `${text} (${e.messageDetail})` : text;
}
