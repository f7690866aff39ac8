/**
 * A calm, local estimate of passphrase strength for the vault setup screen.
 * No dictionary download: the vault is offline-first, and a tiny list of the
 * most used passwords catches the choices attackers try first.
 */

export interface PassphraseStrength {
  readonly ok: boolean;
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly hint: string;
}

const COMMON = new Set([
  'password',
  'passw0rd',
  'p@ssw0rd',
  'password1',
  'qwerty',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'azerty',
  'qwertz',
  'qazwsx',
  'zaq12wsx',
  '1q2w3e4r',
  '1qaz2wsx',
  'letmein',
  'iloveyou',
  'welcome',
  'admin',
  'administrator',
  'login',
  'monkey',
  'dragon',
  'master',
  'shadow',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'superman',
  'batman',
  'trustno1',
  'whatever',
  'starwars',
  'michael',
  'secret',
  'changeme',
  'default',
  'abc123',
  'test',
  'hello',
  'freedom',
  'computer',
  'internet',
  'squircle',
  'therapy',
  'therapist',
  'counselling',
  'counseling',
  'session',
  'group',
  'clinic',
]);

// Rows a finger slides along; runs from these read as one "word" to an attacker.
const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/**
 * Scores a proposed passphrase 0..4 and says, in one sentence, what would
 * help most. `ok` is the gate for creating or changing a vault passphrase.
 * Never throws; never stores or sends the passphrase.
 */
export function passphraseStrength(p: string, minLength = 12): PassphraseStrength {
  const text = String(p ?? '').normalize('NFKC');
  const chars = Array.from(text);
  const missing = minLength - chars.length;
  if (chars.length === 0) return result(0, 'Choose a passphrase: a few unrelated words in a row work well.');
  if (isCommon(text)) {
    return result(0, 'This is one of the first guesses anyone tries. Choose words that only you would put together.');
  }
  if (missing > 0) {
    const more = missing === 1 ? '1 more character' : `${missing} more characters`;
    const lead = missing <= 3 ? 'Almost there' : 'A little longer, please';
    return result(
      chars.length >= minLength / 2 ? 1 : 0,
      `${lead}: add ${more}. A few unrelated words in a row work well.`,
    );
  }
  const effective = effectiveLength(text.toLowerCase());
  const repetitive = effective < chars.length * 0.75;
  const classes = characterClasses(text);
  const words = text.split(/[\s\-_.,;:/]+/).filter((w) => Array.from(w).length >= 2).length;
  let score = effective >= 20 ? 4 : effective >= 16 ? 3 : effective >= minLength ? 2 : 1;
  if (effective < minLength / 2) score = 0;
  if (words >= 4 && effective >= minLength + 4) score = 4;
  if (classes >= 3 && effective >= minLength + 2) score += 1;
  if (classes === 1 && words < 3) score -= 1;
  const s = Math.max(0, Math.min(4, score)) as PassphraseStrength['score'];
  if (s >= 4) return result(4, 'Strong. Keep it somewhere safe: it cannot be recovered if it is lost.');
  if (s === 3) return result(3, 'Good. One more unrelated word would make it stronger still.');
  if (s === 2) return result(2, 'Acceptable. Adding another word or two would make it much stronger.');
  if (repetitive) {
    return result(s, 'Repeated parts and keyboard runs are easy to guess. Try a few unrelated words instead.');
  }
  if (classes === 1) {
    return result(s, 'Only one kind of character so far: add more words, or mix in capitals, digits or symbols.');
  }
  return result(s, 'Easy to guess as it is: a few more unrelated words would help most.');
}

function result(score: PassphraseStrength['score'], hint: string): PassphraseStrength {
  return { ok: score >= 2, score, hint };
}

/** "Password123!" and "dragondragon" are as weak as the word inside them. */
function isCommon(text: string): boolean {
  const lower = text.toLowerCase();
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (COMMON.has(lower) || COMMON.has(core)) return true;
  if (/^[^a-z]*$/.test(lower) && effectiveLength(lower) <= 3) return true;
  for (let n = 1; n <= core.length / 2; n++) {
    if (core.length % n === 0 && core === core.slice(0, n).repeat(core.length / n) && COMMON.has(core.slice(0, n))) {
      return true;
    }
  }
  return false;
}

/**
 * Length with the guessable parts discounted: a repeated unit counts once,
 * runs of one character and stretches of a keyboard or alphabet sequence
 * count as a single character each.
 */
function effectiveLength(lower: string): number {
  const chars = Array.from(lower);
  for (let n = 1; n <= chars.length / 2; n++) {
    if (
      chars.length % n === 0 &&
      chars.join('') ===
        chars
          .slice(0, n)
          .join('')
          .repeat(chars.length / n)
    ) {
      return effectiveLength(chars.slice(0, n).join('')) + 1;
    }
  }
  let count = 0;
  for (let i = 0; i < chars.length;) {
    let j = i + 1;
    while (j < chars.length && chars[j] === chars[i]) j++;
    if (j - i < 3) j = i + 1 + sequenceRun(chars, i);
    count += 1;
    i = j;
  }
  return count;
}

/** How many characters after chars[i] continue a known sequence (3+ in total counts). */
function sequenceRun(chars: string[], i: number): number {
  let best = 0;
  for (const seq of SEQUENCES) {
    for (const s of [seq, [...seq].reverse().join('')]) {
      let k = 0;
      while (i + k + 1 < chars.length && s.includes(chars[i + k]! + chars[i + k + 1]!)) k++;
      if (k >= 2) best = Math.max(best, k);
    }
  }
  return best;
}

function characterClasses(text: string): number {
  return [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((re) => re.test(text)).length;
}
