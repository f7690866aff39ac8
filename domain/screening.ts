/**
 * Pre-group screening for an online group. The usual readiness questions for
 * any group still apply; on top of them come the criteria that speak against
 * meeting online (the leaders cannot help someone settle in the room, nor
 * reach them quickly in a crisis) and those that suggest a person may gain
 * from the distance a screen gives. The form only proposes: a clinician
 * confirms the recommendation or overrides it with a rationale.
 */
import { labelsOf, t, type LabelKey } from '../util/i18n';
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

export type ScreeningKey = ReadinessKey | NotOnlineKey | MayBenefitKey;

/**
 * Why the form suggests what it does, as data: what kind of reason and which answer. The words are the reader's
 * language (`reasonText`), so a form saved in one language reads in another.
 */
export interface Reason {
  kind: 'against' | 'open' | 'notMet' | 'partly' | 'benefit' | 'meets';
  key?: ScreeningKey;
}

export interface Derived {
  recommendation: Recommendation;
  /** Which answers led here, most decisive first. */
  reasons: Reason[];
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
  readonly label: string;
  readonly help?: string;
}

/** A question whose words are read in the current language each time they are shown. */
function question<K extends ScreeningKey>(key: K, label: LabelKey, help?: LabelKey): Question<K> {
  const q: Question<K> = {
    key,
    get label() {
      return t(label);
    },
  };
  if (help) Object.defineProperty(q, 'help', { get: () => t(help), enumerable: true });
  return q;
}

export const READINESS_QUESTIONS: readonly Question<ReadinessKey>[] = [
  question('motivation', 'screeningText.question.motivation'),
  question('tolerateFeelings', 'screeningText.question.tolerateFeelings'),
  question('attendRegularly', 'screeningText.question.attendRegularly'),
  question('supports', 'screeningText.question.supports'),
  question('privateSpace', 'screeningText.question.privateSpace', 'screeningText.question.privateSpaceHelp'),
];

export const NOT_ONLINE_CRITERIA: readonly Question<NotOnlineKey>[] = [
  question('acuteCrisis', 'screeningText.question.acuteCrisis'),
  question(
    'easilyDysregulated',
    'screeningText.question.easilyDysregulated',
    'screeningText.question.easilyDysregulatedHelp',
  ),
  question('severeDepressionSuicidal', 'screeningText.question.severeDepressionSuicidal'),
];

export const MAY_BENEFIT_CRITERIA: readonly Question<MayBenefitKey>[] = [
  question('socialAnxiety', 'screeningText.question.socialAnxiety'),
  question('dismissiveAvoidant', 'screeningText.question.dismissiveAvoidant'),
  question('dissociative', 'screeningText.question.dissociative'),
  question('intimacyProblems', 'screeningText.question.intimacyProblems'),
];

/** Each answer in a few words, for a reason. */
const SHORT: Readonly<Record<ScreeningKey, string>> = labelsOf({
  motivation: 'screeningText.short.motivation',
  tolerateFeelings: 'screeningText.short.tolerateFeelings',
  attendRegularly: 'screeningText.short.attendRegularly',
  supports: 'screeningText.short.supports',
  privateSpace: 'screeningText.short.privateSpace',
  acuteCrisis: 'screeningText.short.acuteCrisis',
  easilyDysregulated: 'screeningText.short.easilyDysregulated',
  severeDepressionSuicidal: 'screeningText.short.severeDepressionSuicidal',
  socialAnxiety: 'screeningText.short.socialAnxiety',
  dismissiveAvoidant: 'screeningText.short.dismissiveAvoidant',
  dissociative: 'screeningText.short.dissociative',
  intimacyProblems: 'screeningText.short.intimacyProblems',
});

/** A reason in plain words, in the current language. */
export function reasonText(r: Reason): string {
  const item = r.key ? SHORT[r.key] : '';
  switch (r.kind) {
    case 'against':
      return t('screeningText.against', { item });
    case 'open':
      return t('screeningText.open', { item });
    case 'notMet':
      return t('screeningText.notMet', { item });
    case 'partly':
      return t('screeningText.partly', { item });
    case 'benefit':
      return t('screeningText.benefit', { item });
    case 'meets':
      return t('screeningText.meets');
  }
}

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
      reasons: against.map((q) => ({ kind: 'against', key: q.key })),
    };
  }
  const open = [
    ...READINESS_QUESTIONS.filter((q) => !a.readiness[q.key]),
    ...NOT_ONLINE_CRITERIA.filter((q) => !a.notOnline[q.key]),
    ...MAY_BENEFIT_CRITERIA.filter((q) => !a.mayBenefit[q.key]),
  ];
  if (open.length) {
    return { recommendation: 'incomplete', reasons: open.map((q) => ({ kind: 'open', key: q.key })) };
  }
  const no = READINESS_QUESTIONS.filter((q) => a.readiness[q.key] === 'no');
  const partly = READINESS_QUESTIONS.filter((q) => a.readiness[q.key] === 'partly');
  const benefit: Reason[] = MAY_BENEFIT_CRITERIA.filter((q) => a.mayBenefit[q.key] === 'yes').map((q) => ({
    kind: 'benefit',
    key: q.key,
  }));
  if (no.length) {
    return {
      recommendation: 'not-suitable-online',
      reasons: [...no.map((q): Reason => ({ kind: 'notMet', key: q.key })), ...benefit],
    };
  }
  if (partly.length) {
    return {
      recommendation: 'consider-in-person',
      reasons: [...partly.map((q): Reason => ({ kind: 'partly', key: q.key })), ...benefit],
    };
  }
  return {
    recommendation: 'suitable-online',
    reasons: [{ kind: 'meets' }, ...benefit],
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
  if (f.derived.recommendation === 'incomplete') throw new RangeError(t('screeningText.answerAll'));
  return { ...f, confirmed: true, override: undefined, updatedAt: now };
}

/** Replaces the suggestion with the clinician's decision. Throws RangeError without a rationale. */
export function overrideDerived(
  f: ScreeningForm,
  recommendation: Exclude<Recommendation, 'incomplete'>,
  rationale: string,
  now: number,
): ScreeningForm {
  if (!rationale.trim()) throw new RangeError(t('screeningText.sayWhy'));
  return { ...f, confirmed: true, override: { recommendation, rationale: rationale.trim() }, updatedAt: now };
}

/** Each recommendation in words, in the current language (what is stored is the recommendation's id). */
export const RECOMMENDATION_LABEL: Readonly<Record<Recommendation, string>> = labelsOf({
  'suitable-online': 'screeningText.suitableOnline',
  'consider-in-person': 'screeningText.considerInPerson',
  'not-suitable-online': 'screeningText.notSuitableOnline',
  incomplete: 'screeningText.incomplete',
});
