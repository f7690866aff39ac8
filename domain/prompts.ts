import { currentLanguage, labelsOf, t, translateWith, type Language, type MessageKey } from '../util/i18n';

/**
 * Things a leader can say aloud, in our own words: to the group, or to the
 * co-leader in front of the group. `{member}` stands for a member's name.
 * Keyed by theme so the composer can offer the one that fits a thought.
 */
export interface Prompt {
  id: string;
  theme: PromptTheme;
  text: string;
}

export type PromptTheme =
  'here-and-now' | 'disclosure' | 'repair' | 'imagine' | 'background' | 'body' | 'silence' | 'time' | 'coleaders';

/** Each theme's name, read in the current language when it is shown. */
export const THEME_LABELS: Readonly<Record<PromptTheme, string>> = labelsOf({
  'here-and-now': 'promptText.themeHereAndNow',
  disclosure: 'promptText.themeDisclosure',
  repair: 'promptText.themeRepair',
  imagine: 'promptText.themeImagine',
  background: 'promptText.themeBackground',
  body: 'promptText.themeBody',
  silence: 'promptText.themeSilence',
  time: 'promptText.themeTime',
  coleaders: 'promptText.themeColeaders',
});

/**
 * A built-in prompt: its text is its message (`promptText.<key>`) in the current language, read when it is read,
 * with `{member}` kept for fill().
 */
const p = (id: string, theme: PromptTheme, key: MessageKey): Prompt => ({
  id,
  theme,
  get text() {
    return translateWith(key, { member: '{member}' });
  },
});

export const BUILT_IN_PROMPTS: readonly Prompt[] = [
  p('hn-1', 'here-and-now', 'promptText.hn1'),
  p('hn-2', 'here-and-now', 'promptText.hn2'),
  p('hn-3', 'here-and-now', 'promptText.hn3'),
  p('ds-1', 'disclosure', 'promptText.ds1'),
  p('ds-2', 'disclosure', 'promptText.ds2'),
  p('rp-1', 'repair', 'promptText.rp1'),
  p('rp-2', 'repair', 'promptText.rp2'),
  p('im-1', 'imagine', 'promptText.im1'),
  p('im-2', 'imagine', 'promptText.im2'),
  p('bg-1', 'background', 'promptText.bg1'),
  p('bg-2', 'background', 'promptText.bg2'),
  p('bd-1', 'body', 'promptText.bd1'),
  p('bd-2', 'body', 'promptText.bd2'),
  p('bd-3', 'body', 'promptText.bd3'),
  p('si-1', 'silence', 'promptText.si1'),
  p('si-2', 'silence', 'promptText.si2'),
  p('tm-1', 'time', 'promptText.tm1'),
  p('tm-2', 'time', 'promptText.tm2'),
  p('cl-1', 'coleaders', 'promptText.cl1'),
  p('cl-2', 'coleaders', 'promptText.cl2'),
  p('cl-3', 'coleaders', 'promptText.cl3'),
  p('cl-4', 'coleaders', 'promptText.cl4'),
];

/**
 * The words of a thought that point to a theme, per language: the themes in the order they are tried (the first
 * whose words occur wins), each with alternatives written as regular expressions (Unicode, any case).
 * Word edges are lookarounds on Unicode letters, marks and digits, since JavaScript's \b knows only ASCII letters
 * ("müde", "אני", "sesión" would not be words to it). An alternative carries its own inflections: `\p{L}*` where a
 * stem takes any ending (German compounds also take a start, as in "Bildhintergrund").
 */
type CueTable = readonly (readonly [PromptTheme, readonly string[]])[];

const LETTER = String.raw`[\p{L}\p{M}\p{N}]`;

/** Any of the alternatives as a whole word; an apostrophe matches the typographic one too. */
const wholeWords = (alternatives: readonly string[], before = ''): RegExp =>
  new RegExp(`(?<!${LETTER})${before}(?:${alternatives.join('|').replaceAll("'", "['’]")})(?!${LETTER})`, 'iu');

/**
 * Hebrew writes the conjunction and prepositions as letters joined to the next word (ו "and", ש "that",
 * ה "the", ב "in", ל "to", מ "from", כ "as"), up to three of them ("וכשהוא"): a cue may follow them.
 */
const HEBREW_PREFIXES = '[ושהבלמכ]{0,3}';

const EN: CueTable = [
  [
    'time',
    [
      'running over',
      'run over',
      'overtime',
      'over time',
      'out of time',
      "time'?s up",
      'time is up',
      'wrap(ping)? (it )?up',
      'minutes left',
      'end soon',
      'close soon',
      'end of (the |our )?(time|session)',
    ],
  ],
  [
    'silence',
    [
      'silent',
      'silence',
      'quiet',
      "hasn'?t (said|spoken)",
      'has not (said|spoken)',
      'not (said|spoken)',
      'invite (him|her|them)',
      'bring (him|her|them) in',
    ],
  ],
  [
    'background',
    [
      'background',
      'behind',
      'kid',
      'child',
      'dog',
      'cat',
      'partner',
      'room',
      'door',
      'kitchen',
      'car',
      'walked in',
      'someone else',
    ],
  ],
  [
    'repair',
    ['sorry', 'mistake', 'missed', 'wrong', 'hurt', 'offended', 'misread', 'apolog'].map((w) => `${w}\\p{L}*`),
  ],
  ['body', ['body', 'breath', 'breathing', 'moved', 'closer', 'away from', 'fidget', 'restless', 'tense', 'posture']],
  [
    'coleaders',
    [
      'face',
      'upset',
      'crying',
      'tears',
      'angry',
      'sad',
      'shut down',
      'withdrawn',
      'looks',
      'seems',
      'frown',
      'smil',
    ].map((w) => `${w}\\p{L}*`),
  ],
  ['disclosure', ['i feel', "i'm feeling", 'i am feeling', 'moved', 'touched', 'bored', 'tired']],
  ['imagine', ['circle', 'together', 'room', 'imagine']],
];

/** German: formal and informal address, inflected stems, compounds (…hintergrund, …atem). */
const DE: CueTable = [
  [
    'time',
    [
      'überz(o|ie)gen\\p{L}*',
      'überzieh\\p{L}*',
      'zeitüberschreitung',
      'zeit (ist )?(gleich |bald |schon )?(um|vorbei|abgelaufen|knapp)',
      'keine zeit mehr',
      '(noch )?\\p{N}+ minuten( übrig| noch)?',
      'minuten übrig',
      'ende der (sitzung|stunde|zeit|gruppe)',
      '(zum|ans) ende kommen',
      'zum (schluss|abschluss)',
      'abschließen',
      'abschluss',
      'schluss machen',
      'abrunden',
      'gleich vorbei',
      'wir sind drüber',
    ],
  ],
  [
    'silence',
    [
      'still\\p{L}*',
      'schweig\\p{L}*',
      'geschwiegen',
      'ruhig\\p{L}*',
      'zurückhaltend\\p{L}*',
      '(noch )?nichts (gesagt|erzählt)',
      'nicht (gesagt|gesprochen)',
      'sagt (noch )?nichts',
      'spricht (noch )?nicht',
      'einlad\\p{L}*',
      'einbeziehen',
      'einbezogen',
      '(ihn|sie) (rein|herein|dazu)holen',
      'hol(e|en|t)? (ihn|sie) (rein|herein|dazu)',
    ],
  ],
  [
    'background',
    [
      '\\p{L}*hintergrund\\p{L}*',
      'hinter (ihm|ihr|ihnen|sich)',
      'dahinter',
      'kind(er|es|ern)?',
      'sohn',
      'tochter',
      'baby',
      'hund(e|es)?',
      'katze(n)?',
      '\\p{L}*partner(in)?',
      'mitbewohner\\p{L}*',
      'zimmer',
      'tür(e|en)?',
      'küche',
      'auto',
      '(rein|herein)gekommen',
      '(rein|herein)kommt',
      'jemand (anderes|anders|anderer)',
    ],
  ],
  [
    'repair',
    [
      'entschuldig\\p{L}*',
      'sorry',
      'tut mir leid',
      '\\p{L}*fehler\\p{L}*',
      'verpasst',
      'überhört',
      'übersehen',
      'falsch\\p{L}*',
      'verletz\\p{L}*',
      'gekränkt\\p{L}*',
      'beleidigt\\p{L}*',
      'missverst\\p{L}*',
    ],
  ],
  [
    'body',
    [
      'körper\\p{L}*',
      '\\p{L}*atem\\p{L}*',
      'atm(e|en|et|ung)',
      'bewegt',
      'näher',
      '(ab|weg|heran|nach vorn)?gerückt',
      'rückt\\p{L}*',
      'zappel\\p{L}*',
      'unruhig\\p{L}*',
      '(an|ver)gespannt\\p{L}*',
      'verspannt\\p{L}*',
      '\\p{L}*haltung',
    ],
  ],
  [
    'coleaders',
    [
      '\\p{L}*gesicht\\p{L}*',
      'aufgewühlt\\p{L}*',
      'aufgebracht\\p{L}*',
      'weint',
      'weinen',
      '\\p{L}*tränen',
      'wütend\\p{L}*',
      'ärgerlich\\p{L}*',
      'traurig\\p{L}*',
      'verschlossen\\p{L}*',
      'zieht sich zurück',
      'zurückgezogen',
      'sieht \\p{L}+ aus',
      'wirkt',
      'scheint',
      'stirnrunzel\\p{L}*',
      'lächel\\p{L}*',
    ],
  ],
  [
    'disclosure',
    [
      'ich fühle',
      'ich spüre',
      'ich bin (so |ganz |sehr )?(berührt|gerührt|müde|gelangweilt)',
      'berührt',
      'gerührt',
      'gelangweilt',
      'langweil\\p{L}*',
      'müde',
    ],
  ],
  [
    'imagine',
    [
      '(sitz|stuhl)?kreis\\p{L}*',
      'zusammen',
      'gemeinsam',
      'vorstell\\p{L}*',
      'stell(t|en)? (dir|euch|sich) vor',
      'raum',
    ],
  ],
];

/**
 * Spanish, written without accents: a thought is matched with its accents taken off (see `fold`), as people
 * often type "sesion" and "detras" in a hurry. Gender and number endings as `[oa]s?`.
 */
const ES: CueTable = [
  [
    'time',
    [
      'nos (estamos )?pasa(mos|ndo)( de (la hora|tiempo))?',
      'pasad[oa]s? de (la hora|tiempo)',
      'se (nos )?(acaba|acabo|termina|termino|va) el tiempo',
      'sin tiempo',
      'queda(n)? (poco|\\p{N}+ minutos?)',
      'minutos? (que quedan|restantes)',
      'terminar pronto',
      'ir cerrando',
      'cerrar',
      'cierre',
      '(final|fin) de la (sesion|hora)',
      'hora de (terminar|cerrar)',
    ],
  ],
  [
    'silence',
    [
      'callad[oa]s?',
      'calla(do|da)?',
      'silencio\\p{L}*',
      'no (ha )?(dicho|hablado) nada',
      'no ha (dicho|hablado|participado)',
      'no habla',
      'invitar\\p{L}*',
      'incluir\\p{L}*',
      'hacer(le|la)? participar',
    ],
  ],
  [
    'background',
    [
      'fondo',
      'detras',
      'nin[oa]s?',
      'hij[oa]s?',
      'bebe',
      'perr[oa]s?',
      'gat[oa]s?',
      'pareja',
      'cuarto',
      'habitacion',
      'puerta',
      'cocina',
      'coche',
      'carro',
      'entro alguien',
      'alguien (mas|entro)',
      'otra persona',
    ],
  ],
  [
    'repair',
    [
      'perdon\\p{L}*',
      'disculp\\p{L}*',
      'lo siento',
      'error\\p{L}*',
      'equivo(c|qu)\\p{L}*',
      'me perdi',
      'no (lo )?capte',
      'se me paso',
      'herid[oa]s?',
      'lastim\\p{L}*',
      'ofendid[oa]s?',
      'malinterpret\\p{L}*',
      'dolid[oa]s?',
    ],
  ],
  [
    'body',
    [
      'cuerpo',
      'respira\\p{L}*',
      'se (movio|mueve|acerco|acerca|alejo|aleja)',
      'mas cerca',
      'inquiet[oa]s?',
      'nervios[oa]s?',
      'tens[oa]s?',
      'postura',
    ],
  ],
  [
    'coleaders',
    [
      'cara',
      'rostro',
      'molest[oa]s?',
      'alterad[oa]s?',
      'llora\\p{L}*',
      'lagrimas',
      'enojad[oa]s?',
      'enfadad[oa]s?',
      'triste(s|za)?',
      'cerrad[oa]s?',
      'retraid[oa]s?',
      'parece',
      'se ve',
      'frunc\\p{L}*',
      'sonri\\p{L}*',
    ],
  ],
  [
    'disclosure',
    ['me siento', 'siento que', 'conmovid[oa]s?', 'emocionad[oa]s?', 'tocad[oa]s?', 'aburrid[oa]s?', 'cansad[oa]s?'],
  ],
  ['imagine', ['circulo', 'junt[oa]s', 'imagin\\p{L}*', 'sala']],
];

/**
 * Hebrew: matched after the joined prefixes (HEBREW_PREFIXES), so "בחדר" (in the room) and "והשקט" (and the
 * silence) find "חדר" and "שקט"; feminine and plural endings as alternatives.
 */
const HE: CueTable = [
  [
    'time',
    [
      'חורג(?:ת|ים|ות)?',
      'חרגנו',
      'חריגה',
      'נגמר הזמן',
      'הזמן נגמר',
      'אין (?:לנו )?זמן',
      'נשאר(?:ו|ה)? \\p{N}+ דקות',
      'דקות אחרונות',
      'סיים',
      'סיום',
      'סכם',
      'סוף (?:המפגש|הזמן|הפגישה)',
      'לקראת הסוף',
    ],
  ],
  [
    'silence',
    [
      'שקט(?:ה|ים|ות)?',
      'שתק(?:ה|ו)?',
      'שותק(?:ת|ים|ות)?',
      'שתיקה',
      '(?:עוד )?לא (?:אמר|אמרה|דיבר|דיברה|השתתף|השתתפה|שמענו)',
      'להזמין',
      'הזמנה',
      'להכניס (?:אותו|אותה)',
      'לשתף (?:אותו|אותה)',
    ],
  ],
  [
    'background',
    [
      'רקע',
      'מאחור\\p{L}*',
      'ילד(?:ה|ים|ות)?',
      'תינוק(?:ת)?',
      'כלב(?:ה)?',
      'חתול(?:ה)?',
      '(?:בן|בת) (?:ה)?זוג',
      'חדר',
      'דלת',
      'מטבח',
      'רכב',
      'אוטו',
      'נכנס(?:ה)? (?:מישהו|מישהי)',
      'מישהו (?:נכנס|אחר)',
      'מישהי (?:נכנסה|אחרת)',
    ],
  ],
  [
    'repair',
    [
      'סליחה',
      'טעות',
      'טעיתי',
      'פספס\\p{L}*',
      'לא הבנתי',
      'פגע\\p{L}*',
      'נפגע\\p{L}*',
      'נעלב\\p{L}*',
      'התנצל\\p{L}*',
      'מצטער(?:ת)?',
    ],
  ],
  [
    'body',
    [
      'גוף',
      'נשימ(?:ה|ות)',
      'נושמ(?:ת|ים)?',
      'נושם',
      'זז(?:ה|ו)?',
      'התקרב\\p{L}*',
      'התרחק\\p{L}*',
      'קרוב יותר',
      'חסר(?:ת)? מנוחה',
      'לחוצ(?:ה|ים)',
      'לחוץ',
      'מתוח(?:ה|ים)?',
      'תנוחה',
      'יציבה',
    ],
  ],
  [
    'coleaders',
    [
      'פנים',
      'פרצוף',
      'נסער(?:ת|ים)?',
      'בוכ(?:ה|ים)',
      'דמעות',
      'כועס(?:ת|ים)?',
      'עצוב(?:ה|ים)?',
      'סגור(?:ה|ים)?',
      'מסוגר(?:ת|ים)?',
      'מכונס(?:ת|ים)?',
      'נרא(?:ה|ית|ים)',
      'מחייכ\\p{L}*',
      'מחייך',
      'חיוך',
      'מזעיפ\\p{L}*',
    ],
  ],
  [
    'disclosure',
    [
      'אני מרגיש(?:ה)?',
      'נוגע(?:ת)? בי',
      'נגע(?:ה)? בי',
      'מתרגש(?:ת)?',
      'התרגשתי',
      'משועמם(?:ת)?',
      'שעמום',
      'עייפ(?:ה|ים)',
      'עייף',
      'עייפות',
    ],
  ],
  ['imagine', ['מעגל', 'ביחד', 'יחד', 'דמיין\\p{L}*', 'נדמיין', 'תדמיינו']],
];

/** Text without accents or other marks: "sesión" reads as "sesion". */
const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');

interface Cues {
  table: readonly (readonly [PromptTheme, RegExp])[];
  /** What the thought is matched as. */
  read: (thought: string) => string;
}

const compile = (table: CueTable, before = ''): Cues['table'] =>
  table.map(([theme, alternatives]) => [theme, wholeWords(alternatives, before)] as const);

const CUES: Readonly<Record<Language, Cues>> = {
  en: { table: compile(EN), read: (s) => s },
  de: { table: compile(DE), read: (s) => s },
  es: { table: compile(ES), read: fold },
  he: { table: compile(HE, HEBREW_PREFIXES), read: (s) => s },
};

/**
 * The theme a thought's words point to: the panel language's words first, then English ones, since a leader may
 * type English whatever language the panel shows (or a call's vocabulary, like "background", in English).
 */
export function themeOf(thought: string, language: Language = currentLanguage()): PromptTheme | undefined {
  for (const lang of language === 'en' ? (['en'] as const) : [language, 'en' as const]) {
    const { table, read } = CUES[lang];
    const said = read(thought);
    const found = table.find(([, re]) => re.test(said));
    if (found) return found[0];
  }
  return undefined;
}

export interface Suggestion {
  /** The library's prompt it came from; null when it is the thought's own words. */
  prompt: Prompt | null;
  /** The prompt with the member's name filled in. */
  spoken: string;
  memberName: string | null;
}

/**
 * A spoken form for a thought typed to the co-leader. When its words point
 * to a theme (a quiet member, the time, something behind a screen...), a
 * prompt of that theme, with the member's first name where it names one.
 * When they point nowhere, the thought's own words, for the leader to say
 * aloud as they are: a stock phrase about something else would not be what
 * they meant. Pure and local: no text leaves the device.
 */
export function suggestSpoken(
  thought: string,
  memberNames: readonly string[],
  prompts: readonly Prompt[] = BUILT_IN_PROMPTS,
  language: Language = currentLanguage(),
): Suggestion | null {
  const said = thought.trim();
  if (!said) return null;
  const memberName = memberNames.find((n) => n && namedIn(said, firstName(n), language)) ?? null;
  const theme = themeOf(said, language);
  const pool = theme ? prompts.filter((x) => x.theme === theme) : [];
  // A prompt that names a member only when the thought names one: never "someone, I noticed...".
  const prompt =
    pool.find((x) => x.text.includes('{member}') === !!memberName) ?? pool.find((x) => !x.text.includes('{member}'));
  if (prompt) return { prompt, spoken: fill(prompt.text, memberName), memberName };
  const own = memberNames.reduce((t, n) => (n ? t.split(n).join(firstName(n)) : t), said);
  return { prompt: null, spoken: sentenceCase(own), memberName };
}

/** Built-in, the clinic's, then the leader's own; unknown themes fall back to the co-leader exchange. */
export function libraryOf(
  clinic: readonly { theme: string; text: string }[],
  own: readonly { id: string; theme: string; text: string }[],
): Prompt[] {
  const theme = (t: string): PromptTheme => (t in THEME_LABELS ? (t as PromptTheme) : 'coleaders');
  return [
    ...BUILT_IN_PROMPTS,
    ...clinic.map((p, i) => ({ id: `clinic-${i}`, theme: theme(p.theme), text: p.text })),
    ...own.map((p) => ({ id: p.id, theme: theme(p.theme), text: p.text })),
  ];
}

export function promptsFor(theme: PromptTheme, prompts: readonly Prompt[] = BUILT_IN_PROMPTS): Prompt[] {
  return prompts.filter((x) => x.theme === theme);
}

/**
 * A prompt with the member's first name in place of `{member}` (spoken to a
 * group, people go by first names, never initials), in sentence case.
 */
export function fill(text: string, memberName: string | null): string {
  return sentenceCase(text.replace(/\{member\}/g, memberName ? firstName(memberName) : t('promptText.someone')));
}

/** The first word of a stored name: "Devon L." and "Devon Lake" are both "Devon". */
export const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? name;

const sentenceCase = (s: string): string => s.charAt(0).toLocaleUpperCase() + s.slice(1);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a thought names someone by this first name, as a whole word: in Hebrew after any joined prefixes,
 * with or without a hyphen ("לדנה", to Dana; "ש-Devon", that Devon); in German also with the genitive s
 * ("Devons Gesicht").
 */
function namedIn(thought: string, first: string, language: Language): boolean {
  const before = language === 'he' || /\p{Script=Hebrew}/u.test(first) ? `${HEBREW_PREFIXES}-?` : '';
  const after = language === 'de' ? "(?:s|'s)?" : '';
  return new RegExp(`(?<!${LETTER})${before}${escape(first)}${after}(?!${LETTER})`, 'iu').test(thought);
}
