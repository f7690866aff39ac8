/**
 * Group climate between sessions: the short Group Climate Questionnaire
 * (GCQ-S, 12 items rated 0-6, subscales Engaged, Avoiding, Conflict) and a
 * leader-rated group alliance (goal, task, bond, each 1-7).
 *
 * Item text: the GCQ-S wording is published, but its terms of use are not
 * clear to us, so Squircle ships only the structure and the scoring. Item
 * labels are placeholders ("Item 1" ...) that the clinic replaces with the
 * wording it is entitled to use.
 *
 * Item-to-subscale mapping: checked against two public descriptions of the
 * GCQ-S scoring (a clinical assessment library's summary and a scoring sheet
 * distributed with the form): Engaged 1, 2, 4, 8, 11; Avoiding 3, 5, 9;
 * Conflict 6, 7, 10, 12. It is still data: a clinic that scores differently
 * passes its own mapping.
 */
import { labelsOf, t } from '../util/i18n';
import type { Id } from './types';

export type GcqSubscale = 'engaged' | 'avoiding' | 'conflict';
export const GCQ_ITEMS = 12;
export const GCQ_MIN = 0;
export const GCQ_MAX = 6;
/** More missing items than this and the whole rating is not scored. */
export const GCQ_MAX_MISSING = 4;

/** 1-based item numbers per subscale. */
export type GcqMapping = Readonly<Record<GcqSubscale, readonly number[]>>;

export const GCQ_MAPPING: GcqMapping = {
  engaged: [1, 2, 4, 8, 11],
  avoiding: [3, 5, 9],
  conflict: [6, 7, 10, 12],
};

export const GCQ_SUBSCALE_LABEL: Readonly<Record<GcqSubscale, string>> = labelsOf({
  engaged: 'trend.engaged',
  avoiding: 'trend.avoiding',
  conflict: 'trend.conflict',
});

/** What the clinic enters once: the item wording it may use. */
export interface GcqConfig {
  itemLabels: string[];
  mapping: GcqMapping;
}

const placeholder = (i: number) => t('climateText.item', { n: i + 1 });

/** The numbered placeholders ("Item 3"), in the current language. */
export const defaultGcqConfig = (): GcqConfig => ({
  itemLabels: Array.from({ length: GCQ_ITEMS }, (_, i) => placeholder(i)),
  mapping: GCQ_MAPPING,
});

/** Whether the labels are still Squircle's numbered placeholders, not wording a clinic entered. */
export const isPlaceholderWording = (labels: readonly string[]): boolean =>
  labels.slice(0, GCQ_ITEMS).every((l, i) => l === placeholder(i));

/** The configuration with the item wording entered in settings, or the numbered placeholders while there is none. */
export const gcqConfigFrom = (wording: readonly string[]): GcqConfig =>
  wording.length === GCQ_ITEMS ? { itemLabels: [...wording], mapping: GCQ_MAPPING } : defaultGcqConfig();

/** One answer per item, index 0 = item 1; null when not rated. */
export type GcqAnswers = (number | null)[];

export interface GcqScore {
  valid: boolean;
  missing: number;
  /** Mean of the answered items of each subscale; null when invalid or none answered. */
  scores: Record<GcqSubscale, number | null>;
  /** Why it is invalid, in plain words; '' when valid. */
  problem: string;
}

const isRating = (x: unknown, lo: number, hi: number): x is number =>
  typeof x === 'number' && Number.isInteger(x) && x >= lo && x <= hi;

/**
 * Scores a GCQ-S rating. Anything that is not an integer 0-6 counts as
 * missing. Throws RangeError when the mapping does not place each of the 12
 * items in exactly one subscale.
 */
export function scoreGcq(answers: GcqAnswers, mapping: GcqMapping = GCQ_MAPPING): GcqScore {
  checkMapping(mapping);
  const at = (item: number) => answers[item - 1];
  let missing = 0;
  for (let i = 1; i <= GCQ_ITEMS; i++) if (!isRating(at(i), GCQ_MIN, GCQ_MAX)) missing++;
  const none = { engaged: null, avoiding: null, conflict: null };
  if (missing > GCQ_MAX_MISSING) {
    return {
      valid: false,
      missing,
      scores: none,
      problem: t('climateText.invalid', { missing, items: GCQ_ITEMS, max: GCQ_MAX_MISSING }),
    };
  }
  const scores = { ...none } as Record<GcqSubscale, number | null>;
  for (const s of Object.keys(mapping) as GcqSubscale[]) {
    const rated = mapping[s].map(at).filter((x): x is number => isRating(x, GCQ_MIN, GCQ_MAX));
    scores[s] = rated.length ? rated.reduce((a, b) => a + b, 0) / rated.length : null;
  }
  return { valid: true, missing, scores, problem: '' };
}

/** Throws RangeError unless items 1-12 each appear in exactly one subscale. */
export function checkMapping(mapping: GcqMapping): void {
  const all = [...mapping.engaged, ...mapping.avoiding, ...mapping.conflict].sort((a, b) => a - b);
  if (all.length !== GCQ_ITEMS || all.some((n, i) => n !== i + 1)) {
    throw new RangeError('Each of the 12 GCQ-S items must belong to exactly one subscale.');
  }
}

export type AllianceDimension = 'goal' | 'task' | 'bond';
export const ALLIANCE_MIN = 1;
export const ALLIANCE_MAX = 7;
const ALLIANCE_WORDS = labelsOf({
  goal: 'climateText.goal',
  goalHelp: 'climateText.goalHelp',
  task: 'climateText.task',
  taskHelp: 'climateText.taskHelp',
  bond: 'climateText.bond',
  bondHelp: 'climateText.bondHelp',
});
const dimension = (d: AllianceDimension, help: keyof typeof ALLIANCE_WORDS) => ({
  get label() {
    return ALLIANCE_WORDS[d];
  },
  get help() {
    return ALLIANCE_WORDS[help];
  },
});
/** Each dimension's name and what it asks, in the current language. */
export const ALLIANCE_LABEL: Readonly<Record<AllianceDimension, { readonly label: string; readonly help: string }>> = {
  goal: dimension('goal', 'goalHelp'),
  task: dimension('task', 'taskHelp'),
  bond: dimension('bond', 'bondHelp'),
};

export type Alliance = Record<AllianceDimension, number | null>;

/** True when every dimension that is rated is an integer 1-7 (unrated is allowed). */
export function allianceValid(a: Alliance): boolean {
  return (['goal', 'task', 'bond'] as const).every((k) => a[k] === null || isRating(a[k], ALLIANCE_MIN, ALLIANCE_MAX));
}

/** One rating after a session: a member's GCQ-S, or the leaders' own, and the leaders' alliance rating. */
export interface GroupMeasure {
  id: Id;
  groupId: Id;
  sessionId: Id;
  /** When the session started, so trends sort without opening sessions. */
  at: number;
  /** Whose view: a member's id, or null for the leaders' rating. */
  memberId: Id | null;
  gcq: GcqAnswers;
  alliance: Alliance;
  /** What the leaders noted alongside the rating. */
  remark?: string;
  updatedAt: number;
}

export interface TrendPoint {
  sessionId: Id;
  at: number;
  /** How many valid GCQ-S ratings the session's means come from. */
  n: number;
  engaged: number | null;
  avoiding: number | null;
  conflict: number | null;
  goal: number | null;
  task: number | null;
  bond: number | null;
}

export type TrendSeries = Exclude<keyof TrendPoint, 'sessionId' | 'at' | 'n'>;

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * One point per session, oldest first: the mean of each subscale over the
 * session's valid GCQ-S ratings, and the mean of each alliance dimension over
 * the ratings that have it. Invalid ratings are left out of the GCQ means.
 */
export function groupTrend(measures: GroupMeasure[], mapping: GcqMapping = GCQ_MAPPING): TrendPoint[] {
  const bySession = new Map<Id, GroupMeasure[]>();
  for (const m of measures) bySession.set(m.sessionId, [...(bySession.get(m.sessionId) ?? []), m]);
  const points: TrendPoint[] = [];
  for (const [sessionId, ms] of bySession) {
    const scored = ms.map((m) => scoreGcq(m.gcq, mapping)).filter((s) => s.valid);
    const sub = (k: GcqSubscale) => mean(scored.map((s) => s.scores[k]).filter((x): x is number => x !== null));
    const ali = (k: AllianceDimension) =>
      mean(ms.map((m) => m.alliance[k]).filter((x): x is number => isRating(x, ALLIANCE_MIN, ALLIANCE_MAX)));
    points.push({
      sessionId,
      at: Math.min(...ms.map((m) => m.at)),
      n: scored.length,
      engaged: sub('engaged'),
      avoiding: sub('avoiding'),
      conflict: sub('conflict'),
      goal: ali('goal'),
      task: ali('task'),
      bond: ali('bond'),
    });
  }
  return points.sort((a, b) => a.at - b.at);
}
