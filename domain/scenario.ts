import { FAMILIES } from './categories';

/**
 * A practice scenario: a scripted group on the practice call, drawn from the
 * obstacles of leading a group on screen. Scenarios are data files
 * (scenarios/*.json) a clinician can read and review; this module checks one
 * and says exactly what is wrong with a bad one.
 */
export const SCENARIO_FORMAT = 'squircle-scenario/1';
export const MIN_MINUTES = 3;
export const MAX_MINUTES = 8;
export const SPEEDS = [1, 2] as const;
export type Speed = (typeof SPEEDS)[number];

/** What the practice call shows at a scripted moment. */
export const EVENTS = ['join', 'leave', 'drop', 'behind', 'face', 'silence', 'camera-off', 'signal'] as const;
export type ScenarioEvent = (typeof EVENTS)[number];

export interface Moment {
  /** Stable within its scenario; the debrief is keyed by it. */
  id: string;
  /** Scenario seconds from the start. */
  at: number;
  event: ScenarioEvent;
  /** The tile it happens on (the co-leader's for a signal; none for a silence). */
  member?: string;
  /** face: who is speaking while the member's face tightens. */
  speaker?: string;
  /** Seconds it lasts on screen (drop: until the member is back). */
  lasts?: number;
  /** signal: what the co-leader's signal says. */
  says?: string;
  /** A marker of one of these families, made within `within` seconds of `at`, counts as noticing it. */
  notice: { families: string[]; within: number };
  /** What happened, in a few words, for the debrief. */
  what: string;
  /** One line on why it matters on screen. */
  why: string;
}

export interface Scenario {
  format: typeof SCENARIO_FORMAT;
  id: string;
  /** Raised when its moments change, so two co-leaders rehearse the same script (1 when absent). */
  version?: number;
  title: string;
  summary: string;
  /** Length in scenario minutes. */
  minutes: number;
  /** On the call from the start, besides you and the co-leader. */
  members: string[];
  moments: Moment[];
}

/** What is wrong with a scenario file, each problem with where it is. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not a valid scenario:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

const FAMILY_IDS = new Set(FAMILIES.map((f) => f.id));
const NEEDS_MEMBER: ReadonlySet<ScenarioEvent> = new Set(['join', 'leave', 'drop', 'behind', 'face', 'camera-off']);
const NEEDS_LASTS: ReadonlySet<ScenarioEvent> = new Set(['drop', 'behind', 'face', 'silence', 'camera-off']);
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KEYS = new Set(['format', 'id', 'version', 'title', 'summary', 'minutes', 'members', 'moments']);
const MOMENT_KEYS = new Set(['id', 'at', 'event', 'member', 'speaker', 'lasts', 'says', 'notice', 'what', 'why']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max: number) => typeof v === 'string' && v.trim() !== '' && v.length <= max;

/**
 * The scenario in `json` (already parsed), or a ScenarioError naming the file
 * and every problem found. Unknown fields are problems too, so a typo in a
 * field name is caught instead of silently ignored.
 */
export function parseScenario(json: unknown, file: string): Scenario {
  const p: string[] = [];
  if (!isObject(json)) throw new ScenarioError(file, ['the file must hold one JSON object']);
  for (const k of Object.keys(json)) if (!KEYS.has(k)) p.push(`unknown field "${k}"`);
  if (json.format !== SCENARIO_FORMAT) p.push(`"format" must be "${SCENARIO_FORMAT}"`);
  if (typeof json.id !== 'string' || !SLUG.test(json.id)) p.push('"id" must be lower-case words joined by "-"');
  if (json.version !== undefined && !(Number.isInteger(json.version) && (json.version as number) >= 1))
    p.push('"version" must be a whole number from 1');
  if (!text(json.title, 80)) p.push('"title" must be text of at most 80 characters');
  if (!text(json.summary, 400)) p.push('"summary" must be text of at most 400 characters');
  const minutes = json.minutes;
  const minutesOk = typeof minutes === 'number' && minutes >= MIN_MINUTES && minutes <= MAX_MINUTES;
  if (!minutesOk) p.push(`"minutes" must be a number from ${MIN_MINUTES} to ${MAX_MINUTES}`);
  const members = json.members;
  const membersOk = Array.isArray(members) && members.length <= 12 && members.every((m) => text(m, 40));
  if (!membersOk) p.push('"members" must be a list of at most 12 names');
  const known = new Set(['Co-leader', ...(membersOk ? (members as string[]) : [])]);
  if (!Array.isArray(json.moments) || json.moments.length === 0) p.push('"moments" must be a non-empty list');
  const seen = new Set<string>();
  let previous = -1;
  const end = minutesOk ? (minutes as number) * 60 : Infinity;
  (Array.isArray(json.moments) ? json.moments : []).forEach((m: unknown, i: number) => {
    const at = `moments[${i}]`;
    if (!isObject(m)) return void p.push(`${at} must be an object`);
    for (const k of Object.keys(m)) if (!MOMENT_KEYS.has(k)) p.push(`${at}: unknown field "${k}"`);
    if (typeof m.id !== 'string' || !SLUG.test(m.id)) p.push(`${at}: "id" must be lower-case words joined by "-"`);
    else if (seen.has(m.id)) p.push(`${at}: "id" "${m.id}" is used twice`);
    else seen.add(m.id);
    const event = m.event as ScenarioEvent;
    if (!EVENTS.includes(event)) p.push(`${at}: "event" must be one of ${EVENTS.join(', ')}`);
    if (typeof m.at !== 'number' || m.at < 0 || m.at > end) p.push(`${at}: "at" must be seconds within the scenario`);
    else if (m.at < previous) p.push(`${at}: moments must be listed in the order they happen ("at")`);
    else previous = m.at;
    if (NEEDS_MEMBER.has(event) && !text(m.member, 40)) p.push(`${at}: a "${event}" needs a "member"`);
    if (event === 'join' && typeof m.member === 'string') known.add(m.member);
    else if (typeof m.member === 'string' && NEEDS_MEMBER.has(event) && !known.has(m.member))
      p.push(`${at}: "${m.member}" is not on the call at that point (list them in "members" or join them first)`);
    if (event === 'leave' && typeof m.member === 'string') known.delete(m.member);
    if (event === 'face' && !text(m.speaker, 40)) p.push(`${at}: a "face" needs a "speaker"`);
    if (event === 'signal' && !text(m.says, 80)) p.push(`${at}: a "signal" needs "says", the signal's words`);
    if (NEEDS_LASTS.has(event) && (typeof m.lasts !== 'number' || m.lasts <= 0))
      p.push(`${at}: a "${event}" needs "lasts", in seconds`);
    else if (typeof m.at === 'number' && typeof m.lasts === 'number' && m.at + m.lasts > end)
      p.push(`${at}: it lasts beyond the end of the scenario`);
    const n = m.notice;
    if (
      !isObject(n) ||
      !Array.isArray(n.families) ||
      n.families.length === 0 ||
      !n.families.every((f) => typeof f === 'string' && FAMILY_IDS.has(f)) ||
      typeof n.within !== 'number' ||
      n.within < 5 ||
      n.within > 180
    )
      p.push(
        `${at}: "notice" must be { "families": [...], "within": seconds from 5 to 180 }, ` +
          `families among ${[...FAMILY_IDS].join(', ')}`,
      );
    if (!text(m.what, 120)) p.push(`${at}: "what" must be text of at most 120 characters`);
    if (!text(m.why, 200)) p.push(`${at}: "why" must be one line of at most 200 characters`);
  });
  if (p.length) throw new ScenarioError(file, p);
  return json as unknown as Scenario;
}

/** The scenario's version (1 when its file names none). */
export const scenarioVersion = (s: Scenario): number => s.version ?? 1;

/** One change the practice call makes, at wall-clock ms after the start. */
export interface Step {
  afterMs: number;
  moment: string;
  action: 'start' | 'end';
}

/** When each moment starts and ends on the call, at `speed`. */
export function schedule(s: Scenario, speed: Speed): Step[] {
  const steps: Step[] = [];
  for (const m of s.moments) {
    steps.push({ afterMs: (m.at * 1000) / speed, moment: m.id, action: 'start' });
    if (m.lasts) steps.push({ afterMs: ((m.at + m.lasts) * 1000) / speed, moment: m.id, action: 'end' });
  }
  return steps.sort((a, b) => a.afterMs - b.afterMs);
}

/** The scenario's whole length in wall-clock ms at `speed`. */
export const lengthMs = (s: Scenario, speed: Speed) => (s.minutes * 60_000) / speed;

/**
 * A scenario's words in another language (scenarios/<lang>/<id>.json): the
 * title, the summary, each moment's words keyed by its id, and optionally the
 * members' names as that language would write them. Only words: the beats,
 * their timing and what counts as noticing them stay in the English file, so
 * every language plays the same script.
 */
export const SCENARIO_TEXT_FORMAT = 'squircle-scenario-text/1';

export interface ScenarioText {
  format: typeof SCENARIO_TEXT_FORMAT;
  id: string;
  title: string;
  summary: string;
  /** English name → the name shown in this language, for every member (all or none). */
  names?: Record<string, string>;
  moments: Record<string, { what: string; why: string; says?: string }>;
}

/** Everyone a scenario puts on its call besides you and the co-leader. */
export const peopleOf = (s: Scenario): string[] => [
  ...new Set([...s.members, ...s.moments.flatMap((m) => (m.member && m.member !== 'Co-leader' ? [m.member] : []))]),
];

/**
 * `s` in the words of `json` (already parsed), or a ScenarioError naming the
 * file and every problem: a moment missing or unknown, a word left out, a
 * name missing. The result is checked again as a whole scenario.
 */
export function localiseScenario(s: Scenario, json: unknown, file: string): Scenario {
  const p: string[] = [];
  if (!isObject(json)) throw new ScenarioError(file, ['the file must hold one JSON object']);
  for (const k of Object.keys(json))
    if (!['format', 'id', 'title', 'summary', 'names', 'moments'].includes(k)) p.push(`unknown field "${k}"`);
  if (json.format !== SCENARIO_TEXT_FORMAT) p.push(`"format" must be "${SCENARIO_TEXT_FORMAT}"`);
  if (json.id !== s.id) p.push(`"id" must be "${s.id}", the scenario it translates`);
  const names = json.names;
  const people = peopleOf(s);
  let rename = (n: string) => n;
  if (names !== undefined) {
    if (!isObject(names) || !Object.values(names).every((v) => text(v, 40)))
      p.push('"names" must map each member\'s name to a name of at most 40 characters');
    else {
      for (const n of people) if (!(n in names)) p.push(`"names" has no name for "${n}"`);
      for (const n of Object.keys(names)) if (!people.includes(n)) p.push(`"names": "${n}" is not in the scenario`);
      const shown = Object.values(names) as string[];
      if (new Set(shown).size !== shown.length || shown.includes('Co-leader') || shown.includes('You'))
        p.push('"names" must give each member a different name');
      rename = (n) => (typeof names[n] === 'string' ? (names[n] as string) : n);
    }
  }
  const words = isObject(json.moments) ? json.moments : {};
  if (!isObject(json.moments)) p.push('"moments" must map each moment\'s id to its words');
  for (const id of Object.keys(words))
    if (!s.moments.some((m) => m.id === id)) p.push(`moments: "${id}" is not a moment of "${s.id}"`);
  const moments = s.moments.map((m): Moment => {
    const w = words[m.id];
    if (!isObject(w)) {
      p.push(`moments: "${m.id}" has no words`);
      return m;
    }
    for (const k of Object.keys(w)) if (!['what', 'why', 'says'].includes(k)) p.push(`${m.id}: unknown field "${k}"`);
    if (m.says !== undefined && typeof w.says !== 'string') p.push(`${m.id}: "says" is missing`);
    if (m.says === undefined && w.says !== undefined) p.push(`${m.id}: "says" belongs only to a signal`);
    const out: Moment = { ...m, what: w.what as string, why: w.why as string };
    if (m.says !== undefined) out.says = w.says as string;
    if (m.member !== undefined && m.member !== 'Co-leader') out.member = rename(m.member);
    if (m.speaker !== undefined) out.speaker = rename(m.speaker);
    return out;
  });
  if (p.length) throw new ScenarioError(file, p);
  const local = { ...s, title: json.title, summary: json.summary, members: s.members.map(rename), moments };
  return parseScenario(local, file);
}
