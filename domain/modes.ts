/**
 * The back-channel between co-leaders, from most to least private. One pure
 * rule decides what each mode allows; the sender asks it before anything
 * leaves, and the receiver asks it again before anything is shown.
 */
export type BackchannelMode = 'off' | 'signals' | 'spoken-first' | 'open';
export type BackchannelAction = 'signal' | 'compose' | 'say-aloud' | 'park' | 'send-now' | 'free-text';

export const MODES: readonly BackchannelMode[] = ['off', 'signals', 'spoken-first', 'open'];
export const DEFAULT_MODE: BackchannelMode = 'spoken-first';

export const MODE_LABELS: Record<BackchannelMode, string> = {
  off: 'Off: nothing is exchanged until the session ends',
  signals: 'Signals only: wordless cues, no text',
  'spoken-first': 'Spoken first: signals, and a composer that turns thoughts into something to say aloud',
  open: 'Open: free text too, counted and shown in the debrief',
};

const ALLOWED: Record<BackchannelMode, ReadonlySet<BackchannelAction>> = {
  off: new Set(),
  signals: new Set(['signal']),
  'spoken-first': new Set(['signal', 'compose', 'say-aloud', 'park', 'send-now']),
  open: new Set(['signal', 'compose', 'say-aloud', 'park', 'send-now', 'free-text']),
};

/** Whether a mode allows an action. */
export function allowed(mode: BackchannelMode, action: BackchannelAction): boolean {
  return ALLOWED[mode].has(action);
}

/** Higher is more private. */
const PRIVACY: Record<BackchannelMode, number> = { off: 3, signals: 2, 'spoken-first': 1, open: 0 };

/**
 * The mode in force: the group's choice, but never less private than the
 * clinic's floor (the least private mode it allows).
 */
export function effectiveMode(chosen: BackchannelMode, floor?: BackchannelMode): BackchannelMode {
  if (!floor) return chosen;
  return PRIVACY[chosen] >= PRIVACY[floor] ? chosen : floor;
}

/** The modes a leader may pick under a floor. */
export function modesAllowedBy(floor?: BackchannelMode): BackchannelMode[] {
  return MODES.filter((m) => !floor || PRIVACY[m] >= PRIVACY[floor]);
}

export function isMode(x: unknown): x is BackchannelMode {
  return typeof x === 'string' && (MODES as readonly string[]).includes(x);
}

/** The wordless signals: they replace the glance across the room. */
export const SIGNALS = [
  { kind: 'come-in', label: "I'd like to come in" },
  { kind: 'over-to-you', label: 'Over to you' },
  { kind: 'talk-aloud', label: "Let's talk about this aloud" },
  { kind: 'time', label: 'Time check' },
  { kind: 'tech', label: 'Technical problem' },
  { kind: 'look', label: 'Have a look at a tile' },
  { kind: 'take-this', label: "I'll take this one" },
] as const;
export type SignalKind = (typeof SIGNALS)[number]['kind'];

export const signalCategory = (kind: SignalKind) => `signal.${kind}`;
export const isSignalCategory = (code: string) => code.startsWith('signal.');
