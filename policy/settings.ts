/**
 * Every setting has one precedence: managed policy > the user's choice >
 * the default. Each value is checked against its rule; an invalid value is
 * ignored with a reason and the default applies. Some keys only a clinic
 * can set (which broker, exports, retention, its name). The effective value
 * is always computed from the three sources and never stored, so editing
 * storage by hand cannot unlock what a clinic locked.
 * Pure: the browser's storage areas are read in ext/.
 */
import { checkBrokerUrl } from '../channel/broker-url';
import { isMode, type BackchannelMode } from '../domain/modes';
import type { JurisdictionRule } from '../domain/jurisdictions';
import { PLATFORMS } from '../calls/platforms';
import { isLanguage, LANGUAGES, type LanguageChoice } from '../util/i18n';

export interface ClinicTemplate {
  id: string;
  label: string;
  noteClass: 'progress' | 'process';
  fields: { id: string; label: string; help?: string }[];
}

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
  /**
   * The GCQ-S item wording from the clinic's or the leader's licensed copy, items 1 to 12 in order;
   * empty until entered (Squircle ships the scoring, not the questionnaire's text). A clinic may set it.
   */
  gcqItemWording: string[];
  /** The clinician's own self-hosted Jitsi Meet or BigBlueButton servers (calls/hosted.ts). */
  ownCallHosts: string[];
  /** The panel's language; 'auto' follows the browser's (a clinic may set and lock it). */
  language: LanguageChoice;

  // What only a clinic sets.
  brokerHostsAllowed: string[];
  /**
   * The account the channel signs in to the clinic's broker with, sent
   * only to the clinic's broker hosts (clinicBrokerAccount); '' for none.
   */
  brokerUsername: string;
  brokerPassword: string;
  coleaderChannelAllowed: boolean;
  /** Caps autoLockMinutes; 0 sets no cap. */
  autoLockMaxMinutes: number;
  /** The KDF floor for new and re-wrapped vaults. */
  kdfMinimum: { memKiB: number; iterations: number };
  exportAllowed: boolean;
  perMemberExportAllowed: boolean;
  backupAllowed: boolean;
  /** Sessions older than this many days are deleted; 0 keeps everything. */
  retentionDays: number;
  allowedPlatforms: string[];
  /** The clinic's self-hosted Jitsi Meet or BigBlueButton servers (calls/hosted.ts). */
  extraPlatformHosts: string[];
  markerCategories: { label: string; family?: string }[];
  noteTemplates: ClinicTemplate[];
  /** The clinic's own jurisdiction entries: a new id adds one, a built-in id replaces it (domain/jurisdictions.ts). */
  jurisdictions: JurisdictionRule[];
  screenShareGuardRequired: boolean;
  presenceAidDefault: boolean;
  clinicName: string;
  supportContact: string;
  /**
   * The clinic's X25519 recovery public key (base64), or '' for none. With
   * one, the vault key is also sealed to it (crypto/recovery.ts).
   */
  recoveryPublicKey: string;
  /** The clinic's own prompts for the library, by theme. */
  clinicPrompts: { theme: string; text: string }[];
}

export type UserSettings = Partial<Record<keyof Settings, unknown>>;

interface Rule<T> {
  readonly fallback: T;
  readonly check: (v: unknown) => string | undefined;
  /** Only managed policy may set it. */
  readonly clinic?: true;
}

const bool = (v: unknown) => (typeof v === 'boolean' ? undefined : 'not true or false');
const numberIn = (min: number, max: number) => (v: unknown) =>
  typeof v !== 'number' || !Number.isFinite(v)
    ? 'not a number'
    : v < min || v > max
      ? `outside ${min}–${max}`
      : undefined;
const wholeIn = (min: number, max: number) => (v: unknown) =>
  numberIn(min, max)(v) ?? (Number.isInteger(v) ? undefined : 'not a whole number');
const text = (max: number) => (v: unknown) =>
  typeof v !== 'string' ? 'not text' : v.length > max ? `longer than ${max} characters` : undefined;
const mode = (v: unknown) => (isMode(v) ? undefined : 'not a back-channel mode');
const listOf = (max: number, item: (x: unknown) => string | undefined) => (v: unknown) => {
  if (!Array.isArray(v)) return 'not a list';
  if (v.length > max) return `more than ${max} entries`;
  const bad = v.map(item).find(Boolean);
  return bad ? `an entry is ${bad}` : undefined;
};
/** Printable, without control characters: it goes into MQTT's CONNECT as it is. */
const credential = (v: unknown) =>
  text(200)(v) ?? (/^[^\u0000-\u001f\u007f]*$/.test(v as string) ? undefined : 'has control characters');
const HOST = /^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)*$/i;
const host = (v: unknown) => (typeof v === 'string' && HOST.test(v) ? undefined : 'not a host name');
const FIELD_ID = /^[a-zA-Z][a-zA-Z0-9_-]{0,39}$/;
const template = (v: unknown) => {
  const t = v as Partial<ClinicTemplate> | null;
  if (!t || typeof t !== 'object') return 'not a template';
  if (
    typeof t.id !== 'string' ||
    !FIELD_ID.test(t.id) ||
    text(80)(t.label) ||
    (t.noteClass !== 'progress' && t.noteClass !== 'process')
  )
    return 'a template without a valid id, label or note class';
  return listOf(30, (f) => {
    const x = f as { id?: unknown; label?: unknown; help?: unknown } | null;
    return x &&
      typeof x.id === 'string' &&
      FIELD_ID.test(x.id) &&
      !text(80)(x.label) &&
      (x.help === undefined || !text(200)(x.help))
      ? undefined
      : 'a field without a valid id or label';
  })(t.fields);
};

const COUNTRY = /^[A-Z]{2}$/;
const jurisdiction = (v: unknown) => {
  const j = v as Partial<JurisdictionRule> | null;
  if (!j || typeof j !== 'object') return 'not a jurisdiction';
  if (typeof j.id !== 'string' || !/^[A-Z]{2,3}$/.test(j.id)) return 'a jurisdiction without an id of 2 or 3 capitals';
  if (text(80)(j.name) || !j.name) return 'a jurisdiction without a name';
  const countries = listOf(60, (c) => (typeof c === 'string' && COUNTRY.test(c) ? undefined : 'not a country code'));
  if (countries(j.countries) || !j.countries?.length) return 'a jurisdiction without its country codes';
  if (j.licenceScope !== 'country' && j.licenceScope !== 'subdivision')
    return 'licenceScope not country or subdivision';
  if (text(300)(j.licence) || text(300)(j.consent) || text(300)(j.retentionNote ?? ''))
    return 'a jurisdiction whose licence, consent or retention note is not text of at most 300 characters';
  if (wholeIn(0, 100)(j.retentionYears)) return 'retentionYears not a whole number 0–100';
  if (text(20)(j.emergencyNumber) || !j.emergencyNumber) return 'a jurisdiction without an emergency number';
  if (j.crisisLine !== undefined && text(40)(j.crisisLine)) return 'a crisis line longer than 40 characters';
  if (j.sources !== undefined && listOf(10, text(300))(j.sources)) return 'sources not a list of short texts';
  return undefined;
};

export const SETTING_RULES: { readonly [K in keyof Settings]: Rule<Settings[K]> } = {
  // Fractions of a minute are accepted so tests and drills can use seconds.
  autoLockMinutes: { fallback: 15, check: numberIn(0.05, 240) },
  minPassphraseLength: { fallback: 12, check: wholeIn(8, 128) },
  markBackSeconds: { fallback: 15, check: numberIn(1, 300) },
  lateGraceSeconds: { fallback: 120, check: numberIn(0, 3600) },
  screenShareGuard: { fallback: true, check: bool },
  // The embedded broker that `npm run broker` and `npm start` run on this machine.
  brokerUrl: {
    fallback: 'ws://127.0.0.1:18830',
    check: (v) =>
      typeof v !== 'string' ? 'not text' : checkBrokerUrl(v).ok ? undefined : 'not an allowed broker address',
  },
  backchannelModeFloor: { fallback: 'open', check: mode },
  defaultBackchannelMode: { fallback: 'spoken-first', check: mode },
  allowSendNow: { fallback: true, check: bool },
  parkForDebrief: { fallback: true, check: bool },
  presenceAid: { fallback: false, check: bool },
  presenceAidSeconds: { fallback: 20, check: numberIn(5, 600) },
  signalSound: { fallback: false, check: bool },
  gcqItemWording: {
    fallback: [],
    check: (v) =>
      !Array.isArray(v) || (v.length !== 0 && v.length !== 12)
        ? 'not a list of the 12 items'
        : v.some((x) => typeof x !== 'string' || !x.trim() || x.length > 200)
          ? 'an item is empty or longer than 200 characters'
          : undefined,
  },
  ownCallHosts: { fallback: [], check: listOf(50, host) },
  language: {
    fallback: 'auto',
    check: (v) => (v === 'auto' || isLanguage(v) ? undefined : `not auto or one of ${LANGUAGES.join(', ')}`),
  },

  brokerHostsAllowed: { fallback: [], check: listOf(50, host), clinic: true },
  brokerUsername: { fallback: '', check: credential, clinic: true },
  brokerPassword: { fallback: '', check: credential, clinic: true },
  coleaderChannelAllowed: { fallback: true, check: bool, clinic: true },
  autoLockMaxMinutes: { fallback: 0, check: wholeIn(1, 240), clinic: true },
  kdfMinimum: {
    fallback: { memKiB: 65536, iterations: 3 },
    check: (v) => {
      const k = v as { memKiB?: unknown; iterations?: unknown } | null;
      return k && typeof k === 'object' && !wholeIn(65536, 2_097_152)(k.memKiB) && !wholeIn(3, 100)(k.iterations)
        ? undefined
        : 'needs memKiB 65536–2097152 and iterations 3–100';
    },
    clinic: true,
  },
  exportAllowed: { fallback: true, check: bool, clinic: true },
  perMemberExportAllowed: { fallback: true, check: bool, clinic: true },
  backupAllowed: { fallback: true, check: bool, clinic: true },
  retentionDays: { fallback: 0, check: wholeIn(0, 36_500), clinic: true },
  allowedPlatforms: {
    fallback: PLATFORMS.map((p) => p.id),
    check: listOf(20, (x) => (PLATFORMS.some((p) => p.id === x) ? undefined : 'not a known platform')),
    clinic: true,
  },
  extraPlatformHosts: { fallback: [], check: listOf(50, host), clinic: true },
  markerCategories: {
    fallback: [],
    check: listOf(100, (x) => {
      const c = x as { label?: unknown; family?: unknown } | null;
      return c &&
        typeof c === 'object' &&
        !text(60)(c.label) &&
        c.label !== '' &&
        (c.family === undefined || !text(40)(c.family))
        ? undefined
        : 'not a category with a label';
    }),
    clinic: true,
  },
  noteTemplates: { fallback: [], check: listOf(20, template), clinic: true },
  jurisdictions: { fallback: [], check: listOf(40, jurisdiction), clinic: true },
  screenShareGuardRequired: { fallback: false, check: bool, clinic: true },
  presenceAidDefault: { fallback: false, check: bool, clinic: true },
  clinicName: { fallback: '', check: text(80), clinic: true },
  clinicPrompts: {
    fallback: [],
    check: listOf(200, (x) => {
      const p = x as { theme?: unknown; text?: unknown } | null;
      return p && typeof p === 'object' && !text(40)(p.theme) && !text(300)(p.text) && p.text !== ''
        ? undefined
        : 'not a prompt with a theme and text';
    }),
    clinic: true,
  },
  supportContact: { fallback: '', check: text(200), clinic: true },
  recoveryPublicKey: {
    fallback: '',
    check: (v) =>
      typeof v === 'string' && (v === '' || /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(v))
        ? undefined
        : 'not a recovery public key (base64 of 32 bytes)',
    clinic: true,
  },
};

export interface Ignored {
  key: string;
  source: 'user' | 'managed';
  reason: string;
}

export interface Resolved {
  settings: Settings;
  /** Set by the clinic: shown as locked and cannot be changed. */
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
    const sources = rule.clinic
      ? ([['managed', managed]] as const)
      : ([
          ['user', user],
          ['managed', managed],
        ] as const);
    for (const [source, values] of sources) {
      if (!(key in values)) continue;
      const why = rule.check(values[key]);
      if (why) ignored.push({ key, source, reason: why });
      else {
        settings[key] = values[key];
        if (source === 'managed') locked.add(key);
      }
    }
    // A managed value that was refused still locks the key: staff must not
    // choose what the clinic meant to set, so the default stands, locked.
    if (key in managed && !locked.has(key) && !rule.clinic) {
      settings[key] = rule.fallback;
      locked.add(key);
    }
  }
  return {
    settings: applyClinicRules(settings as unknown as Settings, user, managed, locked, ignored),
    locked,
    ignored,
  };
}

/** Caps, requirements and defaults that one clinic key imposes on another. */
function applyClinicRules(
  s: Settings,
  user: UserSettings,
  managed: UserSettings,
  locked: Set<keyof Settings>,
  ignored: Ignored[],
): Settings {
  const out = { ...s };
  if (out.autoLockMaxMinutes > 0 && out.autoLockMinutes > out.autoLockMaxMinutes) {
    out.autoLockMinutes = out.autoLockMaxMinutes;
    locked.add('autoLockMinutes');
  }
  if (out.screenShareGuardRequired) {
    out.screenShareGuard = true;
    locked.add('screenShareGuard');
  }
  if (!('presenceAid' in user) && !('presenceAid' in managed)) out.presenceAid = out.presenceAidDefault;
  if (!out.brokerUsername !== !out.brokerPassword) {
    const missing = out.brokerUsername ? 'brokerPassword' : 'brokerUsername';
    ignored.push({
      key: out.brokerUsername ? 'brokerUsername' : 'brokerPassword',
      source: 'managed',
      reason: `not used without ${missing}`,
    });
    out.brokerUsername = out.brokerPassword = '';
  } else if (out.brokerUsername && !out.brokerHostsAllowed.length) {
    // Sent to whatever broker an invite names, a clinic's password would go to strangers.
    ignored.push({
      key: 'brokerUsername',
      source: 'managed',
      reason: 'not used without brokerHostsAllowed, which says which brokers it is for',
    });
    out.brokerUsername = out.brokerPassword = '';
  }
  if (out.brokerHostsAllowed.length) {
    const check = checkBrokerUrl(out.brokerUrl, out.brokerHostsAllowed);
    if (!check.ok) {
      ignored.push({
        key: 'brokerUrl',
        source: locked.has('brokerUrl') ? 'managed' : 'user',
        reason: 'not on the clinic’s list of brokers',
      });
      out.brokerUrl = `wss://${out.brokerHostsAllowed[0]}/mqtt`;
    }
  }
  return out;
}

/**
 * The clinic's broker account and the only hosts it may be sent to: those on
 * brokerHostsAllowed (resolveSettings drops the account without them).
 * Never another broker's, such as one an invite names.
 */
export function clinicBrokerAccount(s: Settings): { username: string; password: string; hosts: string[] } | undefined {
  if (!s.brokerUsername || !s.brokerPassword || !s.brokerHostsAllowed.length) return undefined;
  return {
    username: s.brokerUsername,
    password: s.brokerPassword,
    hosts: s.brokerHostsAllowed.map((h) => h.toLowerCase()),
  };
}

/**
 * Every self-hosted call server in force: the clinic's and the clinician's
 * own, in lower case, each once. None when the clinic allows neither Jitsi
 * Meet nor BigBlueButton, the platforms such a server runs.
 */
export function callHosts(s: Settings): string[] {
  if (!s.allowedPlatforms.includes('jitsi') && !s.allowedPlatforms.includes('bigbluebutton')) return [];
  return [...new Set([...s.extraPlatformHosts, ...s.ownCallHosts].map((h) => h.toLowerCase()))];
}
