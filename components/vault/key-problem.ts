import { t } from '../../util/i18n';
import type { KeyProblem } from './types';
import { shownError } from '../../util/user-error';

/** The problem a security-key error carries (SecurityKeyError in ext/panel), or undefined for any other error. */
export function keyProblemOf(e: unknown): KeyProblem | undefined {
  if (!(e instanceof Error) || e.name !== 'SecurityKeyError') return undefined;
  const p = (e as Error & { problem?: unknown }).problem;
  return p === 'not-touched' || p === 'wrong-key' || p === 'no-prf' || p === 'unavailable' ? p : undefined;
}

/** The message for a failed security-key step, in the user's language. */
export function keyProblemText(p: KeyProblem): string {
  if (p === 'not-touched') return t('securityKey.notTouched');
  if (p === 'wrong-key') return t('securityKey.wrongKey');
  if (p === 'no-prf') return t('securityKey.noPrf');
  return t('securityKey.unavailable');
}

/** What to show for an error, in the user's language: a security-key problem, else what the error names. */
export function errorText(e: unknown): string {
  const problem = keyProblemOf(e);
  return problem ? keyProblemText(problem) : shownError(e);
}
