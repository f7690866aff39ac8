import { t, type LabelKey } from '../util/i18n';
import type { CategoryCode, CustomCategory } from './types';

/**
 * Marker categories. The first four families are the obstacles of moving a
 * group from the room to the screen; then alliance and cohesion, risk, the
 * co-leaders' own exchanges, and what detection records by itself.
 * Codes are stable (they are stored); labels are for people.
 */
export interface Family {
  id: string;
  /** The family's name, in the current language. */
  readonly label: string;
  /** A hue for the timeline; text never relies on colour alone. */
  color: string;
  /** One character shown on the hue, so a family reads without colour. */
  mark: string;
}

export interface Category {
  code: CategoryCode;
  family: string;
  /** A built-in category's name in the current language; a custom one's as its author wrote it. */
  readonly label: string;
}

const family = (id: string, label: LabelKey, color: string, mark: string): Family => ({
  id,
  get label() {
    return t(label);
  },
  color,
  mark,
});

export const FAMILIES: readonly Family[] = [
  family('general', 'categoryFamily.general', '#6b7280', 'M'),
  family('frame', 'categoryFamily.frame', '#b45309', 'F'),
  family('body', 'categoryFamily.body', '#0f766e', 'B'),
  family('presence', 'categoryFamily.presence', '#7c3aed', 'P'),
  family('background', 'categoryFamily.background', '#2563eb', 'S'),
  family('alliance', 'categoryFamily.alliance', '#15803d', 'A'),
  family('risk', 'categoryFamily.risk', '#b91c1c', '!'),
  family('coleader', 'categoryFamily.coleader', '#a16207', 'C'),
  family('auto', 'categoryFamily.auto', '#64748b', 'N'),
  family('signal', 'categoryFamily.signal', '#0e7490', 'L'),
  family('custom', 'categoryFamily.custom', '#be185d', 'Y'),
];

const c = (family: string, slug: string, label: LabelKey): Category => ({
  code: `${family}.${slug}`,
  family,
  get label() {
    return t(label);
  },
});

export const BUILT_IN: readonly Category[] = [
  c('general', 'mark', 'categoryText.generalMark'),
  c('frame', 'late', 'categoryText.frameLate'),
  c('frame', 'interruption', 'categoryText.frameInterruption'),
  c('frame', 'privacy', 'categoryText.framePrivacy'),
  c('frame', 'connection', 'categoryText.frameConnection'),
  c('frame', 'place', 'categoryText.framePlace'),
  c('body', 'face', 'categoryText.bodyFace'),
  c('body', 'checkin', 'categoryText.bodyCheckin'),
  c('body', 'closer', 'categoryText.bodyCloser'),
  c('body', 'away', 'categoryText.bodyAway'),
  c('presence', 'distracted', 'categoryText.presenceDistracted'),
  c('presence', 'disclosure', 'categoryText.presenceDisclosure'),
  c('presence', 'rupture', 'categoryText.presenceRupture'),
  c('presence', 'repair', 'categoryText.presenceRepair'),
  c('presence', 'imagine', 'categoryText.presenceImagine'),
  c('background', 'seen', 'categoryText.backgroundSeen'),
  c('background', 'named', 'categoryText.backgroundNamed'),
  c('background', 'let-pass', 'categoryText.backgroundLetPass'),
  c('alliance', 'goal', 'categoryText.allianceGoal'),
  c('alliance', 'task', 'categoryText.allianceTask'),
  c('alliance', 'bond', 'categoryText.allianceBond'),
  c('alliance', 'cohesion-up', 'categoryText.allianceCohesionUp'),
  c('alliance', 'cohesion-down', 'categoryText.allianceCohesionDown'),
  c('alliance', 'conflict', 'categoryText.allianceConflict'),
  c('alliance', 'subgroup', 'categoryText.allianceSubgroup'),
  c('risk', 'crisis', 'categoryText.riskCrisis'),
  c('risk', 'dysregulation', 'categoryText.riskDysregulation'),
  c('coleader', 'aloud', 'categoryText.coleaderAloud'),
  c('signal', 'come-in', 'categoryText.signalComeIn'),
  c('signal', 'over-to-you', 'categoryText.signalOverToYou'),
  c('signal', 'talk-aloud', 'categoryText.signalTalkAloud'),
  c('signal', 'time', 'categoryText.signalTime'),
  c('signal', 'tech', 'categoryText.signalTech'),
  c('signal', 'look', 'categoryText.signalLook'),
  c('signal', 'take-this', 'categoryText.signalTakeThis'),
  c('auto', 'joined-late', 'categoryText.autoJoinedLate'),
  c('auto', 'left', 'categoryText.autoLeft'),
  c('auto', 'dropped', 'categoryText.autoDropped'),
];

export const DEFAULT_CATEGORY: CategoryCode = 'general.mark';

/** Built-in categories plus the user's and the clinic's own. */
export function allCategories(custom: readonly CustomCategory[] = []): Category[] {
  return [...BUILT_IN, ...custom.map((x) => ({ code: x.code, family: x.family || 'custom', label: x.label }))];
}

export function categoryLabel(code: CategoryCode, custom: readonly CustomCategory[] = []): string {
  return (
    allCategories(custom).find((x) => x.code === code)?.label ??
    custom.find((x) => x.aliases?.includes(code))?.label ??
    code
  );
}

export function familyOf(code: CategoryCode): Family {
  const id = code.split('.')[0];
  return FAMILIES.find((f) => f.id === id) ?? FAMILIES.find((f) => f.id === 'custom')!;
}

/** Categories a person picks by hand (detection's own are not offered). */
export function pickable(custom: readonly CustomCategory[] = []): Category[] {
  return allCategories(custom).filter((x) => x.family !== 'auto' && x.family !== 'signal');
}
