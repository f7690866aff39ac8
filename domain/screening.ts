/**
 * Pre-group screening for an online group. The usual readiness questions for
 * any group still apply; on top of them come the criteria that speak against
 * meeting online (the leaders cannot help someone settle in the room, nor
 * reach them quickly in a crisis) and those that suggest a person may gain
 * from the distance a screen gives. The form only proposes: a clinician
 * confirms the recommendation or overrides it with a rationale.
 */
import type { Id } from './types';

export type ReadinessAnswer = 'yes' | 'partly' | 'no';
export type CriterionAnswer = 'yes' | 'no';

export type ReadinessKey = 'motivation' | 'tolerateFeelings' | 'attendRegularly' | 'supports' | 'privateSpace';
export type NotOnlineKey = 'acuteCrisis' | 'easilyDysregulated' | 'severeDepressionSuicidal';
export type MayBenefitKey = 'socialAnxiety' | 'dismissiveAvoidant' | 'dissociative' | 'intimacyProblems';

export interface ScreeningAnswers {
  readiness: Partial<Record<ReadinessKey, ReadinessAnswer>>;
  notOnline: Partial<Record<NotOnlineKey, CriterionAnswer>>;
  mayBenefit: Partial<Record<MayBenefitKey, CriterionAnswer>>;
}

export type Recommendation = 'suitable-online' | 'consider-in-person' | 'not-suitable-online' | 'incomplete';

export interface Derived {
  recommendation: Recommendation;
  /** Which answers led here, in plain words, most decisive first. */
  reasons: string[];
}

export interface ScreeningForm {
  id: Id;
  memberId: Id;
  answers: ScreeningAnswers;
  /** What the answers suggest; recomputed whenever they change. */
  derived: Derived;
  /** The clinician agreed with `derived` as it stands. */
  confirmed: boolean;
  /** The clinician's own decision instead of `derived`, and why. */
  override?: { recommendation: Exclude<Recommendation, 'incomplete'>; rationale: string };
  /** Free text from the screening conversation. */
  notes: string;
  screenedAt: number;
  updatedAt: number;
}

export interface Question<K extends string> {
  key: K;
  label: string;
  help?: string;
}

export const READINESS_QUESTIONS: readonly Question<ReadinessKey>[] = [
  { key: 'motivation', label: 'Wants to work on something in a group, not only alone' },
  { key: 'tolerateFeelings', label: 'Can stay present while other members share strong feelings' },
  { key: 'attendRegularly', label: 'Can come to every session and on time for the agreed length of the group' },
  { key: 'supports', label: 'Has people or services to lean on between sessions' },
  {
    key: 'privateSpace',
    label: 'Can join from a quiet room where no one else can listen in',
    help: 'A working device and connection count here too.',
  },
];

export const NOT_ONLINE_CRITERIA: readonly Question<NotOnlineKey>[] = [
  { key: 'acuteCrisis', label: 'In an acute crisis now' },
  {
    key: 'easilyDysregulated',
    label: 'Loses emotional balance quickly and needs help to settle',
    help: 'Calming someone through shared presence in a room is hardly possible over video.',
  },
  { key: 'severeDepressionSuicidal', label: 'Severely depressed, with thoughts of suicide' },
];

export const MAY_BENEFIT_CRITERIA: readonly Question<MayBenefitKey>[] = [
  { key: 'socialAnxiety', label: 'Social anxiety' },
  {
    key: 'dismissiveAvoidant',
    label: 'Keeps others at a distance and downplays needing them (dismissive-avoidant attachment)',
  },
  { key: 'dissociative', label: 'Dissociative symptoms' },
  { key: 'intimacyProblems', label: 'Difficulty with closeness that in-person groups have not shifted' },
];

const short: Record<ReadinessKey | NotOnlineKey | MayBenefitKey, string> = {
  motivation: 'motivation for group work',
  tolerateFeelings: "tolerating other members' feelings",
  attendRegularly: 'attending regularly',
  supports: 'support between sessions',
  privateSpace: 'a private place to join from',
  acuteCrisis: 'acute crisis',
  easilyDysregulated: 'quickly dysregulated',
  severeDepressionSuicidal: 'severe depression with suicidal thoughts',
  socialAnxiety: 'social anxiety',
  dismissiveAvoidant: 'dismissive-avoidant attachment',
  dissociative: 'dissociative symptoms',
  intimacyProblems: 'difficulty with closeness',
};

export const emptyAnswers = (): ScreeningAnswers => ({ readiness: {}, notOnline: {}, mayBenefit: {} });

/**
 * What the answers suggest. Any criterion against online work decides on its
 * own, even with other questions open; otherwise every question must be
 * answered before anything is suggested. Never throws.
 */
export function deriveRecommendation(a: ScreeningAnswers): Derived {
  const against = NOT_ONLINE_CRITERIA.filter((q) => a.notOnline[q.key] === 'yes');
  if (against.length) {
    return {
      recommendation: 'not-suitable-online',
      reasons: against.map((q) => `Speaks against an online group: ${short[q.key]}.`),
    };
  }
  const open = [
    ...READINESS_QUESTIONS.filter((q) => !a.readiness[q.key]),
    ...NOT_ONLINE_CRITERIA.filter((q) => !a.notOnline[q.key]),
    ...MAY_BENEFIT_CRITERIA.filter((q) => !a.mayBenefit[q.key]),
  ];
  if (open.length) {
    return { recommendation: 'incomplete', reasons: open.map((q) => `Not answered yet: ${short[q.key]}.`) };
  }
  const no = READINESS_QUESTIONS.filter((q) => a.readiness[q.key] === 'no');
  const partly = READINESS_QUESTIONS.filter((q) => a.readiness[q.key] === 'partly');
  const benefit = MAY_BENEFIT_CRITERIA.filter((q) => a.mayBenefit[q.key] === 'yes').map(
    (q) => `May gain from the distance of the screen: ${short[q.key]}.`,
  );
  if (no.length) {
    return {
      recommendation: 'not-suitable-online',
      reasons: [...no.map((q) => `The usual group criteria hold online too; not met: ${short[q.key]}.`), ...benefit],
    };
  }
  if (partly.length) {
    return {
      recommendation: 'consider-in-person',
      reasons: [
        ...partly.map((q) => `Only partly in place: ${short[q.key]}; a room may give more holding than a screen.`),
        ...benefit,
      ],
    };
  }
  return {
    recommendation: 'suitable-online',
    reasons: ['Meets the usual group criteria, and nothing speaks against meeting online.', ...benefit],
  };
}

/** The decision that stands: the override when there is one, else the derived one. */
export function finalRecommendation(f: Pick<ScreeningForm, 'derived' | 'override'>): Recommendation {
  return f.override?.recommendation ?? f.derived.recommendation;
}

/**
 * The form with new answers: re-derived, and unconfirmed when the suggestion
 * changed (an agreement was with the old one). An override stays: it was the
 * clinician's own call.
 */
export function withAnswers(f: ScreeningForm, answers: ScreeningAnswers, now: number): ScreeningForm {
  const derived = deriveRecommendation(answers);
  const same = derived.recommendation === f.derived.recommendation;
  return { ...f, answers, derived, confirmed: same && f.confirmed, updatedAt: now };
}

/** Agrees with the derived suggestion. Throws RangeError while the form is incomplete. */
export function confirmDerived(f: ScreeningForm, now: number): ScreeningForm {
  if (f.derived.recommendation === 'incomplete') throw new RangeError('Answer every question before confirming.');
  return { ...f, confirmed: true, override: undefined, updatedAt: now };
}

/** Replaces the suggestion with the clinician's decision. Throws RangeError without a rationale. */
export function overrideDerived(
  f: ScreeningForm,
  recommendation: Exclude<Recommendation, 'incomplete'>,
  rationale: string,
  now: number,
): ScreeningForm {
  if (!rationale.trim()) throw new RangeError('Say why the recommendation is overridden.');
  return { ...f, confirmed: true, override: { recommendation, rationale: rationale.trim() }, updatedAt: now };
}

export const RECOMMENDATION_LABEL: Record<Recommendation, string> = {
  'suitable-online': 'Suitable for an online group',
  'consider-in-person': 'Consider an in-person group',
  'not-suitable-online': 'Not suitable for an online group',
  incomplete: 'Not all questions answered',
};
