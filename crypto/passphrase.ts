/**
 * How hard a proposed passphrase is to guess, for the vault setup and
 * passphrase change screens: zxcvbn's estimate of the guesses an attacker
 * needs (@zxcvbn-ts/core with its common dictionaries: passwords, names,
 * English and other words, keyboard patterns, dates). The floor is 10^10
 * guesses: a stolen profile is attacked offline, where Argon2id at 64 MiB
 * costs the attacker a fraction of a second per guess per core, so 10^10
 * guesses is years of a large cluster's time.
 *
 * The dictionaries are large, so they load on their own
 * (loadPassphraseChecker) while the setup screen is shown; until they are
 * in, nothing passes the gate.
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export interface PassphraseStrength {
  readonly ok: boolean;
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly hint: string;
  /** The checker's dictionaries are still loading: not judged yet. */
  readonly pending?: true;
}

/** The fewest estimated guesses a vault passphrase may take. */
export const MIN_GUESSES = 1e10;

/** zxcvbn's feedback, in the plain words the panel uses. */
const PLAIN = {
  warnings: {
    straightRow: 'A row of keys next to each other is among the first things tried.',
    keyPattern: 'A short keyboard pattern is easy to guess.',
    simpleRepeat: 'Repeated characters like "aaa" are easy to guess.',
    extendedRepeat: 'Repeated groups like "abcabc" are easy to guess.',
    sequences: 'Sequences like "abc" or "6543" are easy to guess.',
    recentYears: 'Recent years are easy to guess.',
    dates: 'Dates are easy to guess.',
    topTen: 'This is one of the ten most used passwords.',
    topHundred: 'This is one of the hundred most used passwords.',
    common: 'This is a very common password.',
    similarToCommon: 'This is close to a very common password.',
    wordByItself: 'A single word is easy to guess.',
    namesByThemselves: 'Names on their own are easy to guess.',
    commonNames: 'Common names and surnames are easy to guess.',
    userInputs: 'It holds something about you or this place that is easy to guess.',
    pwned: 'This passphrase has appeared in a data breach.',
  },
  suggestions: {
    l33t: 'Swapping letters for look-alikes (like @ for a) does not help much.',
    reverseWords: 'Spelling a common word backwards does not help much.',
    allUppercase: 'Capitalise some letters, not all of them.',
    capitalization: 'Capitalise more than the first letter.',
    dates: 'Leave out dates and years that mean something to you.',
    recentYears: 'Leave out recent years.',
    associatedYears: 'Leave out years tied to you.',
    sequences: 'Leave out sequences like "abc" or "123".',
    repeated: 'Leave out repeated words and characters.',
    longerKeyboardPattern: 'Leave out keyboard patterns.',
    anotherWord: 'Add another word or two, words that do not usually go together.',
    useWords: 'Use several unrelated words.',
    noNeed: 'You can make a strong passphrase from words alone, without symbols or digits.',
    pwned: 'Choose one you have never used anywhere else.',
  },
  timeEstimation: {
    ltSecond: 'less than a second',
    second: '{base} second',
    seconds: '{base} seconds',
    minute: '{base} minute',
    minutes: '{base} minutes',
    hour: '{base} hour',
    hours: '{base} hours',
    day: '{base} day',
    days: '{base} days',
    month: '{base} month',
    months: '{base} months',
    year: '{base} year',
    years: '{base} years',
    centuries: 'centuries',
  },
};

/** Words anyone would try first against this vault, whatever the dictionaries say. */
const CONTEXT_WORDS = ['squircle', 'therapy', 'therapist', 'counselling', 'counseling', 'clinic', 'session', 'group'];

let checker: ZxcvbnFactory | undefined;
let loading: Promise<void> | undefined;

/** Loads the checker and its dictionaries once; later calls return the same promise. A failed load can be retried. */
export function loadPassphraseChecker(): Promise<void> {
  loading ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) => {
      checker = new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary },
        graphs: common.adjacencyGraphs,
        translations: PLAIN,
      });
    },
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

/**
 * Judges a proposed passphrase and says, in plain words, what would help
 * most. `ok` (at least `minLength` characters and MIN_GUESSES estimated
 * guesses) is the gate for creating or changing a vault passphrase. While
 * the checker loads, the answer is pending and not ok. Never throws; never
 * stores or sends the passphrase.
 */
export function passphraseStrength(p: string, minLength = 12): PassphraseStrength {
  const text = String(p ?? '').normalize('NFKC');
  const chars = Array.from(text);
  if (!checker) void loadPassphraseChecker().catch(() => undefined);
  if (chars.length === 0) return result(0, false, 'Choose a passphrase: a few unrelated words in a row work well.');
  if (!checker) return { ok: false, score: 0, hint: 'Checking how hard this passphrase is to guess…', pending: true };
  const r = checker.check(text, CONTEXT_WORDS);
  const score = r.score as PassphraseStrength['score'];
  const missing = minLength - chars.length;
  if (missing > 0) {
    const more = missing === 1 ? '1 more character' : `${missing} more characters`;
    return result(Math.min(score, 1), false, `A little longer, please: add ${more}. A few unrelated words work well.`);
  }
  if (r.guesses < MIN_GUESSES) {
    const why = r.feedback.warning ?? 'A computer trying common words, names and patterns would find this quickly.';
    const help = r.feedback.suggestions[0] ?? PLAIN.suggestions.anotherWord;
    return result(Math.min(score, 2), false, `${why} ${help}`);
  }
  if (score >= 4) return result(4, true, 'Strong. Keep it somewhere safe: it cannot be recovered if it is lost.');
  return result(3, true, 'Good. One more unrelated word would make it stronger still.');
}

function result(score: number, ok: boolean, hint: string): PassphraseStrength {
  return { ok, score: Math.max(0, Math.min(4, score)) as PassphraseStrength['score'], hint };
}
