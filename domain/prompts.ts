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

export const THEME_LABELS: Record<PromptTheme, string> = {
  'here-and-now': 'Here and now',
  disclosure: 'Leader self-disclosure',
  repair: 'Owning a mistake, repairing',
  imagine: 'Imagining the circle',
  background: 'What is behind the screen',
  body: 'Body and presence',
  silence: 'Inviting a quiet member in',
  time: 'Time and ending',
  coleaders: 'Between co-leaders, aloud',
};

const p = (id: string, theme: PromptTheme, text: string): Prompt => ({ id, theme, text });

export const BUILT_IN_PROMPTS: readonly Prompt[] = [
  p('hn-1', 'here-and-now', 'What is happening between us right now, as we talk about this?'),
  p('hn-2', 'here-and-now', "{member}, I noticed something change in you just now. Would you say what's going on?"),
  p('hn-3', 'here-and-now', 'I notice the group went quiet after that. What do people make of the silence?'),
  p('ds-1', 'disclosure', 'I find myself moved by what you said, {member}.'),
  p(
    'ds-2',
    'disclosure',
    'I notice I feel a little distant from the group today, and I wonder if others feel that too.',
  ),
  p('rp-1', 'repair', '{member}, I think I missed what you were telling me a moment ago. Can we go back to it?'),
  p('rp-2', 'repair', 'I got that wrong, and I want to own it. How did it land for you?'),
  p(
    'im-1',
    'imagine',
    "Let's imagine for a moment that we sit in one circle. Who would you like to sit next to today?",
  ),
  p('im-2', 'imagine', 'If this screen were a room, where in it would you be right now?'),
  p('bg-1', 'background', '{member}, I can see something happening behind you. Is this still a private place for you?'),
  p('bg-2', 'background', "Someone's background just changed. Let's pause a second so everyone can settle."),
  p('bd-1', 'body', 'Take a moment to notice your body: your feet, your breathing, where you feel this.'),
  p('bd-2', 'body', '{member}, you moved closer to the screen just now. What drew you in?'),
  p('bd-3', 'body', 'Some of us moved away from the screen. What would it be like to come a little closer?'),
  p('si-1', 'silence', "{member}, we haven't heard from you for a while. Would you like to come in?"),
  p('si-2', 'silence', "There are voices we haven't heard yet today. Would anyone like to add something?"),
  p('tm-1', 'time', "I'm aware we're close to the end of our time. Shall we start to bring this together?"),
  p('tm-2', 'time', "We're a little past our time. Let's take a moment to close."),
  p('cl-1', 'coleaders', "I'm noticing something in {member}'s face. What are you seeing?"),
  p('cl-2', 'coleaders', "I'd like to come in here, if that's all right with you."),
  p('cl-3', 'coleaders', 'I wonder if we should slow down. What do you think?'),
  p('cl-4', 'coleaders', "I have a different sense of what's happening. Can I share it with you and the group?"),
];

/** Any of these phrases (regular expressions) as whole words, in any case. */
const words = (phrases: readonly string[]): RegExp => new RegExp(`\\b(${phrases.join('|')})\\b`, 'i');

/** Words in a typed thought that point to a theme. English for now; more languages are tables like this. */
const CUES: [PromptTheme, RegExp][] = [
  [
    'time',
    words([
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
    ]),
  ],
  [
    'silence',
    words([
      'silent',
      'silence',
      'quiet',
      "hasn'?t (said|spoken)",
      'has not (said|spoken)',
      'not (said|spoken)',
      'invite (him|her|them)',
      'bring (him|her|them) in',
    ]),
  ],
  ['background', /\b(background|behind|kid|child|dog|cat|partner|room|door|kitchen|car|walked in|someone else)\b/i],
  ['repair', /\b(sorry|mistake|missed|wrong|hurt|offended|misread|apolog)/i],
  ['body', /\b(body|breath|breathing|moved|closer|away from|fidget|restless|tense|posture)\b/i],
  ['coleaders', /\b(face|upset|crying|tears|angry|sad|shut down|withdrawn|looks|seems|frown|smil)/i],
  ['disclosure', /\b(i feel|i'm feeling|i am feeling|moved|touched|bored|tired)\b/i],
  ['imagine', /\b(circle|together|room|imagine)\b/i],
];

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
): Suggestion | null {
  const said = thought.trim();
  if (!said) return null;
  const memberName = memberNames.find((n) => n && new RegExp(`\\b${escape(firstName(n))}\\b`, 'i').test(said)) ?? null;
  const theme = CUES.find(([, re]) => re.test(said))?.[0];
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
  return sentenceCase(text.replace(/\{member\}/g, memberName ? firstName(memberName) : 'someone'));
}

/** The first word of a stored name: "Devon L." and "Devon Lake" are both "Devon". */
export const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? name;

const sentenceCase = (s: string): string => s.charAt(0).toLocaleUpperCase() + s.slice(1);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
