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

export type PromptTheme = 'here-and-now' | 'disclosure' | 'repair' | 'imagine' | 'background' | 'body' | 'coleaders';

export const THEME_LABELS: Record<PromptTheme, string> = {
  'here-and-now': 'Here and now',
  disclosure: 'Leader self-disclosure',
  repair: 'Owning a mistake, repairing',
  imagine: 'Imagining the circle',
  background: 'What is behind the screen',
  body: 'Body and presence',
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
  p('cl-1', 'coleaders', "I'm noticing something in {member}'s face. What are you seeing?"),
  p('cl-2', 'coleaders', "I'd like to come in here, if that's all right with you."),
  p('cl-3', 'coleaders', 'I wonder if we should slow down. What do you think?'),
  p('cl-4', 'coleaders', "I have a different sense of what's happening. Can I share it with you and the group?"),
];

/** Words in a typed thought that point to a theme. English for now; more languages are tables like this. */
const CUES: [PromptTheme, RegExp][] = [
  ['background', /\b(background|behind|kid|child|dog|cat|partner|room|door|kitchen|car|walked in|someone else)\b/i],
  ['repair', /\b(sorry|mistake|missed|wrong|hurt|offended|misread|apolog)/i],
  ['body', /\b(body|breath|breathing|moved|closer|away from|fidget|restless|tense|posture)\b/i],
  ['coleaders', /\b(face|upset|crying|tears|angry|sad|shut down|withdrawn|looks|seems|frown|smil)/i],
  ['disclosure', /\b(i feel|i'm feeling|i am feeling|moved|touched|bored|tired)\b/i],
  ['imagine', /\b(circle|together|room|imagine)\b/i],
];

export interface Suggestion {
  prompt: Prompt;
  /** The prompt with the member's name filled in. */
  spoken: string;
  memberName: string | null;
}

/**
 * A spoken form for a thought typed to the co-leader: the theme its words
 * point to (the co-leader exchange by default), the member it names, and a
 * prompt for that theme that fits. Pure and local: no text leaves the device.
 */
export function suggestSpoken(
  thought: string,
  memberNames: readonly string[],
  prompts: readonly Prompt[] = BUILT_IN_PROMPTS,
): Suggestion | null {
  if (!thought.trim()) return null;
  const memberName =
    memberNames.find((n) => n && new RegExp(`\\b${escape(n.split(' ')[0]!)}\\b`, 'i').test(thought)) ?? null;
  const theme = CUES.find(([, re]) => re.test(thought))?.[0] ?? 'coleaders';
  const pool = prompts.filter((x) => x.theme === theme);
  const fitting = pool.filter((x) => x.text.includes('{member}') === !!memberName);
  const prompt = fitting[0] ?? pool[0] ?? prompts[0];
  if (!prompt) return null;
  return { prompt, spoken: fill(prompt.text, memberName), memberName };
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

export function fill(text: string, memberName: string | null): string {
  return text.replace(/\{member\}/g, memberName ?? 'someone');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
