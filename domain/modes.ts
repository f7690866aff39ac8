/**
 * The back-channel between co-leaders, from most to least private. One pure
 * rule decides what each mode allows; the sender asks it before anything
 * leaves, and the receiver asks it again before anything is shown.
 */
import { labelsOf, t, type LabelKey } from '../util/i18n';

export type BackchannelMode = 'off' | 'signals' | 'spoken-first' | 'open';
export type BackchannelAction = 'signal' | 'compose' | 'say-aloud' | 'park' | 'send-now' | 'free-text';

export const MODES: readonly BackchannelMode[] = ['off', 'signals', 'spoken-first', 'open'];
export const DEFAULT_MODE: BackchannelMode = 'spoken-first';

/** Each mode as "Name: what it allows", in the current language. */
export const MODE_LABELS: Readonly<Record<BackchannelMode, string>> = labelsOf({
  off: 'modeText.off',
  signals: 'modeText.signals',
  'spoken-first': 'modeText.spokenFirst',
  open: 'modeText.open',
});

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

const signal = <K extends string>(kind: K, label: LabelKey) => ({
  kind,
  get label() {
    return t(label);
  },
});

/** The wordless signals: they replace the glance across the room. Each label is read in the current language. */
export const SIGNALS = [
  signal('come-in', 'signalText.comeIn'),
  signal('over-to-you', 'signalText.overToYou'),
  signal('talk-aloud', 'signalText.talkAloud'),
  signal('time', 'signalText.time'),
  signal('tech', 'signalText.tech'),
  signal('look', 'signalText.look'),
  signal('take-this', 'signalText.takeThis'),
] as const;
export type SignalKind = (typeof SIGNALS)[number]['kind'];

export const signalCategory = (kind: SignalKind) => `signal.${kind}`;
export const isSignalCategory = (code: string) => code.startsWith('signal.');
