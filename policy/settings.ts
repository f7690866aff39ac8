/**
 * Every setting has one precedence: managed policy > the user's choice >
 * the default. Values are validated against the default's type and range;
 * an invalid value is ignored with a reason, and the safe value applies.
 * Pure: the browser's storage areas are read elsewhere.
 */
import { checkBrokerUrl } from '../channel/broker-url';
import { isMode, type BackchannelMode } from '../domain/modes';
export interface Settings {
  /** Minutes without input before the vault locks. */
  autoLockMinutes: number;
  minPassphraseLength: number;
  /** "Mark N seconds ago": how far back. */
  markBackSeconds: number;
  /** Someone who joins this long after the start is marked as joining late. */
  lateGraceSeconds: number;
  /** Hide the panel while the leader shares the screen. */
  screenShareGuard: boolean;
  /** Where the co-leader channel meets: wss:// (ws:// only on this machine). */
  brokerUrl: string;
  /** The least private back-channel mode allowed (a clinic's floor); 'open' sets none. */
  backchannelModeFloor: BackchannelMode;
  /** The mode a group starts with. */
  defaultBackchannelMode: BackchannelMode;
  /** Whether "send now" exists at all in spoken-first and open modes. */
  allowSendNow: boolean;
  /** Whether thoughts may be parked for the debrief. */
  parkForDebrief: boolean;
  /** A gentle line when a leader has typed in the panel for a while during a session. */
  presenceAid: boolean;
  presenceAidSeconds: number;
  /** A soft sound with a co-leader's signal (silent by default). */
  signalSound: boolean;
}

export type UserSettings = Partial<Record<keyof Settings, unknown>>;

interface Rule<T> {
  readonly fallback: T;
  readonly check: (v: unknown) => string | undefined;
}

const bool = (v: unknown) => (typeof v === 'boolean' ? undefined : 'not true or false');

const numberIn = (min: number, max: number) => (v: unknown) =>
  typeof v !== 'number' || !Number.isFinite(v)
    ? 'not a number'
    : v < min || v > max
      ? `outside ${min}–${max}`
      : undefined;

export const SETTING_RULES: { readonly [K in keyof Settings]: Rule<Settings[K]> } = {
  // Fractions of a minute are accepted so tests and drills can use seconds.
  autoLockMinutes: { fallback: 15, check: numberIn(0.05, 240) },
  minPassphraseLength: { fallback: 12, check: numberIn(8, 128) },
  markBackSeconds: { fallback: 15, check: numberIn(1, 300) },
  lateGraceSeconds: { fallback: 120, check: numberIn(0, 3600) },
  screenShareGuard: { fallback: true, check: bool },
  // The embedded broker that `npm run broker` and `npm start` run on this machine.
  backchannelModeFloor: { fallback: 'open', check: (v) => (isMode(v) ? undefined : 'not a back-channel mode') },
  defaultBackchannelMode: { fallback: 'spoken-first', check: (v) => (isMode(v) ? undefined : 'not a back-channel mode') },
  allowSendNow: { fallback: true, check: bool },
  parkForDebrief: { fallback: true, check: bool },
  presenceAid: { fallback: false, check: bool },
  presenceAidSeconds: { fallback: 20, check: numberIn(5, 600) },
  signalSound: { fallback: false, check: bool },
  brokerUrl: { fallback: 'ws://127.0.0.1:18830', check: (v) => (typeof v !== 'string' ? 'not text' : checkBrokerUrl(v).ok ? undefined : 'not an allowed broker address') },
};

export interface Ignored {
  key: string;
  source: 'user' | 'managed';
  reason: string;
}

export interface Resolved {
  settings: Settings;
  locked: ReadonlySet<keyof Settings>;
  ignored: Ignored[];
}

export function resolveSettings(user: UserSettings, managed: UserSettings = {}): Resolved {
  const settings = {} as Record<keyof Settings, unknown>;
  const locked = new Set<keyof Settings>();
  const ignored: Ignored[] = [];
  for (const key of Object.keys(SETTING_RULES) as (keyof Settings)[]) {
    const rule = SETTING_RULES[key] as Rule<unknown>;
    settings[key] = rule.fallback;
    for (const [source, values] of [['user', user], ['managed', managed]] as const) {
      if (!(key in values)) continue;
      const why = rule.check(values[key]);
      if (why) ignored.push({ key, source, reason: why });
      else {
        settings[key] = values[key];
        if (source === 'managed') locked.add(key);
      }
    }
  }
  return { settings: settings as unknown as Settings, locked, ignored };
}
