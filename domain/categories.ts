import type { CategoryCode, CustomCategory } from './types';

/**
 * Marker categories. The first four families are the obstacles of moving a
 * group from the room to the screen; then alliance and cohesion, risk, the
 * co-leaders' own exchanges, and what detection records by itself.
 * Codes are stable (they are stored); labels are for people.
 */
export interface Family {
  id: string;
  label: string;
  /** A hue for the timeline; text never relies on colour alone. */
  color: string;
  /** One character shown on the hue, so a family reads without colour. */
  mark: string;
}

export interface Category {
  code: CategoryCode;
  family: string;
  label: string;
}

export const FAMILIES: readonly Family[] = [
  { id: 'general', label: 'Moment', color: '#6b7280', mark: 'M' },
  { id: 'frame', label: 'Frame and setting', color: '#b45309', mark: 'F' },
  { id: 'body', label: 'Body and face', color: '#0f766e', mark: 'B' },
  { id: 'presence', label: 'Presence', color: '#7c3aed', mark: 'P' },
  { id: 'background', label: 'Behind the screen', color: '#2563eb', mark: 'S' },
  { id: 'alliance', label: 'Alliance and cohesion', color: '#15803d', mark: 'A' },
  { id: 'risk', label: 'Risk', color: '#b91c1c', mark: '!' },
  { id: 'coleader', label: 'Co-leader exchange', color: '#a16207', mark: 'C' },
  { id: 'auto', label: 'Noticed by Squircle', color: '#64748b', mark: 'N' },
  { id: 'signal', label: 'Signal between leaders', color: '#0e7490', mark: 'L' },
  { id: 'custom', label: 'Your categories', color: '#be185d', mark: 'Y' },
];

const c = (family: string, slug: string, label: string): Category => ({ code: `${family}.${slug}`, family, label });

export const BUILT_IN: readonly Category[] = [
  c('general', 'mark', 'Moment to come back to'),
  c('frame', 'late', 'Arrived late'),
  c('frame', 'interruption', 'Interrupted at home'),
  c('frame', 'privacy', 'Privacy at risk'),
  c('frame', 'connection', 'Connection trouble'),
  c('frame', 'place', 'Joined from an unsuitable place'),
  c('body', 'face', 'Reaction in the face'),
  c('body', 'checkin', 'Body check-in'),
  c('body', 'closer', 'Moved closer to the screen'),
  c('body', 'away', 'Moved away from the screen'),
  c('presence', 'distracted', 'I was distracted'),
  c('presence', 'disclosure', 'Leader self-disclosure'),
  c('presence', 'rupture', 'Empathic failure'),
  c('presence', 'repair', 'Repair'),
  c('presence', 'imagine', 'Invited the group to imagine'),
  c('background', 'seen', 'Someone or something in the background'),
  c('background', 'named', 'Background named aloud'),
  c('background', 'let-pass', 'Background let pass'),
  c('alliance', 'goal', 'Goal'),
  c('alliance', 'task', 'Task'),
  c('alliance', 'bond', 'Bond'),
  c('alliance', 'cohesion-up', 'Cohesion rising'),
  c('alliance', 'cohesion-down', 'Cohesion dropping'),
  c('alliance', 'conflict', 'Conflict'),
  c('alliance', 'subgroup', 'Subgrouping'),
  c('risk', 'crisis', 'Crisis'),
  c('risk', 'dysregulation', 'Dysregulation'),
  c('coleader', 'aloud', 'Said aloud between leaders'),
  c('signal', 'come-in', "Signal: I'd like to come in"),
  c('signal', 'over-to-you', 'Signal: over to you'),
  c('signal', 'talk-aloud', "Signal: let's talk about this aloud"),
  c('signal', 'time', 'Signal: time check'),
  c('signal', 'tech', 'Signal: technical problem'),
  c('signal', 'look', 'Signal: have a look at a tile'),
  c('signal', 'take-this', "Signal: I'll take this one"),
  c('auto', 'joined-late', 'Joined late'),
  c('auto', 'left', 'Left the call'),
  c('auto', 'dropped', 'Connection dropped'),
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
