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

/**
 * An error for the person at the screen, with its message in every language (`english` must be en.yml's, its
 * placeholders filled); `detail` is added as it is (a browser's own words), for support.
 */
export class UserError extends Error implements ShownError {
  override readonly name: string = 'UserError';
  readonly messageDetail?: string;
  constructor(
    readonly messageKey: MessageKey,
    english: string,
    readonly messageNamed: Readonly<Record<string, string | number>> = {},
    detail?: string,
  ) {
    super(detail ? `${english} (${detail})` : english);
    if (detail) this.messageDetail = detail;
  }
}

/** A check's refusal (a key, its English, what fills it) as an error to show. */
export const refusal = (r: {
  reason: string;
  key: MessageKey;
  named?: Readonly<Record<string, string | number>>;
}): UserError => new UserError(r.key, r.reason, r.named);

/** The words of an error of any kind, as they are: the detail support needs. */
export const errorDetail = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const isShown = (e: unknown): e is Error & ShownError =>
  e instanceof Error && typeof (e as Partial<ShownError>).messageKey === 'string';

/**
 * What a page shows for an error: its message in the user's language where it names one; for an error nobody
 * worded for the screen (a bug, a browser's refusal), a general sentence in the user's language with the error's
 * own words for support.
 */
export function shownError(e: unknown): string {
  if (!isShown(e)) return translateWith('errorText.unexpected', { detail: errorDetail(e) });
  const text = translateWith(e.messageKey, e.messageNamed ?? {});
  return e.messageDetail ? `${text} (${e.messageDetail})` : text;
}
